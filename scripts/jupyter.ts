/**
 * The project's link to Jupyter: finding a Python that has it, registering the
 * tslab kernel in a project-local Jupyter path, and executing notebooks.
 * Used by scripts/notebooks.ts (npm start, npm run lab) and by the tests.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project's root folder. */
export const ROOT = path.resolve(__dirname, '..');
/** Where the notebooks and their reading order (`index.json`) live. */
export const NOTEBOOKS_DIR = path.join(ROOT, 'notebooks');
/** The project-local Jupyter data folder that holds the tslab kernelspec. */
export const JUPYTER_DATA_DIR = path.join(ROOT, '.jupyter');

const TSLAB = path.join(ROOT, 'node_modules', '.bin', 'tslab');

/** One entry of notebooks/index.json, in reading order. */
export interface NotebookEntry {
  /** File name inside notebooks/. */
  file: string;
  /** One line on what the reader learns, shown on the docs index page. */
  summary: string;
}

/** The message printed when no Python with Jupyter is found. */
export const INSTALL_HINT = [
  'Jupyter was not found: no Python here can import nbclient and nbconvert.',
  'Install it with pip:     python3 -m pip install jupyterlab nbclient nbconvert',
  'or, on Debian/Ubuntu:    sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client',
  'If Jupyter lives in another Python, point JUPYTER_PYTHON at that interpreter.',
].join('\n');

/**
 * Returns the first Python that can import nbclient and nbconvert: the one in
 * `JUPYTER_PYTHON` if set, else `python3` on PATH, else Debian's
 * `/usr/bin/python3` (where apt installs Jupyter). Undefined when none can.
 */
export function findJupyterPython(): string | undefined {
  const candidates = process.env.JUPYTER_PYTHON
    ? [process.env.JUPYTER_PYTHON]
    : ['python3', '/usr/bin/python3', 'python'];
  return candidates.find((python) => hasModules(python, ['nbclient', 'nbconvert']));
}

/** Whether `python` can import every module in `modules`. */
export function hasModules(python: string, modules: string[]): boolean {
  const result = spawnSync(python, ['-c', `import ${modules.join(', ')}`], {
    stdio: 'ignore',
    timeout: 30_000,
  });
  return result.status === 0;
}

/**
 * Writes the tslab kernelspec into the project's own Jupyter path (nothing is
 * written to the user's home) and returns the environment that makes Jupyter
 * see it.
 */
export function registerKernel(): NodeJS.ProcessEnv {
  if (!fs.existsSync(TSLAB)) {
    throw new Error(`${TSLAB} not found; run npm ci first`);
  }
  const kernelDir = path.join(JUPYTER_DATA_DIR, 'kernels', 'tslab');
  fs.mkdirSync(kernelDir, { recursive: true });
  const spec = {
    argv: [TSLAB, 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript (tslab)',
    language: 'typescript',
  };
  fs.writeFileSync(path.join(kernelDir, 'kernel.json'), JSON.stringify(spec, null, 2) + '\n');
  return jupyterEnv();
}

/** The environment for Jupyter commands: the project's kernel path first, debugger noise off. */
export function jupyterEnv(): NodeJS.ProcessEnv {
  const inherited = process.env.JUPYTER_PATH;
  return {
    ...process.env,
    JUPYTER_PATH: inherited ? `${JUPYTER_DATA_DIR}${path.delimiter}${inherited}` : JUPYTER_DATA_DIR,
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
  };
}

/** Installs the tslab kernel for the current user (writes under the home folder). */
export function installUserKernel(python: string): number {
  // --user: without it tslab installs system-wide when run as root.
  const result = spawnSync(TSLAB, ['install', '--user', '--python', python, '--binary', TSLAB], {
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

/**
 * The notebooks in reading order, as listed in notebooks/index.json, checked
 * whole before anything runs: an array of `{ file, summary }` naming each
 * notebook of notebooks/ once.
 */
export function readNotebookIndex(dir = NOTEBOOKS_DIR): NotebookEntry[] {
  const file = path.relative(process.cwd(), path.join(dir, 'index.json')) || 'index.json';
  const fail = (problem: string): never => {
    throw new Error(`${file}: ${problem}`);
  };
  let entries: unknown;
  try {
    entries = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
  } catch (error) {
    return fail(`cannot be read as JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(entries)) {
    return fail('expected an array of { "file": "name.ipynb", "summary": "one line" }');
  }
  const seen = new Set<string>();
  entries.forEach((entry: Partial<NotebookEntry> | null, i) => {
    const where = `entry ${i + 1}`;
    if (entry === null || typeof entry !== 'object')
      fail(`${where} is not an object with file and summary`);
    const { file: name, summary } = entry as Partial<NotebookEntry>;
    if (typeof name !== 'string' || !/^[^/\\]+\.ipynb$/.test(name)) {
      fail(
        `${where}: "file" must be the name of a .ipynb file in notebooks/, got ${JSON.stringify(name)}`,
      );
    }
    if (typeof summary !== 'string' || summary.trim() === '') {
      fail(`${where} (${name}): "summary" must be a non-empty string`);
    }
    if (seen.has(name!)) fail(`${where}: ${name} is listed twice`);
    seen.add(name!);
    if (!fs.existsSync(path.join(dir, name!))) fail(`${where}: ${name} is not in notebooks/`);
  });
  return entries as NotebookEntry[];
}

/** What executing one notebook produced. */
export interface ExecutionResult {
  ok: boolean;
  /** On failure: the notebook, the cell number and the cell's error text. */
  message: string;
  seconds: number;
}

/** Options of `executeNotebook`. */
export interface ExecuteArgs {
  /** Where to write the executed notebook as HTML. Defaults to nowhere. */
  html?: string;
  /** Title of the HTML page. Defaults to the notebook's file name. */
  title?: string;
  /** Where to write the executed notebook. Defaults to nowhere. */
  ipynb?: string;
  /** Seconds each cell may take. Defaults to 600. */
  timeout?: number;
}

/** Executes `notebook` top to bottom in a fresh kernel, with the project's kernel registered. */
export function executeNotebook(
  python: string,
  notebook: string,
  options: ExecuteArgs = {},
): ExecutionResult {
  const args = [path.join(ROOT, 'scripts', 'execute_notebook.py'), notebook];
  if (options.html) args.push('--html', options.html);
  if (options.title) args.push('--title', options.title);
  if (options.ipynb) args.push('--ipynb', options.ipynb);
  args.push('--timeout', String(options.timeout ?? 600));

  const started = performance.now();
  const result = spawnSync(python, args, {
    cwd: ROOT,
    env: registerKernel(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  const ok = result.status === 0;
  const message = ok
    ? ''
    : result.stderr.trim() || `${notebook}: execution ended with status ${result.status}`;
  return { ok, message, seconds };
}
