/**
 * The notebook commands behind npm start and npm run lab.
 *
 *   tsx scripts/notebooks.ts build          execute every notebook, write docs/
 *   tsx scripts/notebooks.ts lab [args]     open JupyterLab (or Notebook) on notebooks/
 *   tsx scripts/notebooks.ts kernel --user  install the tslab kernel for this user
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  INSTALL_HINT,
  NOTEBOOKS_DIR,
  ROOT,
  executeNotebook,
  findJupyterPython,
  hasModules,
  installUserKernel,
  jupyterEnv,
  readNotebookIndex,
  registerKernel,
  type NotebookEntry,
} from './jupyter';
import { escapeHtml } from '../src/text';
import { chromiumHint, exportFigures, findChromium, withBrowser } from './browser';

const DOCS_DIR = path.join(ROOT, 'docs');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!['build', 'lab', 'kernel'].includes(command)) {
    console.error(`unknown command '${command ?? ''}'; expected build, lab or kernel`);
    return 2;
  }
  const python = findJupyterPython();
  if (python === undefined) {
    console.error(INSTALL_HINT);
    return 1;
  }
  switch (command) {
    case 'build':
      return build(python);
    case 'lab':
      return lab(python, rest);
    case 'kernel': {
      const { values } = parseArgs({ args: rest, options: { user: { type: 'boolean' } } });
      if (values.user) return installUserKernel(python);
      registerKernel();
      console.log(`tslab kernel registered in ${path.relative(ROOT, jupyterEnv().JUPYTER_PATH!)}`);
      return 0;
    }
    default:
      return 2;
  }
}

/**
 * Executes every notebook in reading order, exports its charts as PNG where
 * Chromium is installed, and writes docs/ only if all of it succeeds.
 */
async function build(python: string): Promise<number> {
  let entries: NotebookEntry[];
  try {
    entries = readNotebookIndex();
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const unlisted = fs
    .readdirSync(NOTEBOOKS_DIR)
    .filter((file) => file.endsWith('.ipynb') && !entries.some((entry) => entry.file === file));
  if (unlisted.length > 0) {
    console.error(
      `notebooks/index.json does not list ${unlisted.join(', ')}; add each with a summary`,
    );
    return 1;
  }

  const staging = `${DOCS_DIR}.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  // Ctrl-C reaches the notebook runner too, which stops its kernel; the
  // half-built site must go as well.
  const interrupted = () => {
    fs.rmSync(staging, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    const pages: Page[] = [];
    for (const entry of entries) {
      const name = path.basename(entry.file, '.ipynb');
      const notebook = path.join(NOTEBOOKS_DIR, entry.file);
      console.log(`executing notebooks/${entry.file} ...`);
      const title = notebookTitle(notebook);
      const result = executeNotebook(python, notebook, {
        title,
        html: path.join(staging, `${name}.html`),
        ipynb: path.join(staging, `${name}.ipynb`),
      });
      if (!result.ok) {
        console.error(result.message);
        return 1;
      }
      console.log(`  done in ${result.seconds.toFixed(1)} s`);
      pages.push({ href: `${name}.html`, title, summary: entry.summary });
    }
    await exportAllFigures(staging, pages);
    fs.writeFileSync(path.join(staging, 'index.html'), indexPage(pages));
    fs.rmSync(DOCS_DIR, { recursive: true, force: true });
    fs.renameSync(staging, DOCS_DIR);
    console.log(`docs written: ${path.relative(process.cwd(), path.join(DOCS_DIR, 'index.html'))}`);
    return 0;
  } finally {
    process.removeListener('SIGINT', interrupted);
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Opens JupyterLab where it is installed, else the classic Notebook, on notebooks/. */
function lab(python: string, extraArgs: string[]): number {
  const env = registerKernel();
  const app = hasModules(python, ['jupyterlab'])
    ? 'jupyterlab'
    : hasModules(python, ['notebook'])
      ? 'notebook'
      : undefined;
  if (app === undefined) {
    console.error(
      'Neither JupyterLab nor the classic Notebook is installed for ' +
        `${python}.\nInstall one: python3 -m pip install jupyterlab ` +
        '(or on Debian: sudo apt-get install jupyter-notebook)',
    );
    return 1;
  }
  console.log(
    `opening ${app === 'jupyterlab' ? 'JupyterLab' : 'the classic Notebook'} on notebooks/`,
  );
  const result = spawnSync(python, ['-m', app, `--notebook-dir=${NOTEBOOKS_DIR}`, ...extraArgs], {
    stdio: 'inherit',
    env,
  });
  return result.status ?? 1;
}

interface Page {
  href: string;
  title: string;
  summary: string;
}

function notebookTitle(file: string): string {
  let notebook: { cells?: { cell_type: string; source: string | string[] }[] };
  try {
    notebook = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${path.relative(ROOT, file)} is not a valid notebook (${(error as Error).message})`,
    );
  }
  for (const cell of notebook.cells ?? []) {
    if (cell.cell_type !== 'markdown') continue;
    const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    const heading = source.split('\n').find((line) => line.startsWith('# '));
    if (heading) return heading.slice(2).trim();
  }
  return path.basename(file, '.ipynb');
}

function indexPage(pages: Page[]): string {
  const items = pages
    .map(
      (page, i) =>
        `    <li><a href="${escapeHtml(page.href)}">${i + 1}. ${escapeHtml(page.title)}</a>` +
        `<p>${escapeHtml(page.summary)}</p></li>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>dl-workbook</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem;
           line-height: 1.5; color: #222; }
    h1 { margin-bottom: 0.2rem; }
    ol { list-style: none; padding: 0; }
    li { margin: 1.2rem 0; }
    li a { font-size: 1.15rem; font-weight: 600; color: #1f5fa8; text-decoration: none; }
    li p { margin: 0.2rem 0 0; color: #555; }
  </style>
</head>
<body>
  <h1>dl-workbook</h1>
  <p>Deep learning in TypeScript, one runnable notebook at a time. Read them in order.</p>
  <ol>
${items}
  </ol>
</body>
</html>
`;
}

/** Adds PNG copies of the charts (and `<noscript>` images) to every page, where Chromium is installed. */
async function exportAllFigures(staging: string, pages: Page[]): Promise<void> {
  const executable = findChromium();
  if (executable === undefined) {
    console.log(`${chromiumHint()}; the charts are not exported as PNG`);
    return;
  }
  await withBrowser(executable, async (browser) => {
    for (const page of pages) {
      const name = path.basename(page.href, '.html');
      const images = await exportFigures(
        browser,
        path.join(staging, page.href),
        path.join(staging, 'figures', name),
      );
      console.log(`  ${name}: ${images.length} charts exported as PNG to docs/figures/${name}/`);
    }
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
