/**
 * The notebooks as a reader meets them: committed without outputs, listed in
 * reading order, and each running top to bottom in a fresh tslab kernel.
 * A failing cell fails the test with the notebook, the cell number and the
 * cell's own error text.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  INSTALL_HINT,
  NOTEBOOKS_DIR,
  ROOT,
  executeNotebook,
  findJupyterPython,
  readNotebookIndex,
} from '../scripts/jupyter';

interface Notebook {
  cells: { cell_type: string; outputs?: unknown[]; execution_count?: number | null }[];
  metadata: { kernelspec?: { name?: string } };
}

const FIXTURES = path.join(ROOT, 'test', 'notebooks');
const notebookFiles = fs.readdirSync(NOTEBOOKS_DIR).filter((f) => f.endsWith('.ipynb'));

function readNotebook(file: string): Notebook {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
}

function requireJupyter(): string {
  const python = findJupyterPython();
  if (python === undefined) assert.fail(INSTALL_HINT);
  return python;
}

describe('committed notebooks', () => {
  test('there is at least one notebook and index.json lists each, in reading order', () => {
    assert.ok(notebookFiles.length > 0);
    const listed = readNotebookIndex().map((entry) => entry.file);
    assert.deepEqual([...listed].sort(), [...notebookFiles].sort());
    readNotebookIndex().forEach((entry) => assert.ok(entry.summary.length > 20, entry.file));
  });

  for (const file of [
    ...notebookFiles.map((f) => path.join(NOTEBOOKS_DIR, f)),
    ...fs.readdirSync(FIXTURES).map((f) => path.join(FIXTURES, f)),
  ]) {
    test(`${path.relative(ROOT, file)} carries no outputs and uses the tslab kernel`, () => {
      const notebook = readNotebook(file);
      const withOutputs = notebook.cells
        .map((cell, i) => ({ cell, number: i + 1 }))
        .filter(({ cell }) => (cell.outputs ?? []).length > 0 || (cell.execution_count ?? null) !== null)
        .map(({ number }) => number);
      assert.deepEqual(withOutputs, [], `cells with outputs: ${withOutputs.join(', ')}; clear them before committing`);
      assert.equal(notebook.metadata.kernelspec?.name, 'tslab');
    });
  }
});

describe('notebooks run top to bottom in a fresh kernel', () => {
  for (const file of notebookFiles) {
    test(file, () => {
      const python = requireJupyter();
      const html = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dl-workbook-nb-')), 'out.html');
      const result = executeNotebook(python, path.join(NOTEBOOKS_DIR, file), { html });
      assert.ok(result.ok, result.message);
      const page = fs.readFileSync(html, 'utf8');
      assert.ok(page.includes('Plotly.newPlot'), 'the executed page draws its charts');
    });
  }
});

describe('a failing notebook is reported precisely', () => {
  test('a runtime error names the notebook, the cell and the message, and writes nothing', () => {
    const python = requireJupyter();
    const html = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dl-workbook-nb-')), 'out.html');
    const result = executeNotebook(python, path.join(FIXTURES, 'fails-on-purpose.ipynb'), { html });
    assert.equal(result.ok, false);
    assert.match(result.message, /fails-on-purpose\.ipynb failed at cell 3 \(code cell 2\)/);
    assert.match(result.message, /deliberate failure: total is 6, not 7/);
    assert.equal(fs.existsSync(html), false);
  });

  test('a type error names the cell and the line:column of the error', () => {
    const python = requireJupyter();
    const result = executeNotebook(python, path.join(FIXTURES, 'type-error.ipynb'));
    assert.equal(result.ok, false);
    assert.match(result.message, /type-error\.ipynb failed at cell 3 \(code cell 2\)/);
    assert.match(result.message, /1:7 - Type 'string' is not assignable to type 'number'/);
  });
});

describe('without Jupyter', () => {
  for (const command of ['build', 'lab']) {
    test(`npm ${command === 'build' ? 'start' : 'run lab'} says how to install it and fails`, () => {
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/notebooks.ts', command], {
        cwd: ROOT,
        env: { ...process.env, JUPYTER_PYTHON: '/nonexistent/python3' },
        encoding: 'utf8',
      });
      assert.equal(result.status, 1);
      assert.equal(result.stderr, `${INSTALL_HINT}\n`);
      assert.match(result.stderr, /pip install jupyterlab/);
      assert.match(result.stderr, /apt-get install jupyter-notebook/);
    });
  }
});
