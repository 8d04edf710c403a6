/**
 * Rendering for notebooks: `show` draws a plotly figure and `showTable` an
 * HTML table as one output of the current tslab cell. Outside a kernel (a
 * script, a test) both print plain text instead, so library code can call
 * them anywhere.
 *
 * plotly.js (4.8 MB) is inlined into the first chart of a kernel session
 * only; every chart's script waits until `window.Plotly` exists, so charts
 * drawn before the library has loaded (JupyterLab renders outputs lazily)
 * still appear. The same outputs work in nbconvert's static HTML, which keeps
 * `text/html` outputs with their scripts.
 */
import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import type { Display } from 'tslab';
import type { Figure, Trace } from './plot';

/** Options for `figureHtml`. */
export interface FigureHtmlOptions {
  /** Inline plotly.js before the chart; needed once per page. Defaults to false. */
  includePlotly?: boolean;
}

/** One table row: column name to cell value. */
export type TableRow = Record<string, unknown>;

/**
 * The parts of a danfo.js `DataFrame` (or `Series`) that `showTable` reads,
 * so that this module does not have to load danfo.js.
 */
export interface DataFrameLike {
  /** Column names, in order. */
  columns: readonly (string | number)[];
  /** One array per row for a DataFrame, one value per row for a Series. */
  values: readonly unknown[];
  /** Row labels. Defaults to 0, 1, 2, ... */
  index?: readonly (string | number)[];
}

/** What `showTable` accepts: rows (columns in order of first appearance) or a DataFrame. */
export type TableInput = readonly TableRow[] | DataFrameLike;

/** Options for `showTable`, `tableHtml` and `tableText`. */
export interface TableOptions {
  /** Caption above the table. Defaults to none. */
  title?: string;
  /** Significant digits of non-integer numbers. Defaults to 4. */
  digits?: number;
  /**
   * Rows shown at most; longer tables show their first and last rows around
   * an ellipsis. Defaults to 20.
   */
  maxRows?: number;
  /**
   * Whether to show the row labels. Defaults to showing them when they are
   * not just 0, 1, 2, ... (as after `describe()`) or when rows are left out.
   */
  index?: boolean;
}

/** Whether this code runs inside a tslab kernel, where `show` can draw. */
export function isTslabKernel(): boolean {
  return kernelDisplay() !== undefined;
}

/**
 * Draws `figure` as one HTML output of the current cell. Outside a tslab
 * kernel it prints the figure's title and traces instead, and never throws.
 */
export function show(figure: Figure): void {
  const display = kernelDisplay();
  if (display !== undefined) {
    const includePlotly = !plotlySent();
    const html = figureHtml(figure, { includePlotly });
    if (sendHtml(display, html)) {
      if (includePlotly) setPlotlySent(true);
      return;
    }
  }
  console.log(figureSummary(figure));
}

/**
 * Forgets that plotly.js was sent, so that the next `show` inlines it again.
 * Call it after clearing all outputs, or after re-running the cell whose
 * chart carried plotly.js, without restarting the kernel: otherwise the page
 * (and the saved notebook) has no copy and later charts wait for it forever.
 */
export function resetPlotly(): void {
  setPlotlySent(false);
}

/**
 * The HTML behind `show`: a div with a fresh id and a script that draws
 * `figure` into it once `window.Plotly` exists, preceded by plotly.js itself
 * if `includePlotly` is set. The figure JSON cannot end the script early,
 * whatever text it holds.
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  const { includePlotly = false } = options;
  const id = `dl-workbook-plot-${randomBytes(8).toString('hex')}`;
  const parts: string[] = [];
  if (includePlotly) {
    parts.push(`<script data-library="plotly.js">\n${plotlySource()}\n</script>`);
  }
  parts.push(`<div id="${id}" class="dl-workbook-plot"></div>`);
  parts.push(`<script>\n${drawScript(id, figure)}\n</script>`);
  return parts.join('\n');
}

/** The plain-text stand-in for a figure: its title and one line per trace. */
export function figureSummary(figure: Figure): string {
  const title = figureTitle(figure);
  const lines = [`Figure: ${title === '' ? '(untitled)' : title}`];
  figure.data.forEach((trace, i) => {
    const name = trace.name === undefined ? `trace ${i + 1}` : unescapePlotlyText(trace.name);
    lines.push(`  ${name}: ${trace.type}, ${traceSize(trace)}`);
  });
  return lines.join('\n');
}

