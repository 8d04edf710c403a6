/**
 * Loading a labelled CSV file for binary classification: numeric feature
 * columns plus one label column with two classes. Every cell is checked before
 * anything is returned, so a bad file fails at once with an error that names
 * the file, the row and the column, rather than as NaN losses epochs later.
 *
 * Rows in error messages are counted two ways, "row 17 (line 18)": the row is
 * the 1-based data row (the header and blank lines are not rows), the line is
 * the line of the file on which that row starts, as an editor numbers it.
 *
 * The file must be UTF-8 text (a byte-order mark is fine) in a regular file of
 * at most {@link MAX_CSV_BYTES}; UTF-16, binary files, devices and pipes are
 * refused by name. Column names, option names and class names are compared in
 * Unicode normal form NFC, so a name typed on one system matches the same name
 * saved on another. Values quoted in messages are cut to about 60 characters.
 *
 * Missing feature values are an error unless the caller asks to keep them as
 * NaN, to be filled by an imputer fitted on the training rows. A feature column
 * that looks like an id or a row number is loaded but reported with a warning,
 * since a model can learn the file's order from it instead of the data.
 */
import { promises as fs, type Stats } from 'node:fs';
import * as nodePath from 'node:path';
import Papa from 'papaparse';
import type { DataFrame } from 'danfojs-node';
import { describeValue, quoteText } from './check';

/**
 * The largest file {@link loadCsv} reads: 128 MiB. The file is held in memory
 * as bytes, as text and as parsed rows: a 100 MB file of 2.4 million short
 * rows took about 17 s and 2.3 GB of memory to load on a development machine,
 * and Node's default heap (about 4 GB) runs out not far above this limit. A
 * larger file is better sampled or split.
 */
export const MAX_CSV_BYTES = 128 * 2 ** 20;

/** Options for {@link loadCsv}. */
export interface LoadCsvArgs {
  /** Name of the column that holds each row's class. Required. */
  label: string;
  /**
   * The class to encode as 1. Defaults to `1` when the labels are already 0
   * and 1, and otherwise to the later of the two class names in sorted order
   * (numeric order if both are numbers), as scikit-learn's `LabelEncoder` does.
   * For numeric labels a number works too, and matches by value: `1`, `'1'`
   * and `'1.0'` all pick the class written `1`.
   */
  positiveClass?: string | number;
  /**
   * Names of columns to leave out of `features`, such as ids or free text;
   * they stay in `frame`. Defaults to none.
   */
  exclude?: readonly string[];
  /**
   * What a missing feature value (an empty cell, `NA`, `N/A`, `NaN`, `null` or
   * `?`) does: `'error'` rejects the file, naming the column and the first row
   * with a gap; `'keep'` puts NaN in `features` (and in `frame`), to be filled
   * with a `SimpleImputer`. A missing label is an error either way. Defaults
   * to `'error'`.
   */
  missing?: MissingValues;
}

/** What {@link loadCsv} does with a missing feature value; see {@link LoadCsvArgs.missing}. */
export type MissingValues = 'error' | 'keep';

/** A labelled data set read by {@link loadCsv}. */
export interface CsvDataset {
  /** The path the file was loaded from, as given. */
  path: string;
  /** The whole file as a danfo.js data frame, for display and `describe()`. */
  frame: DataFrame;
  /** One array of feature values per data row, in file order. */
  features: number[][];
  /** The class of each row encoded as 0 or 1, aligned with `features`. */
  labels: number[];
  /** Names of the feature columns, in the order of each row of `features`. */
  featureNames: string[];
  /**
   * The class names: `classes[0]` is encoded as 0, `classes[1]` as 1. When
   * every label is a number, labels equal as numbers are one class (`1`, `1.0`
   * and `1e0`; `0` and `-0`), named as first written in the file.
   */
  classes: [string, string];
}

/**
 * Reads a comma-separated file with a header row into numeric features and
 * 0/1 labels. Every column except the label and `exclude` is a feature and
 * must hold a finite number in every row (or be missing, with
 * `missing: 'keep'`). Line ends may be LF, CRLF or a mix of both.
 *
 * Throws an Error naming the file and the problem for a missing, empty,
 * non-regular or too large file (over {@link MAX_CSV_BYTES}), a file that is
 * not UTF-8 text, an unknown label or excluded column, a row with the wrong
 * number of fields, a missing or non-numeric feature value, and a label
 * without exactly two classes.
 *
 * Warns once (console.warn), naming the columns and the `exclude` option that
 * would leave them out, when a feature column looks like an id: its name is
 * `id`, `ID` or `Id` or ends in `_id`, `_ID` or `Id`, or it holds integers
 * that count up by 1 from row to row, like a row number.
 */
