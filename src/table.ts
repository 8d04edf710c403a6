/**
 * Tables for notebooks: `showTable` draws rows (or a danfo.js DataFrame) as
 * an HTML table, one output of the current tslab cell. Outside a kernel (a
 * script, a test) it prints aligned text instead, so library code can call it
 * anywhere. Numbers are written by `formatNumber` from `./text`, as in charts.
 */
import { displayHtml, isTslabKernel } from './kernel';
import { escapeHtml, formatNumber, shorten } from './text';

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
export interface TableArgs {
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

/**
 * Shows rows (or a danfo.js DataFrame) as an HTML table in the current cell;
 * outside a tslab kernel it prints the table as aligned text.
 */
export function showTable(table: TableInput, options: TableArgs = {}): void {
  if (isTslabKernel() && displayHtml(tableHtml(table, options))) return;
  console.log(tableText(table, options));
}

/** The HTML behind `showTable`, with every header and cell escaped. */
export function tableHtml(table: TableInput, options: TableArgs = {}): string {
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
export function tableText(table: TableInput, options: TableArgs = {}): string {
  const { header, rows, total, shown } = tableLayout(table, options);
  const title = options.title === undefined ? [] : [options.title];
  if (header.length === 0) return [...title, '(empty table)'].join('\n');

  // One long cell could push the other columns off screen.
  const clip = (text: string) => shorten(text, MAX_TEXT_WIDTH);
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

const NUMERIC_STYLE = 'text-align: right; font-variant-numeric: tabular-nums;';
const TEXT_STYLE = 'text-align: left;';

/** Characters a plain-text cell shows at most. */
const MAX_TEXT_WIDTH = 40;

/** Formats a table for output, keeping its first and last rows if it has too many. */
function tableLayout(table: TableInput, options: TableArgs): TableLayout {
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

/** Formats a cell value: numbers by `formatNumber`, nothing for null. */
function formatCell(value: unknown, digits: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value, digits);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value) ?? String(value);
  return String(value);
}
