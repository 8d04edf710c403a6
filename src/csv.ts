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
 * Missing feature values are an error unless the caller asks to keep them as
 * NaN, to be filled by an imputer fitted on the training rows. A feature column
 * that looks like an id or a row number is loaded but reported with a warning,
 * since a model can learn the file's order from it instead of the data.
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import Papa from 'papaparse';
import type { DataFrame } from 'danfojs-node';

/** Options for {@link loadCsv}. */
export interface LoadCsvOptions {
  /** Name of the column that holds each row's class. Required. */
  label: string;
  /**
   * The class to encode as 1. Defaults to `1` when the labels are already 0
   * and 1, and otherwise to the later of the two class names in sorted order
   * (numeric order if both are numbers), as scikit-learn's `LabelEncoder` does.
   */
  positiveClass?: string;
  /**
   * Columns to leave out of `features`, such as ids or free text; they stay
   * in `frame`. Defaults to none.
   */
  exclude?: string[];
  /**
   * What a missing feature value (an empty cell, `NA`, `N/A`, `NaN`, `null` or
   * `?`) does: `'error'` rejects the file, naming the column and the first row
   * with a gap; `'keep'` puts NaN in `features` (and in `frame`), to be filled
   * with a `SimpleImputer`. A missing label is an error either way. Defaults
   * to `'error'`.
   */
  missing?: MissingValues;
}

/** What {@link loadCsv} does with a missing feature value; see {@link LoadCsvOptions.missing}. */
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
  /** The class names: `classes[0]` is encoded as 0, `classes[1]` as 1. */
  classes: [string, string];
}

/**
 * Reads a comma-separated file with a header row into numeric features and
 * 0/1 labels. Every column except the label and `exclude` is a feature and
 * must hold a finite number in every row (or be missing, with
 * `missing: 'keep'`).
 *
 * Throws an Error naming the file and the problem for a missing or empty file,
 * an unknown label or excluded column, a row with the wrong number of fields,
 * a missing or non-numeric feature value, and a label without exactly two
 * classes.
 *
 * Warns once (console.warn), naming the columns and the `exclude` option that
 * would leave them out, when a feature column looks like an id: its name is
 * `id`, `ID` or `Id` or ends in `_id`, `_ID` or `Id`, or it holds integers
 * that count up by 1 from row to row, like a row number.
 */