export async function loadCsv(path: string, options: LoadCsvArgs): Promise<CsvDataset> {
  const settings = checkOptions(path, options);
  const text = await readText(path);
  const { header, rows } = parseRecords(text, path);
  const columns = describeColumns(header, settings, path);

  const features: number[][] = [];
  const labelTexts: string[] = [];
  for (const row of rows) {
    checkFieldCount(row, header.length, path);
    features.push(
      columns.featureIndices.map((j) => parseFeature(row, j, header[j], settings.missing, path)),
    );
    labelTexts.push(parseLabel(row, columns.labelIndex, settings.label, path));
  }

  const { classes, encode } = chooseClasses(labelTexts, settings, path);
  const labels = labelTexts.map(encode);
  const featureNames = columns.featureIndices.map((j) => header[j]);
  warnAboutIdColumns(featureNames, features, settings, path);
  const frame = await buildFrame(header, rows, columns, features);
  return { path, frame, features, labels, featureNames, classes };
}

/**
 * Says which class each label stands for and how many rows hold it, such as
 * "label 0 = benign (357 rows), label 1 = malignant (212 rows)". Pass a loaded
 * data set, or its classes with the labels of some of its rows.
 *
 * @example
 * describeLabels(data);                                          // every row
 * describeLabels({ classes: data.classes, labels: yTrain });     // the training rows
 */
export function describeLabels(dataset: {
  classes: CsvDataset['classes'];
  labels: ArrayLike<number>;
}): string {
  const { classes, labels } = (dataset ?? {}) as { classes?: unknown; labels?: unknown };
  const isList = (value: unknown): value is ArrayLike<unknown> =>
    Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!Array.isArray(classes) || classes.length !== 2 || !isList(labels)) {
    throw new Error(
      'describeLabels: expected { classes, labels } such as a data set from loadCsv, ' +
        `got ${describeValue(dataset)}`,
    );
  }
  const counts = [0, 0];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label !== 0 && label !== 1) {
      throw new Error(`describeLabels: labels[${i}] is ${describeValue(label)}, expected 0 or 1`);
    }
    counts[label]++;
  }
  const part = (label: 0 | 1): string => {
    const rowCount = `${counts[label]} row${counts[label] === 1 ? '' : 's'}`;
    return `label ${label} = ${shortName(String(classes[label]))} (${rowCount})`;
  };
  return `${part(0)}, ${part(1)}`;
}

/** One record of the file: its fields, its data row (0 for the header) and its first line. */
interface CsvRecord {
  fields: string[];
  row: number;
  line: number;
}

/** Where the label and the features sit among the header's columns. */
interface ColumnRoles {
  labelIndex: number;
  featureIndices: number[];
  excludedIndices: number[];
}

/** The options after checking, with names in NFC and defaults filled in. */
interface Settings {
  label: string;
  exclude: string[];
  positiveClass?: string | number;
  missing: MissingValues;
}

/** A class of the label column: its name (as first written) and every way it is written. */
interface LabelClass {
  name: string;
  spellings: Set<string>;
}

/**
 * Cell texts that mean "no value": what pandas and R write for gaps, plus "?",
 * which the UCI repository's files use. Compared after trimming, ignoring case.
 */
const MISSING_MARKERS = new Set(['', 'na', 'n/a', 'nan', 'null', '?']);

/** A plain decimal number; stricter than `Number()`, which reads "" and "0x1f". */
const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** How many names (classes, columns) an error message lists before "and N more". */
const MAX_LISTED = 10;

/** How many characters of a name an id-column suggestion quotes. */
const NAME_LIMIT = 60;

/** Column names that say "identifier": `id`, `ID`, `Id`, `patient_id`, `SAMPLE_ID`, `sampleId`. */
const ID_LIKE_NAME = /^(?:id|ID)$|(?:_id|_ID|Id)$/;

const MISSING_CHOICES: readonly MissingValues[] = ['error', 'keep'];

/** First bytes of files often mistaken for CSV, and what they are. */
const BINARY_SIGNATURES: readonly { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive, such as an Excel .xlsx workbook' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel .xls workbook' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file; decompress it first' },
];

/** How many bytes the UTF-16 test looks at. */
const ENCODING_SAMPLE_BYTES = 4096;

