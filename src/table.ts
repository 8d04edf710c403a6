/**
 * Tables for notebooks: `showTable` draws rows (or a danfo.js DataFrame) as
 * an HTML table, one output of the current tslab cell. Outside a kernel (a
 * script, a test) it prints aligned text instead, so library code can call it
 * anywhere. Numbers are written by `formatNumber` from `./text`, as in charts.
 */
import { describeValue } from './check';
import { displayBundle, isTslabKernel } from './kernel';
import { escapeHtml, formatNumber, jsonText, shorten } from './text';

/** One table row: column name to cell value. */
export type TableRow = Record<string, unknown>;

/**
 * The parts of a danfo.js `DataFrame` (or `Series`) that `showTable` reads,
 * so that this module does not have to load danfo.js.
 */
export interface DataFrameLike {
  /** Column names, in order. */
  columns: readonly (string | number)[];
  /**
   * One array per row for a DataFrame, as long as `columns`; one value per
   * row for a Series.
   */
  values: readonly unknown[];
  /** Row labels, one per row. Defaults to 0, 1, 2, ... */
  index?: readonly (string | number)[];
}

/**
 * What `showTable` accepts: rows (columns in order of first appearance) or a
 * DataFrame. Cells may hold anything: numbers are written by `formatNumber`,
 * a BigInt as its digits, other objects as JSON, and an object JSON cannot
 * write (one that contains itself, say) as "[object]".
 */
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
 * Shows rows (or a danfo.js DataFrame) as an HTML table in the current cell,
 * with the aligned text beside it for text-only viewers; outside a tslab
 * kernel it prints the text. Throws for
 * input that is not a table (see `tableHtml`), in a kernel or not.
 */
export function showTable(table: TableInput, options: TableArgs = {}): void {
  const layout = tableLayout('showTable', table, options);
  const text = layoutText(layout);
  if (isTslabKernel() && displayBundle({ 'text/html': layoutHtml(layout), 'text/plain': text }))
    return;
  console.log(text);
}

/**
 * The HTML behind `showTable`, with every header and cell escaped. Throws,
 * naming the argument, for a table that is neither rows (objects) nor a
 * DataFrame, for a DataFrame whose rows are not as long as its columns, and
 * for options of the wrong kind.
 */
export function tableHtml(table: TableInput, options: TableArgs = {}): string {
  return layoutHtml(tableLayout('tableHtml', table, options));
}

/**
 * The plain-text stand-in for `tableHtml`: aligned columns, numbers to the
 * right. Throws for the same input as `tableHtml`.
 */
export function tableText(table: TableInput, options: TableArgs = {}): string {
  return layoutText(tableLayout('tableText', table, options));
}

interface Cell {
  text: string;
  numeric: boolean;
}

/** A table formatted for output, the same for HTML and text. */
interface TableLayout {
  title: string | undefined;
  /** Column names, after an empty one over the row labels if they are shown. */
  header: string[];
  /** Formatted rows, the row label first if shown; `null` stands for the rows left out. */
  rows: (Cell[] | null)[];
  labelled: boolean;
  total: number;
  shown: number;
}

/** A table read from rows or a DataFrame; rows are read only when shown. */
interface TableSource {
  columns: string[];
  count: number;
  /** The cells of row `i`, one per column. */
  row(i: number): unknown[];
  /** The label of row `i`. */
  label(i: number): unknown;
  /** Whether the labels are just 0, 1, 2, ... */
  defaultLabels: boolean;
}

const NUMERIC_STYLE = 'text-align: right; font-variant-numeric: tabular-nums;';
const TEXT_STYLE = 'text-align: left;';

/** Characters a plain-text cell shows at most. */
const MAX_TEXT_WIDTH = 40;

/** What a table argument has to be, for error messages. */
const TABLE_EXPECTED =
  'expected an array of rows (objects, column name to value) or a danfo.js DataFrame ' +
  '(with columns and values)';

function layoutHtml(layout: TableLayout): string {
  const { header, rows, labelled, total, shown } = layout;
  const caption = layout.title === undefined ? '' : escapeHtml(layout.title);
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

function layoutText(layout: TableLayout): string {
  const { header, rows, total, shown } = layout;
  const title = layout.title === undefined ? [] : [layout.title];
  if (header.length === 0) return [...title, '(empty table)'].join('\n');

  // One long cell could push the other columns off screen.
  const clip = (text: string) => shorten(text, MAX_TEXT_WIDTH);
  const body = rows.filter((row): row is Cell[] => row !== null);
  // A header sits on the side its column's numbers are aligned to.
  const headerRow = header.map((text, i) => ({
    text,
    numeric: body.some((row) => row[i].numeric),
  }));
  // A loop rather than Math.max(...cells), which overflows the stack on long columns.
  const widths = headerRow.map((cell) => clip(cell.text).length);
  for (const row of body) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i], clip(cell.text).length);
    });
  }
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

