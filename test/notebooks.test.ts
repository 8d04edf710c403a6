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
import { chromiumHint, findChromium, inspectPage, withBrowser } from '../scripts/browser';
import { browserSkip, chromium } from './support/browser';

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
        .filter(
          ({ cell }) => (cell.outputs ?? []).length > 0 || (cell.execution_count ?? null) !== null,
        )
        .map(({ number }) => number);
      assert.deepEqual(
        withOutputs,
        [],
        `cells with outputs: ${withOutputs.join(', ')}; clear them before committing`,
      );
      assert.equal(notebook.metadata.kernelspec?.name, 'tslab');
    });
  }
});

/** Executes a notebook into a temporary HTML page and returns the page's path. */
function executeToHtml(notebook: string): string {
  const python = requireJupyter();
  const html = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dl-workbook-nb-')), 'page.html');
  const result = executeNotebook(python, notebook, { html });
  assert.ok(result.ok, result.message);
  return html;
}

describe('notebooks run top to bottom in a fresh kernel, and their pages draw every chart', () => {
  for (const file of notebookFiles) {
    const pages: string[] = [];
    test(file, () => {
      const html = executeToHtml(path.join(NOTEBOOKS_DIR, file));
      const page = fs.readFileSync(html, 'utf8');
      // plotly.js is inlined once per page, not once per chart.
      assert.equal(page.split('<script data-library="plotly.js">').length - 1, 1);
      pages.push(html);
    });

    test(
      `${file} in Chromium: every chart drew all its traces, and the console stayed clean`,
      { skip: browserSkip },
      async () => {
        assert.equal(pages.length, 1, 'the notebook ran');
        const report = await withBrowser(chromium!, (browser) => inspectPage(browser, pages[0]));
        assert.deepEqual(report.errors, []);
        assert.ok(report.plots.length > 0, 'the page has charts');
        for (const plot of report.plots) {
          assert.ok(plot.traces > 0, `${plot.id} has traces`);
          assert.equal(plot.drawnTraces, plot.traces, `${plot.id}: drawn traces`);
        }
        fs.rmSync(path.dirname(pages[0]), { recursive: true, force: true });
      },
    );
  }
});

describe('text from data is escaped everywhere', () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const pages: string[] = [];
  test('a notebook showing a CSV with HTML-like names runs', () => {
    pages.push(executeToHtml(path.join(FIXTURES, 'hostile-names.ipynb')));
  });

  test(
    'in Chromium the names show as text in the table and every chart, and no script runs',
    { skip: browserSkip },
    async () => {
      assert.equal(pages.length, 1, 'the notebook ran');
      const report = await withBrowser(chromium!, (browser) => inspectPage(browser, pages[0]));
      assert.deepEqual(report.errors, [], 'no alert, no console error');
      assert.ok(report.text.includes(hostile), 'the table shows the column name as text');
      assert.equal(report.plots.length, 3);
      for (const plot of report.plots) {
        assert.equal(plot.drawnTraces, plot.traces, `${plot.id}: drawn traces`);
        assert.ok(
          plot.text.includes(hostile) || plot.text.includes('<script>alert(2)</script>'),
          `${plot.id}: ${plot.text.slice(0, 200)}`,
        );
      }
      fs.rmSync(path.dirname(pages[0]), { recursive: true, force: true });
    },
  );
});

describe('the chart gallery draws one chart of every figure builder', () => {
  const pages: string[] = [];
  test('the chart gallery notebook runs', () => {
    pages.push(executeToHtml(path.join(FIXTURES, 'chart-gallery.ipynb')));
  });

  // Parallel coordinates draw their lines with WebGL: where Chromium has none,
  // plotly writes a notice instead, and the chart shows no traces drawn.
  test(
    'in Chromium every gallery chart drew all its traces, and the console stayed clean',
    { skip: browserSkip },
    async () => {
      assert.equal(pages.length, 1, 'the notebook ran');
      const report = await withBrowser(chromium!, (browser) => inspectPage(browser, pages[0]));
      assert.deepEqual(report.errors, []);
      // decision boundary, loss surface, three search figures, history, bar, confusion matrix, ROC
      assert.equal(report.plots.length, 9);
      for (const plot of report.plots) {
        assert.ok(plot.traces > 0, `${plot.id} has traces`);
        assert.equal(
          plot.drawnTraces,
          plot.traces,
          `${plot.id} (${plot.text.slice(0, 80)}): drawn traces`,
        );
      }
      fs.rmSync(path.dirname(pages[0]), { recursive: true, force: true });
    },
  );
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
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/notebooks.ts', command],
        {
          cwd: ROOT,
          env: { ...process.env, JUPYTER_PYTHON: '/nonexistent/python3' },
          encoding: 'utf8',
        },
      );
      assert.equal(result.status, 1);
      assert.equal(result.stderr, `${INSTALL_HINT}\n`);
      assert.match(result.stderr, /pip install jupyterlab/);
      assert.match(result.stderr, /apt-get install jupyter-notebook/);
    });
  }
});

describe('without Chromium', () => {
  test('a CHROMIUM_PATH that points nowhere is named in the message', () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chrome';
    try {
      assert.equal(findChromium(), undefined);
      assert.equal(
        chromiumHint(),
        'Chromium was not found at CHROMIUM_PATH=/nonexistent/chrome (no such file)',
      );
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});

describe('notebooks/index.json is checked before anything runs', () => {
  function indexError(content: string, files: string[] = ['a.ipynb']): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-workbook-index-'));
    files.forEach((f) => fs.writeFileSync(path.join(dir, f), '{}'));
    fs.writeFileSync(path.join(dir, 'index.json'), content);
    try {
      readNotebookIndex(dir);
      return 'no error';
    } catch (error) {
      return (error as Error).message;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('each kind of mistake is named with the entry', () => {
    assert.match(indexError('[{"file": "a.ipynb",'), /index\.json: cannot be read as JSON/);
    assert.match(indexError('{"file": "a.ipynb"}'), /expected an array of \{ "file"/);
    assert.match(indexError('["a.ipynb"]'), /entry 1 is not an object with file and summary/);
    assert.match(
      indexError('[{"file": "a.ipynb"}]'),
      /entry 1 \(a\.ipynb\): "summary" must be a non-empty string/,
    );
    assert.match(
      indexError('[{"file": "../a.ipynb", "summary": "s"}]'),
      /entry 1: "file" must be the name of a \.ipynb file/,
    );
    assert.match(
      indexError('[{"file": "index.json", "summary": "s"}]'),
      /"file" must be the name of a \.ipynb file/,
    );
    assert.match(
      indexError('[{"file": "a.ipynb", "summary": "s"}, {"file": "a.ipynb", "summary": "t"}]'),
      /entry 2: a\.ipynb is listed twice/,
    );
    assert.match(
      indexError('[{"file": "b.ipynb", "summary": "s"}]'),
      /entry 1: b\.ipynb is not in notebooks\//,
    );
    assert.equal(indexError('[{"file": "a.ipynb", "summary": "s"}]'), 'no error');
  });
});