function fail(path: string, problem: string): Error {
  return new Error(`${path}: ${problem}`);
}

function checkOptions(path: string, options: LoadCsvArgs): Settings {
  if (typeof path !== 'string' || path === '') {
    throw new Error(`loadCsv: path must be a non-empty string, got ${describeValue(path)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw fail(
      path,
      "options must be an object such as { label: 'diagnosis' }, " +
        `got ${describeValue(options)}`,
    );
  }
  const { label, exclude = [], positiveClass, missing = 'error' } = options;
  if (typeof label !== 'string' || label === '') {
    throw fail(path, `options.label must name the label column, got ${describeValue(label)}`);
  }
  if (!Array.isArray(exclude)) {
    throw fail(
      path,
      "options.exclude must be an array of column names such as ['id'], " +
        `got ${describeValue(exclude)}`,
    );
  }
  const badName = exclude.findIndex((name) => typeof name !== 'string');
  if (badName >= 0) {
    throw fail(
      path,
      `options.exclude[${badName}] must be a column name (a string), ` +
        `got ${describeValue(exclude[badName])}`,
    );
  }
  const isNumber = typeof positiveClass === 'number' && Number.isFinite(positiveClass);
  if (positiveClass !== undefined && typeof positiveClass !== 'string' && !isNumber) {
    throw fail(
      path,
      'options.positiveClass must be a class name (a string, or a number for numeric ' +
        `labels), got ${describeValue(positiveClass)}`,
    );
  }
  if (!MISSING_CHOICES.includes(missing)) {
    throw fail(path, `options.missing must be 'error' or 'keep', got ${describeValue(missing)}`);
  }
  return {
    label: label.normalize('NFC'),
    exclude: exclude.map((name) => name.normalize('NFC')),
    positiveClass:
      typeof positiveClass === 'string' ? positiveClass.normalize('NFC') : positiveClass,
    missing,
  };
}

/**
 * Reads the file as UTF-8 text, after checking that it is a regular file of
 * at most {@link MAX_CSV_BYTES}: reading /dev/zero or a pipe would never end,
 * and a huge file would run for minutes before running out of memory or
 * failing with "Invalid string length".
 */
async function readText(path: string): Promise<string> {
  let stats: Stats;
  try {
    stats = await fs.stat(path);
  } catch (error) {
    throw cannotRead(path, error);
  }
  if (!stats.isFile()) {
    throw fail(path, `not a regular file but ${describeFileKind(stats)}; expected a CSV file`);
  }
  if (stats.size > MAX_CSV_BYTES) {
    throw fail(
      path,
      `the file is ${formatSize(stats.size)}, over the ${formatSize(MAX_CSV_BYTES)} ` +
        'that loadCsv reads into memory; load a sample of its rows (such as the first ' +
        '100000) saved as a smaller file',
    );
  }
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    throw cannotRead(path, error);
  }
  return decodeUtf8(bytes, path);
}

function cannotRead(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    // A notebook's working directory is its own folder, so a relative path
    // often resolves somewhere the reader did not expect; say where.
    return fail(path, `file not found (looked for ${nodePath.resolve(path)})`);
  }
  return fail(path, `cannot read the file: ${(error as Error).message}`);
}

function describeFileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  return 'neither a file nor a folder';
}

/** A size in MB (MiB) and in bytes, as in "512.0 MB (536870912 bytes)". */
function formatSize(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB (${bytes} bytes)`;
}

/**
 * Decodes UTF-8, refusing anything else by name: read as UTF-8, UTF-16 or a
 * binary file turns into a header like "��y " and the real problem would be
 * reported as a missing label column.
 */
function decodeUtf8(bytes: Buffer, path: string): string {
  const notText = (what: string): Error =>
    fail(path, `the file is not UTF-8 text: ${what}; save it as CSV in UTF-8`);

  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const order = bytes[0] === 0xff ? 'little' : 'big';
    throw notText(`it starts with the byte-order mark of UTF-16 (${order}-endian)`);
  }
  const signature = BINARY_SIGNATURES.find((known) =>
    known.bytes.every((byte, i) => bytes[i] === byte),
  );
  if (signature !== undefined) {
    throw notText(`it looks like ${signature.what}`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const utf16 = guessUtf16(bytes);
    throw notText(
      utf16 === undefined
        ? `it looks like a binary file (byte ${nul} is a NUL byte)`
        : `it looks like UTF-16 (${utf16}-endian) without a byte-order mark`,
    );
  }
  try {
    // TextDecoder drops a UTF-8 byte-order mark, which would otherwise become
    // part of the first column's name.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // The lenient decoder marks each bad sequence with U+FFFD; its line is
    // where to look (a U+FFFD written in the file itself could come first).
    const text = bytes.toString('utf8');
    const bad = text.indexOf('\uFFFD');
    const line = text.slice(0, Math.max(bad, 0)).split('\n').length;
    throw notText(
      `line ${line} holds bytes that are not valid UTF-8 (Latin-1 and Windows-1252, ` +
        'which older spreadsheet programs write, look like this)',
    );
  }
}

/**
 * 'little' or 'big' when the NUL bytes of the start of the file sit at odd or
 * at even offsets only, as in UTF-16 text that is mostly ASCII; otherwise
 * undefined.
 */
function guessUtf16(bytes: Buffer): 'little' | 'big' | undefined {
  const sample = bytes.subarray(0, ENCODING_SAMPLE_BYTES);
  let evenNuls = 0;
  let oddNuls = 0;
  sample.forEach((byte, i) => {
    if (byte === 0) {
      if (i % 2 === 0) evenNuls++;
      else oddNuls++;
    }
  });
  const pairs = Math.floor(sample.length / 2);
  if (oddNuls >= pairs / 2 && evenNuls === 0) return 'little';
  if (evenNuls >= pairs / 2 && oddNuls === 0) return 'big';
  return undefined;
}

/**
 * Splits the text into records with papaparse, keeping track of the line each
 * record starts on (a quoted field may span lines, so rows and lines differ).
 */
function parseRecords(text: string, path: string): { header: string[]; rows: CsvRecord[] } {
  // papaparse guesses one line end for the whole file from its first line, so
  // a file mixing CRLF and LF would run rows together. Lines count the same
  // after this, since CRLF was one line end.
  const normalised = text.replace(/\r\n?/g, '\n');
  const records: CsvRecord[] = [];
  let offset = 0;
  let line = 1;
  let parseError: Papa.ParseError | undefined;

  Papa.parse<string[]>(normalised, {
    delimiter: ',',
    newline: '\n',
    step: (result, parser) => {
      if (result.errors.length > 0) {
        parseError = result.errors[0];
        parser.abort();
        return;
      }
      const fields = result.data;
      const isBlankLine = fields.length === 1 && fields[0].trim() === '';
      if (!isBlankLine) {
        // The header is record 0, so this is also the 1-based data row.
        records.push({ fields, row: records.length, line });
      }
      line += countLineBreaks(normalised, offset, result.meta.cursor);
      offset = result.meta.cursor;
    },
  });

  if (parseError !== undefined) {
    throw fail(path, `cannot parse the file: ${parseError.message} (line ${line})`);
  }
  if (records.length === 0) {
    throw fail(path, 'the file is empty');
  }
  if (records.length === 1) {
    throw fail(path, 'the file has a header but no data rows');
  }
  const [headerRecord, ...rows] = records;
  const header = headerRecord.fields.map((name) => name.trim().normalize('NFC'));
  return { header, rows };
}

/** The number of "\n" in `text` from `start` up to `end`. */
function countLineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    count++;
  }
  return count;
}

