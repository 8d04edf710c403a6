/**
 * `npm run bench:notebooks` (the last part of `npm run bench`): what the
 * notebook kernel costs. Each notebook of notebooks/index.json runs twice:
 * executed by nbclient in a fresh tslab kernel, as `npm start` does, and its
 * code cells run in order as one plain TypeScript module (an ES module, so
 * that top-level await works as in a cell) with `tsx`. Both times are wall
 * clock from start to exit, so both include starting their runtime: Python,
 * Jupyter and the kernel for the notebook, Node and tsx for the script.
 * Prints both and their ratio.
 *
 *   tsx scripts/bench-notebooks.ts [--only name] [--runs n]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../src/impute';
import {
  INSTALL_HINT,
  NOTEBOOKS_DIR,
  ROOT,
  executeNotebook,
  findJupyterPython,
  readNotebookIndex,
} from './jupyter';

const { values } = parseArgs({
  options: { only: { type: 'string' }, runs: { type: 'string', default: '1' } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error(`--runs is ${values.runs}; expected a positive integer`);
}

interface Notebook {
  cells: { cell_type: string; source: string | string[] }[];
}

/** The code cells of `file`, joined into one module in their order. */
function asModule(file: string): string {
  const notebook = JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
  return notebook.cells
    .filter((cell) => cell.cell_type === 'code')
    .map((cell, i) => {
      const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
      return `// code cell ${i + 1}\n${source}\n`;
    })
    .join('\n');
}

/** Runs the notebook's cells as a script beside it (so that relative paths hold); returns seconds. */
function runAsScript(file: string): number {
  const script = path.join(path.dirname(file), `.bench-${path.basename(file, '.ipynb')}.mts`);
  fs.writeFileSync(script, asModule(file));
  try {
    const started = performance.now();
    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [script], {
      cwd: path.dirname(file),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0) {
      throw new Error(`${path.basename(file)} as a script failed:\n${result.stderr.trim()}`);
    }
    return seconds;
  } finally {
    fs.rmSync(script, { force: true });
  }
}

function main(): number {
  const python = findJupyterPython();
  if (python === undefined) {
    console.error(INSTALL_HINT);
    return 1;
  }
  const entries = readNotebookIndex().filter(
    (entry) => values.only === undefined || entry.file.startsWith(values.only),
  );
  if (entries.length === 0) {
    console.error(`no notebook in notebooks/index.json starts with '${values.only}'`);
    return 2;
  }
  console.log(`seconds per notebook, wall clock, median of ${runs} run(s)`);
  console.log(
    `${'notebook'.padEnd(28)}${'kernel'.padStart(9)}${'script'.padStart(9)}${'ratio'.padStart(8)}`,
  );
  let [kernelTotal, scriptTotal] = [0, 0];
  for (const { file } of entries) {
    const notebook = path.join(NOTEBOOKS_DIR, file);
    const kernelRuns: number[] = [];
    const scriptRuns: number[] = [];
    for (let run = 0; run < runs; run++) {
      const executed = executeNotebook(python, notebook);
      if (!executed.ok) throw new Error(executed.message);
      kernelRuns.push(executed.seconds);
      scriptRuns.push(runAsScript(notebook));
    }
    const [kernel, script] = [median(kernelRuns), median(scriptRuns)];
    kernelTotal += kernel;
    scriptTotal += script;
    console.log(
      `${file.padEnd(28)}${kernel.toFixed(1).padStart(9)}${script.toFixed(1).padStart(9)}` +
        `${(kernel / script).toFixed(2).padStart(7)}x`,
    );
  }
  console.log(
    `${'all'.padEnd(28)}${kernelTotal.toFixed(1).padStart(9)}${scriptTotal.toFixed(1).padStart(9)}` +
      `${(kernelTotal / scriptTotal).toFixed(2).padStart(7)}x`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