/**
 * Shows rows (or a danfo.js DataFrame) as an HTML table in the current cell;
 * outside a tslab kernel it prints the table as aligned text.
 */
export function showTable(table: TableInput, options: TableOptions = {}): void {
  const display = kernelDisplay();
  if (display !== undefined && sendHtml(display, tableHtml(table, options))) return;
  console.log(tableText(table, options));
}

/** The HTML behind `showTable`, with every header and cell escaped. */
export function tableHtml(table: TableInput, options: TableOptions = {}): string {
  const { header, rows, labelled, total, shown } = tableLayout(table, options);
  const caption = options.title === undefined ? '' : escapeHtml(options.title);
  if (header.length === 0) return `<p>${caption === '' ? '' : `${caption}: `}(empty table)</p>`;
  const out = ['<table class="dl-workbook-table">'];
  if (caption !== '') out.push(`<caption>${caption}</caption>`);
  const headerCells = header.map((text) => `<th>${escapeHtml(text)}</th>`).join('');
  out.push(`<thead><tr>${headerCells}</tr></thead>`, '<tbody>');

  for (const row of rows) {
    if (row === null) {
      out.push(`<tr><td colspan="${header.length}" style="text-align: center;">…</td></tr>`);
      continue;
    }
    const cells = row.map((cell, i) =>
      labelled && i === 0
        ? `<th>${escapeHtml(cell.text)}</th>`
        : `<td style="${cell.numeric ? NUMERIC_STYLE : TEXT_STYLE}">${escapeHtml(cell.text)}</td>`,
    );
    out.push(`<tr>${cells.join('')}</tr>`);
  }
  out.push('</tbody>', '</table>');
  if (shown < total) out.push(`<p>${total} rows, ${total - shown} not shown.</p>`);
  return out.join('\n');
}

/** The plain-text stand-in for `tableHtml`: aligned columns, numbers to the right. */
export function tableText(table: TableInput, options: TableOptions = {}): string {
  const { header, rows, total, shown } = tableLayout(table, options);
  const title = options.title === undefined ? [] : [options.title];
  if (header.length === 0) return [...title, '(empty table)'].join('\n');

  const body = rows.filter((row): row is Cell[] => row !== null);
  // A header sits on the side its column's numbers are aligned to.
  const headerRow = header.map((text, i) => ({
    text,
    numeric: body.some((row) => row[i].numeric),
  }));
  const widths = header.map((_, i) =>
    Math.max(...[headerRow, ...body].map((row) => clip(row[i].text).length)),
  );
  const line = (row: Cell[]) =>
    row
      .map(({ text, numeric }, i) =>
        numeric ? clip(text).padStart(widths[i]) : clip(text).padEnd(widths[i]),
      )
      .join('  ')
      .trimEnd();

  const lines = [...title, line(headerRow), widths.map((width) => '-'.repeat(width)).join('  ')];
  for (const row of rows) lines.push(row === null ? '...' : line(row));
  if (shown < total) lines.push(`(${total} rows, ${total - shown} not shown)`);
  return lines.join('\n');
}

interface Cell {
  text: string;
  numeric: boolean;
}

/** A table formatted for output, the same for HTML and text. */
interface TableLayout {
  /** Column names, after an empty one over the row labels if they are shown. */
  header: string[];
  /** Formatted rows, the row label first if shown; `null` stands for the rows left out. */
  rows: (Cell[] | null)[];
  labelled: boolean;
  total: number;
  shown: number;
}