function describeColumns(header: string[], settings: Settings, path: string): ColumnRoles {
  const indexOf = new Map<string, number>();
  header.forEach((name, j) => {
    if (name === '') {
      throw fail(path, `column ${j + 1} of the header has no name`);
    }
    if (indexOf.has(name)) {
      throw fail(path, `column ${quoteText(name)} appears twice in the header`);
    }
    indexOf.set(name, j);
  });

  const found = `columns found: ${listQuoted(header)}`;
  const labelIndex = indexOf.get(settings.label);
  if (labelIndex === undefined) {
    throw fail(path, `no label column ${quoteText(settings.label)}; ${found}`);
  }
  for (const name of settings.exclude) {
    if (!indexOf.has(name)) {
      throw fail(path, `excluded column ${quoteText(name)} is not in the file; ${found}`);
    }
    if (name === settings.label) {
      throw fail(path, `${quoteText(name)} is the label column and cannot also be excluded`);
    }
  }

  const excludedIndices = settings.exclude.map((name) => indexOf.get(name) as number);
  const excluded = new Set(excludedIndices);
  const featureIndices = header
    .map((_, j) => j)
    .filter((j) => j !== labelIndex && !excluded.has(j));
  if (featureIndices.length === 0) {
    throw fail(path, 'no feature columns are left after the label and the excluded columns');
  }
  return { labelIndex, featureIndices, excludedIndices };
}