/** Formats a table for output, keeping its first and last rows if it has too many. */
function tableLayout(caller: string, table: unknown, options: unknown): TableLayout {
  const { title, digits, maxRows, index } = tableArgs(caller, options);
  const source = tableSource(caller, table);
  if (source.columns.length === 0) {
    return { title, header: [], rows: [], labelled: false, total: source.count, shown: 0 };
  }
  const total = source.count;
  const head = total > maxRows ? Math.ceil(maxRows / 2) : total;
  const tail = total > maxRows ? maxRows - head : 0;
  const labelled = index ?? (!source.defaultLabels || total > maxRows);

  const format = (i: number): Cell[] => {
    const cells = source.row(i).map((value) => ({
      text: formatCell(value, digits),
      numeric: typeof value === 'number' || typeof value === 'bigint',
    }));
    if (!labelled) return cells;
    return [{ text: formatCell(source.label(i), digits), numeric: false }, ...cells];
  };
  const rows: (Cell[] | null)[] = [];
  for (let i = 0; i < head; i++) rows.push(format(i));
  if (tail > 0) {
    rows.push(null);
    for (let i = total - tail; i < total; i++) rows.push(format(i));
  }
  return {
    title,
    header: labelled ? ['', ...source.columns] : source.columns,
    rows,
    labelled,
    total,
    shown: head + tail,
  };
}

/** Checks the options of a table function and fills in their defaults. */
function tableArgs(
  caller: string,
  options: unknown,
): { title?: string; digits: number; maxRows: number; index?: boolean } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(
      `${caller}: options is ${describeValue(options)}, expected an object such as ` +
        '{ title, digits, maxRows, index } or nothing',
    );
  }
  const { title, digits = 4, maxRows = 20, index } = options as TableArgs;
  if (title !== undefined && typeof title !== 'string') {
    throw new Error(`${caller}: options.title is ${describeValue(title)}, expected a string`);
  }
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new Error(
      `${caller}: options.digits is ${describeValue(digits)}, expected an integer from 1 to 21`,
    );
  }
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new Error(
      `${caller}: options.maxRows is ${describeValue(maxRows)}, expected an integer >= 1`,
    );
  }
  if (index !== undefined && typeof index !== 'boolean') {
    throw new Error(
      `${caller}: options.index is ${describeValue(index)}, expected true, false or nothing`,
    );
  }
  return { title, digits, maxRows, index };
}

/** Reads rows or a DataFrame, checking its shape; cells are read only when shown. */
function tableSource(caller: string, table: unknown): TableSource {
  if (Array.isArray(table)) return rowsSource(caller, table);
  const frame = table as Partial<DataFrameLike> | null | undefined;
  if (
    frame === null ||
    typeof frame !== 'object' ||
    !Array.isArray(frame.columns) ||
    !Array.isArray(frame.values)
  ) {
    throw new Error(`${caller}: table is ${describeValue(table)}, ${TABLE_EXPECTED}`);
  }
  return frameSource(caller, frame as DataFrameLike);
}

/** Reads an array of row objects, its columns in order of first appearance. */
function rowsSource(caller: string, rows: readonly unknown[]): TableSource {
  // A Set, not columns.includes: a row can have tens of thousands of keys.
  const seen = new Set<string>();
  const columns: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new Error(`${caller}: table[${i}] is ${describeValue(row)}, ${TABLE_EXPECTED}`);
    }
    for (const key of Object.keys(row)) {
      if (seen.has(key)) continue;
      seen.add(key);
      columns.push(key);
    }
  }
  const records = rows as readonly TableRow[];
  return {
    columns,
    count: rows.length,
    row: (i) => columns.map((column) => records[i][column]),
    label: (i) => i,
    defaultLabels: true,
  };
}

/** Reads a DataFrame or Series, whose rows must be as long as its columns. */
function frameSource(caller: string, frame: DataFrameLike): TableSource {
  const { values, index } = frame;
  const columns = frame.columns.map((name: unknown, i) => {
    if (typeof name === 'string' || typeof name === 'number') return String(name);
    throw new Error(
      `${caller}: table.columns[${i}] is ${describeValue(name)}, expected a string or a number`,
    );
  });
  for (let i = 0; i < values.length; i++) {
    const row = values[i];
    const length = Array.isArray(row) ? row.length : 1;
    if (length !== columns.length) {
      throw new Error(
        `${caller}: table.values[${i}] has ${length} ${length === 1 ? 'value' : 'values'}, ` +
          `expected ${columns.length}, one per name in table.columns`,
      );
    }
  }
  if (index !== undefined && (!Array.isArray(index) || index.length !== values.length)) {
    throw new Error(
      `${caller}: table.index is ${describeValue(index)}, expected one label per row of ` +
        `table.values (${values.length}) or nothing`,
    );
  }
  return {
    columns,
    count: values.length,
    // Array.from turns the holes of a sparse row into undefined, which map would skip.
    row: (i) => (Array.isArray(values[i]) ? Array.from(values[i] as unknown[]) : [values[i]]),
    label: (i) => (index === undefined ? i : index[i]),
    defaultLabels: index === undefined || index.every((label, i) => label === i),
  };
}

/**
 * Formats a cell value: numbers by `formatNumber`, a BigInt as its digits,
 * nothing for null, other objects as JSON or "[object]" when JSON cannot
 * write them, a function by its name rather than its source.
 */
function formatCell(value: unknown, digits: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value, digits);
  if (typeof value === 'string') return value;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  }
  if (typeof value === 'object') return jsonText(value) ?? '[object]';
  if (typeof value === 'function') return describeValue(value);
  return String(value);
}