/** What the tslab kernel puts on `globalThis.__tslab__` before running cells. */
interface TslabHook {
  require?: unknown;
}

const NUMERIC_STYLE = 'text-align: right; font-variant-numeric: tabular-nums;';
const TEXT_STYLE = 'text-align: left;';

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The entities `escapePlotlyText` in `./plot` writes. */
const PLOTLY_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

const PLOTLY_SENT = Symbol.for('dl-workbook.display.plotlySent');

/** plotly.js, read once per process and only when first needed. */
let plotlyCache: string | undefined;

/**
 * Returns tslab's `display` when running in a tslab kernel. The kernel sets
 * `globalThis.__tslab__` before it runs any cell; its `require` returns the
 * kernel's own tslab module. A plain `require('tslab')` could load a second
 * copy (say, a global kernel and a project install), whose `display` throws
 * "Not ready" because only the kernel's copy is wired to the cell. Checking
 * the hook first also keeps scripts from loading tslab's TypeScript compiler.
 */
function kernelDisplay(): Display | undefined {
  const hook = (globalThis as { __tslab__?: TslabHook }).__tslab__;
  if (hook === undefined || typeof hook.require !== 'function') return undefined;
  try {
    const tslab = (hook.require as (id: string) => { display?: Display })('tslab');
    return tslab.display;
  } catch {
    return undefined;
  }
}

/**
 * Sends one HTML output, reporting whether tslab took it: its `display`
 * throws "Not ready" when no cell is running, and the caller then prints
 * text rather than lose the output.
 */
function sendHtml(display: Display, html: string): boolean {
  try {
    display.html(html);
    return true;
  } catch {
    return false;
  }
}

/**
 * The "plotly.js was sent" flag lives on `globalThis`, not in this module:
 * tslab re-runs an edited local module, which would reset a module variable
 * and inline the 4.8 MB library again.
 */
function plotlySent(): boolean {
  return (globalThis as Record<symbol, unknown>)[PLOTLY_SENT] === true;
}

function setPlotlySent(sent: boolean): void {
  (globalThis as Record<symbol, unknown>)[PLOTLY_SENT] = sent;
}

/**
 * plotly.js, made safe to inline: a `</script` anywhere in it would end the
 * element early, so it becomes `<\/script`, which reads the same in JS
 * strings, regexes and comments. Version 4.1.2 has none; this guards updates.
 */
function plotlySource(): string {
  if (plotlyCache === undefined) {
    const source = readFileSync(require.resolve('plotly.js-dist-min'), 'utf8');
    plotlyCache = source.replace(/<\/(script)/gi, '<\\/$1');
  }
  return plotlyCache;
}

/**
 * The script that draws `figure` into the div `id`. It polls for
 * `window.Plotly` with backoff, because the output carrying plotly.js may be
 * rendered after this one; after a few seconds it says so in the div. It
 * stops once the div is gone (its output was cleared).
 */
function drawScript(id: string, figure: Figure): string {
  const config = { responsive: true, displaylogo: false };
  return `(function () {
  var id = ${JSON.stringify(id)};
  var figure = ${scriptJson(figure)};
  var config = ${scriptJson(config)};
  var waited = 0, delay = 20;
  function attempt() {
    var el = document.getElementById(id);
    if (el && window.Plotly) {
      el.textContent = "";
      window.Plotly.newPlot(el, figure.data, figure.layout, config);
      return;
    }
    if (!el && waited > 10000) return;
    if (el && waited > 3000 && !el.textContent) {
      el.textContent = "Waiting for plotly.js, which the first chart of the kernel session " +
        "carries. If that output is gone, run resetPlotly() and re-run this cell.";
    }
    waited += delay;
    setTimeout(attempt, delay);
    delay = Math.min(delay * 2, 1000);
  }
  attempt();
})();`;
}