function where(record: CsvRecord): string {
  return `data row ${record.row} (line ${record.line})`;
}

function checkFieldCount(record: CsvRecord, expected: number, path: string): void {
  const found = record.fields.length;
  if (found !== expected) {
    throw fail(
      path,
      `${where(record)} has ${found} field${found === 1 ? '' : 's'}, ` +
        `expected ${expected} as in the header`,
    );
  }
}

function isMissing(text: string): boolean {
  return MISSING_MARKERS.has(text.trim().toLowerCase());
}

function parseFeature(
  record: CsvRecord,
  column: number,
  name: string,
  missing: MissingValues,
  path: string,
): number {
  const text = record.fields[column];
  if (isMissing(text)) {
    if (missing === 'keep') return Number.NaN;
    const problem = `has a missing value at ${where(record)}: ${quoteText(text)}`;
    const remedy = "to load gaps as NaN and fill them with a SimpleImputer, pass missing: 'keep'";
    throw fail(path, `column ${quoteText(name)} ${problem}; ${remedy}`);
  }
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!DECIMAL_NUMBER.test(trimmed) || !Number.isFinite(value)) {
    const problem = `is not numeric: ${where(record)} holds ${quoteText(text)}`;
    throw fail(path, `column ${quoteText(name)} ${problem}`);
  }
  return value;
}

function parseLabel(record: CsvRecord, column: number, name: string, path: string): string {
  const text = record.fields[column];
  if (isMissing(text)) {
    const problem = `has a missing value at ${where(record)}: ${quoteText(text)}`;
    throw fail(path, `label column ${quoteText(name)} ${problem}`);
  }
  return text.trim().normalize('NFC');
}

/**
 * Groups the labels into classes and decides which is 0 and which is 1; see
 * {@link LoadCsvArgs.positiveClass}. When every label is a finite decimal
 * number, labels are grouped by value (as pandas would read the column), so
 * "1" and "1.0" are one class; otherwise by their exact text.
 */
function chooseClasses(
  labelTexts: string[],
  settings: Settings,
  path: string,
): { classes: [string, string]; encode: (text: string) => number } {
  const numeric = labelTexts.every(
    (text) => DECIMAL_NUMBER.test(text) && Number.isFinite(Number(text)),
  );
  // Map keys compare -0 and 0 as equal, so "-0" joins "0".
  const keyOf = (text: string): string | number => (numeric ? Number(text) : text);
  const byKey = new Map<string | number, LabelClass>();
  for (const text of labelTexts) {
    const key = keyOf(text);
    const known = byKey.get(key);
    if (known === undefined) {
      byKey.set(key, { name: text, spellings: new Set([text]) });
    } else {
      known.spellings.add(text);
    }
  }
  const found = [...byKey.entries()];
  const foundText = listClasses(found.map(([, labelClass]) => labelClass));
  if (found.length !== 2) {
    throw fail(
      path,
      `label column ${quoteText(settings.label)} must hold exactly two classes, ` +
        `found ${found.length}: ${foundText}`,
    );
  }

  // Numeric order keeps "0"/"1" (and "0.0"/"1.0") as they are and puts "9"
  // before "10"; otherwise code-unit order, not localeCompare, so that the
  // encoding does not depend on the machine's locale.
  const [first, second] = found;
  const inOrder = numeric
    ? (first[0] as number) < (second[0] as number)
    : first[1].name < second[1].name;
  const [[keyA, a], [keyB, b]] = inOrder ? [first, second] : [second, first];
  let positiveKey = keyB;
  const wanted = settings.positiveClass;
  if (wanted !== undefined) {
    const isNumber = typeof wanted === 'number' || DECIMAL_NUMBER.test(wanted);
    positiveKey = numeric && isNumber ? Number(wanted) : String(wanted);
    if (!byKey.has(positiveKey)) {
      throw fail(
        path,
        `positiveClass ${describeValue(wanted)} is not a class of column ` +
          `${quoteText(settings.label)}; classes found: ${foundText}`,
      );
    }
  }
  const classes: [string, string] = positiveKey === keyA ? [b.name, a.name] : [a.name, b.name];
  return { classes, encode: (text) => (keyOf(text) === positiveKey ? 1 : 0) };
}