export async function loadCsv(path: string, options: LoadCsvOptions): Promise<CsvDataset> {
  checkOptions(path, options);
  const text = await readText(path);
  const { header, rows } = parseRecords(text, path);
  const columns = describeColumns(header, options, path);

  const missing = options.missing ?? 'error';
  const features: number[][] = [];
  const labelTexts: string[] = [];
  for (const row of rows) {
    checkFieldCount(row, header.length, path);
    features.push(
      columns.featureIndices.map((j) => parseFeature(row, j, header[j], missing, path)),
    );
    labelTexts.push(parseLabel(row, columns.labelIndex, options.label, path));
  }

  const classes = chooseClasses(labelTexts, options, path);
  const labels = labelTexts.map((text) => (text === classes[1] ? 1 : 0));
  const featureNames = columns.featureIndices.map((j) => header[j]);
  warnAboutIdColumns(featureNames, features, options, path);
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
export function describeLabels(dataset: Pick<CsvDataset, 'classes' | 'labels'>): string {
  const counts = [0, 0];
  dataset.labels.forEach((label, i) => {
    if (label !== 0 && label !== 1) {
      throw new Error(`describeLabels: labels[${i}] is ${label}, expected 0 or 1`);
    }
    counts[label]++;
  });
  const part = (label: 0 | 1): string => {
    const rowCount = `${counts[label]} row${counts[label] === 1 ? '' : 's'}`;
    return `label ${label} = ${dataset.classes[label]} (${rowCount})`;
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

/**
 * Cell texts that mean "no value": what pandas and R write for gaps, plus "?",
 * which the UCI repository's files use. Compared after trimming, ignoring case.
 */
const MISSING_MARKERS = new Set(['', 'na', 'n/a', 'nan', 'null', '?']);

/** A plain decimal number; stricter than `Number()`, which reads "" and "0x1f". */
const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** How many class names an error message lists before it cuts the list short. */
const MAX_LISTED_CLASSES = 10;

/** Column names that say "identifier": `id`, `ID`, `Id`, `patient_id`, `SAMPLE_ID`, `sampleId`. */
const ID_LIKE_NAME = /^(?:id|ID)$|(?:_id|_ID|Id)$/;

const MISSING_CHOICES: readonly MissingValues[] = ['error', 'keep'];

function fail(path: string, problem: string): Error {
  return new Error(`${path}: ${problem}`);
}

function checkOptions(path: string, options: LoadCsvOptions): void {
  if (typeof path !== 'string' || path === '') {
    throw new Error(`loadCsv: path must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  if (typeof options?.label !== 'string' || options.label === '') {
    const got = JSON.stringify(options?.label);
    throw fail(path, `options.label must name the label column, got ${got}`);
  }
  if (options.missing !== undefined && !MISSING_CHOICES.includes(options.missing)) {
    const got = JSON.stringify(options.missing);
    throw fail(path, `options.missing must be 'error' or 'keep', got ${got}`);
  }
}

async function readText(path: string): Promise<string> {
  try {
    const text = await fs.readFile(path, 'utf8');
    // A byte-order mark would otherwise become part of the first column's name.
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // A notebook's working directory is its own folder, so a relative path
      // often resolves somewhere the reader did not expect; say where.
      throw fail(path, `file not found (looked for ${nodePath.resolve(path)})`);
    }
    throw fail(path, `cannot read the file: ${(error as Error).message}`);
  }
}

/**
 * Splits the text into records with papaparse, keeping track of the line each
 * record starts on (a quoted field may span lines, so rows and lines differ).
 */
function parseRecords(text: string, path: string): { header: string[]; rows: CsvRecord[] } {
  const records: CsvRecord[] = [];
  let offset = 0;
  let line = 1;
  let parseError: Papa.ParseError | undefined;

  Papa.parse<string[]>(text, {
    delimiter: ',',
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
      line += countLineBreaks(text.slice(offset, result.meta.cursor));
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
  return { header: headerRecord.fields.map((name) => name.trim()), rows };
}

function countLineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function describeColumns(header: string[], options: LoadCsvOptions, path: string): ColumnRoles {
  const seen = new Set<string>();
  header.forEach((name, j) => {
    if (name === '') {
      throw fail(path, `column ${j + 1} of the header has no name`);
    }
    if (seen.has(name)) {
      throw fail(path, `column "${name}" appears twice in the header`);
    }
    seen.add(name);
  });

  const found = `columns found: ${header.map((name) => `"${name}"`).join(', ')}`;
  const labelIndex = header.indexOf(options.label);
  if (labelIndex < 0) {
    throw fail(path, `no label column "${options.label}"; ${found}`);
  }
  const exclude = options.exclude ?? [];
  for (const name of exclude) {
    if (!seen.has(name)) {
      throw fail(path, `excluded column "${name}" is not in the file; ${found}`);
    }
    if (name === options.label) {
      throw fail(path, `"${name}" is the label column and cannot also be excluded`);
    }
  }

  const excludedIndices = exclude.map((name) => header.indexOf(name));
  const featureIndices = header
    .map((_, j) => j)
    .filter((j) => j !== labelIndex && !excludedIndices.includes(j));
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
    const problem = `has a missing value at ${where(record)}: ${JSON.stringify(text)}`;
    const remedy = "to load gaps as NaN and fill them with a SimpleImputer, pass missing: 'keep'";
    throw fail(path, `column "${name}" ${problem}; ${remedy}`);
  }
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!DECIMAL_NUMBER.test(trimmed) || !Number.isFinite(value)) {
    const problem = `is not numeric: ${where(record)} holds ${JSON.stringify(text)}`;
    throw fail(path, `column "${name}" ${problem}`);
  }
  return value;
}

function parseLabel(record: CsvRecord, column: number, name: string, path: string): string {
  const text = record.fields[column];
  if (isMissing(text)) {
    const problem = `has a missing value at ${where(record)}: ${JSON.stringify(text)}`;
    throw fail(path, `label column "${name}" ${problem}`);
  }
  return text.trim();
}

/** Decides which class name is 0 and which is 1; see {@link LoadCsvOptions.positiveClass}. */
function chooseClasses(
  labelTexts: string[],
  options: LoadCsvOptions,
  path: string,
): [string, string] {
  const found = [...new Set(labelTexts)];
  const listed = found.slice(0, MAX_LISTED_CLASSES).map((name) => `"${name}"`).join(', ');
  const foundText =
    found.length > MAX_LISTED_CLASSES ? `${listed}, ... (${found.length} in all)` : listed;
  if (found.length !== 2) {
    throw fail(
      path,
      `label column "${options.label}" must hold exactly two classes, ` +
        `found ${found.length}: ${foundText}`,
    );
  }

  const [a, b] = found;
  if (options.positiveClass !== undefined) {
    if (!found.includes(options.positiveClass)) {
      throw fail(
        path,
        `positiveClass "${options.positiveClass}" is not a class of column ` +
          `"${options.label}"; classes found: ${foundText}`,
      );
    }
    return options.positiveClass === a ? [b, a] : [a, b];
  }
  const bothNumeric = DECIMAL_NUMBER.test(a) && DECIMAL_NUMBER.test(b);
  if (bothNumeric) {
    // Numeric order keeps "0"/"1" (and "0.0"/"1.0") as they are and puts "9" before "10".
    return Number(a) < Number(b) ? [a, b] : [b, a];
  }
  // Code-unit order, not localeCompare, so the encoding does not depend on the machine's locale.
  return a < b ? [a, b] : [b, a];
}

/**
 * Warns once about every feature column that looks like an id (see
 * {@link loadCsv}), suggesting the `exclude` option that leaves them out.
 */
function warnAboutIdColumns(
  featureNames: string[],
  features: number[][],
  options: LoadCsvOptions,
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

  const listed = suspects.map(({ name, reason }) => `"${name}" (${reason})`);
  const exclude = [...(options.exclude ?? []), ...suspects.map(({ name }) => name)];
  const quoted = exclude.map((name) => `'${name.replace(/[\\']/g, '\\$&')}'`).join(', ');
  const what =
    suspects.length === 1
      ? `column ${listed[0]} looks like an id rather than a feature; if it is one, leave it`
      : `columns ${listed.slice(0, -1).join(', ')} and ${listed[listed.length - 1]} ` +
        'look like ids rather than features; if they are, leave them';
  console.warn(`${path}: ${what} out with exclude: [${quoted}]`);
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