/**
 * JSON for a <script>: `<`, `>` and `&` become \u escapes (so `</script>`
 * or `<!--` in a string cannot end or change the element), as do U+2028 and
 * U+2029, which older JS engines reject in string literals.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function figureTitle(figure: Figure): string {
  const title = figure.layout.title;
  const text = typeof title === 'string' ? title : title?.text;
  return text === undefined ? '' : unescapePlotlyText(text);
}

/** Describes how much a trace holds: cells of a matrix, else points. */
function traceSize(trace: Trace): string {
  const z = trace.z;
  if (Array.isArray(z) && Array.isArray(z[0])) {
    return `${z.length}×${(z[0] as unknown[]).length} cells`;
  }
  const values = Array.isArray(trace.y) ? trace.y : Array.isArray(trace.x) ? trace.x : [];
  return `${values.length} ${values.length === 1 ? 'point' : 'points'}`;
}

/** Undoes `escapePlotlyText` (and plotly's line breaks) for plain-text output. */
function unescapePlotlyText(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/&(amp|lt|gt);/g, (_, name: string) => PLOTLY_ENTITIES[name]);
}

/** Formats a table for output, keeping its first and last rows if it has too many. */
function tableLayout(table: TableInput, options: TableOptions): TableLayout {
  const { digits = 4, maxRows = 20 } = options;
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new Error(`showTable: options.digits is ${digits}, expected an integer from 1 to 21`);
  }
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new Error(`showTable: options.maxRows is ${maxRows}, expected an integer >= 1`);
  }
  const { columns, values, labels } = tableValues(table);
  const total = values.length;
  const head = total > maxRows ? Math.ceil(maxRows / 2) : total;
  const tail = total > maxRows ? maxRows - head : 0;
  const defaultLabels = labels.every((label, i) => label === i);
  const labelled = options.index ?? (!defaultLabels || total > maxRows);

  const format = (i: number): Cell[] => {
    const cells = values[i].map((value) => ({
      text: formatCell(value, digits),
      numeric: typeof value === 'number',
    }));
    return labelled ? [{ text: formatCell(labels[i], digits), numeric: false }, ...cells] : cells;
  };
  const rows: (Cell[] | null)[] = [];
  for (let i = 0; i < head; i++) rows.push(format(i));
  if (tail > 0) {
    rows.push(null);
    for (let i = total - tail; i < total; i++) rows.push(format(i));
  }
  return {
    header: labelled ? ['', ...columns] : columns,
    rows,
    labelled,
    total,
    shown: head + tail,
  };
}

/** Reads rows or a DataFrame into column names, row values and row labels. */
function tableValues(table: TableInput): {
  columns: string[];
  values: unknown[][];
  labels: unknown[];
} {
  if (Array.isArray(table)) {
    const rows = table as readonly TableRow[];
    const columns: string[] = [];
    for (const row of rows) {
      for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
    }
    return {
      columns,
      values: rows.map((row) => columns.map((column) => row[column])),
      labels: rows.map((_, i) => i),
    };
  }
  const frame = table as DataFrameLike;
  if (!Array.isArray(frame.columns) || !Array.isArray(frame.values)) {
    throw new Error(
      `showTable: got ${Object.prototype.toString.call(table)}, expected an array of rows ` +
        'or a danfo.js DataFrame (with columns and values)',
    );
  }
  const values = frame.values.map((row) => (Array.isArray(row) ? row : [row]));
  return {
    columns: frame.columns.map(String),
    values,
    labels: frame.index !== undefined ? [...frame.index] : values.map((_, i) => i),
  };
}

/** Formats a cell value: numbers to `digits` significant digits, nothing for null. */
function formatCell(value: unknown, digits: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value, digits);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value) ?? String(value);
  return String(value);
}

/** Integers in full up to 15 digits; other numbers to `digits` significant digits. */
function formatNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  // Rounding 123456.7 to 4 digits would print 123500, which reads as exact.
  if (Math.abs(value) >= 10 ** digits && Math.abs(value) < 1e15) return String(Math.round(value));
  return String(Number(value.toPrecision(digits)));
}

/** Shortens long cell text in plain-text tables, where one cell could push the rest off screen. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}