/** Classes for a message, `"1" (also written "1.0"), "0"`, cut after {@link MAX_LISTED}. */
function listClasses(found: readonly LabelClass[]): string {
  const describe = ({ name, spellings }: LabelClass): string => {
    const others = [...spellings].filter((spelling) => spelling !== name);
    return others.length === 0
      ? quoteText(name)
      : `${quoteText(name)} (also written ${listQuoted(others, 3)})`;
  };
  const listed = found.slice(0, MAX_LISTED).map(describe).join(', ');
  return found.length > MAX_LISTED ? `${listed} and ${found.length - MAX_LISTED} more` : listed;
}

/** Names in double quotes, each cut short, the list cut after `max`: `"a", "b" and 7 more`. */
function listQuoted(names: readonly string[], max = MAX_LISTED): string {
  const listed = names.slice(0, max).map(quoteText).join(', ');
  return names.length > max ? `${listed} and ${names.length - max} more` : listed;
}

/** A name cut to {@link NAME_LIMIT} characters, for text that is not a quoted value. */
function shortName(name: string): string {
  return name.length > NAME_LIMIT ? `${name.slice(0, NAME_LIMIT)}…` : name;
}

/**
 * Warns once about every feature column that looks like an id (see
 * {@link loadCsv}), suggesting the `exclude` option that leaves them out.
 */
function warnAboutIdColumns(
  featureNames: string[],
  features: number[][],
  settings: Settings,
  path: string,
): void {
  const suspects: { name: string; reason: string }[] = [];
  featureNames.forEach((name, k) => {
    const reasons: string[] = [];
    if (ID_LIKE_NAME.test(name)) {
      reasons.push('its name');
    }
    const values = features.map((row) => row[k]);
    if (countsUpByOne(values)) {
      reasons.push(`its values count up by 1, from ${values[0]} to ${values[values.length - 1]}`);
    }
    if (reasons.length > 0) {
      suspects.push({ name, reason: reasons.join(' and ') });
    }
  });
  if (suspects.length === 0) return;

  const listed = suspects
    .slice(0, MAX_LISTED)
    .map(({ name, reason }) => `${quoteText(name)} (${reason})`);
  const exclude = [...settings.exclude, ...suspects.map(({ name }) => name)];
  const quoted = exclude
    .slice(0, MAX_LISTED)
    .map((name) => `'${shortName(name).replace(/[\\']/g, '\\$&')}'`)
    .join(', ');
  const moreNames = exclude.length > MAX_LISTED ? `, ... ${exclude.length - MAX_LISTED} more` : '';
  let what: string;
  if (suspects.length === 1) {
    what = `column ${listed[0]} looks like an id rather than a feature; if it is one, leave it`;
  } else {
    const more = suspects.length - listed.length;
    const last = more > 0 ? `${more} more` : listed.pop();
    what =
      `columns ${listed.join(', ')} and ${last} ` +
      'look like ids rather than features; if they are, leave them';
  }
  console.warn(`${path}: ${what} out with exclude: [${quoted}${moreNames}]`);
}

/** True for integers that go up by exactly 1 from each row to the next, like row numbers. */
function countsUpByOne(values: readonly number[]): boolean {
  return (
    values.length >= 2 &&
    Number.isSafeInteger(values[0]) &&
    Number.isSafeInteger(values[0] + values.length) &&
    values.every((x, i) => x === values[0] + i)
  );
}

/**
 * Builds the danfo.js frame. danfojs-node is imported here rather than at the
 * top because importing it takes most of a second, which callers that only
 * need the arrays (and every error path) should not pay.
 */
async function buildFrame(
  header: string[],
  rows: CsvRecord[],
  columns: ColumnRoles,
  features: number[][],
): Promise<DataFrame> {
  const { DataFrame } = await import('danfojs-node');
  // Feature cells come from the parsed values, so a kept gap is NaN (which
  // danfo counts as missing), not the 0 that Number("") would give.
  const featurePosition = new Map(columns.featureIndices.map((j, k) => [j, k]));
  // Excluded columns are shown as numbers only when every cell is one, so an
  // id column sorts and describes as numbers but free text stays text.
  const numericExcluded = new Set(
    columns.excludedIndices.filter((j) =>
      rows.every((row) => DECIMAL_NUMBER.test(row.fields[j].trim())),
    ),
  );
  const data = rows.map((row, i) =>
    row.fields.map((text, j) => {
      const k = featurePosition.get(j);
      if (k !== undefined) return features[i][k];
      return numericExcluded.has(j) ? Number(text.trim()) : text.trim();
    }),
  );
  return new DataFrame(data, { columns: header });
}
