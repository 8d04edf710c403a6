/**
 * Stratified splitting of a data set into train, validation and test rows.
 * Each class is divided in the same proportions as the whole, so a rare class
 * is neither missing from a small test set nor crowded into it by chance.
 */
import { createRandom, shuffled } from './random';
import { describeValue, quoteText } from './check';

/** The parts a data set can be split into. */
export type SplitName = 'train' | 'validation' | 'test';

/** The fraction of all rows that goes to each part asked for. */
export type SplitFractions = Partial<Record<SplitName, number>>;

/** Options for {@link stratifiedSplit}. */
export interface StratifiedSplitArgs<F extends SplitFractions> {
  /**
   * The fraction of rows for each part, e.g.
   * `{ train: 0.6, validation: 0.2, test: 0.2 }`. Any of the three names may
   * be left out; each fraction is in (0, 1] and together they sum to 1.
   * Required.
   */
  fractions: F;
  /**
   * Seed of the shuffle, a finite number: the same seed and labels give the
   * same split. Required.
   */
  seed: number;
}

/** The row indices of each part asked for, keyed by part name. */
export type Split<F extends SplitFractions> = { [K in keyof F & SplitName]: number[] };

/**
 * Splits row indices `0 .. labels.length - 1` into the parts named in
 * `fractions`, every row in exactly one part. Part sizes are the fractions of
 * all rows rounded so they add up; within each part every class appears in
 * the proportion it has overall, give or take a row. Each part's indices come
 * in shuffled order, so a later "take the last rows" (as tfjs's
 * `validationSplit` does) does not pick one end of the file.
 *
 * `labels` may be an array or a typed array (such as a tensor's `dataSync()`).
 * A class that gets no row in some part (one positive among 10 rows split
 * three ways, or either class in a part of one row) is not an error, but the
 * split warns once (console.warn), naming the class and the parts without it,
 * since a metric that needs both classes would fail on those parts.
 */
export function stratifiedSplit<F extends SplitFractions>(
  labels: ArrayLike<number>,
  options: StratifiedSplitArgs<F>,
): Split<F> {
  if (typeof options !== 'object' || options === null) {
    throw new Error(
      'stratifiedSplit: options must be an object such as ' +
        `{ fractions: { train: 0.8, test: 0.2 }, seed: 42 }, got ${describeValue(options)}`,
    );
  }
  const names = checkFractions(options.fractions);
  if (typeof options.seed !== 'number' || !Number.isFinite(options.seed)) {
    throw new Error(
      `stratifiedSplit: options.seed must be a finite number such as 42, ` +
        `got ${describeValue(options.seed)}`,
    );
  }
  const labelList = checkLabels(labels);

  const fractions = names.map((name) => options.fractions[name] as number);
  const partSizes = apportion(labelList.length, fractions);
  names.forEach((name, p) => {
    if (partSizes[p] === 0) {
      throw new Error(
        `stratifiedSplit: part "${name}" (fraction ${fractions[p]}) would get no rows ` +
          `out of ${labelList.length}; use more rows or a larger fraction`,
      );
    }
  });

  const random = createRandom(options.seed);
  const groups = groupByClass(labelList);
  const rowsByClass = groups.map(({ rows }) => shuffled(rows, random));
  const counts = allocate(
    partSizes,
    rowsByClass.map((rows) => rows.length),
  );
  warnAboutMissingClasses(groups, counts, names, partSizes);

  const split: Partial<Record<SplitName, number[]>> = {};
  const taken = rowsByClass.map(() => 0);
  names.forEach((name, p) => {
    const part: number[] = [];
    rowsByClass.forEach((rows, c) => {
      // A loop, not part.push(...rows.slice()): spreading a few hundred
      // thousand arguments overflows the call stack.
      for (let k = taken[c]; k < taken[c] + counts[c][p]; k++) {
        part.push(rows[k]);
      }
      taken[c] += counts[c][p];
    });
    split[name] = shuffled(part, random);
  });
  return split as Split<F>;
}

/**
 * Returns the items of `rows` at `indices`, in the order of `indices`; use it
 * with the parts of {@link stratifiedSplit} on features and labels alike.
 * Both may be arrays or typed arrays.
 */
export function takeRows<T>(rows: ArrayLike<T>, indices: ArrayLike<number>): T[] {
  if (!isArrayLike(rows)) {
    throw new Error(`takeRows: rows must be an array, got ${describeValue(rows)}`);
  }
  if (!isArrayLike(indices)) {
    throw new Error(
      'takeRows: indices must be an array of row indices, such as a part of ' +
        `stratifiedSplit's result, got ${describeValue(indices)}`,
    );
  }
  return Array.from(indices, (index) => {
    if (!Number.isInteger(index) || index < 0 || index >= rows.length) {
      throw new Error(
        `takeRows: index ${describeValue(index)} is out of range for ${rows.length} rows`,
      );
    }
    return rows[index];
  });
}

/** Part names in a fixed order, so the key order of `fractions` cannot change a split. */
const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

/** How far the fractions' sum may be from 1, to allow for decimal fractions like 0.1. */
const SUM_TOLERANCE = 1e-9;

function checkFractions(fractions: SplitFractions): SplitName[] {
  if (typeof fractions !== 'object' || fractions === null || Array.isArray(fractions)) {
    throw new Error(
      'stratifiedSplit: options.fractions must be an object such as { train: 0.8, test: 0.2 }, ' +
        `got ${describeValue(fractions)}`,
    );
  }
  for (const [name, fraction] of Object.entries(fractions)) {
    if (!(SPLIT_NAMES as readonly string[]).includes(name)) {
      throw new Error(
        `stratifiedSplit: unknown part ${quoteText(name)} in fractions; ` +
          `expected some of ${SPLIT_NAMES.join(', ')}`,
      );
    }
    if (typeof fraction !== 'number' || !(fraction > 0 && fraction <= 1)) {
      throw new Error(
        `stratifiedSplit: fraction of "${name}" must be in (0, 1], got ${describeValue(fraction)}`,
      );
    }
  }
  const names = SPLIT_NAMES.filter((name) => fractions[name] !== undefined);
  const sum = names.reduce((total, name) => total + (fractions[name] as number), 0);
  if (names.length === 0 || Math.abs(sum - 1) > SUM_TOLERANCE) {
    // Rounded so that 0.6 + 0.3 reads as 0.9, not 0.8999999999999999.
    const shownSum = Number(sum.toPrecision(12));
    throw new Error(
      `stratifiedSplit: fractions must sum to 1, got ${shownSum} from ${JSON.stringify(fractions)}`,
    );
  }
  return names;
}

/** How many classes a warning about classes missing from parts names before "and N more". */
const MAX_LISTED_CLASSES = 5;

/** True for arrays and typed arrays, the two kinds of list the functions here accept. */
function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** Checks that `labels` is a non-empty list of finite numbers and returns them as an array. */
function checkLabels(labels: ArrayLike<number>): number[] {
  if (!isArrayLike(labels) || labels.length === 0) {
    throw new Error(
      'stratifiedSplit: labels must be a non-empty array (or typed array) of numbers, ' +
        `got ${describeValue(labels)}`,
    );
  }
  const labelList = Array.from(labels as ArrayLike<unknown>);
  const badRow = labelList.findIndex(
    (label) => typeof label !== 'number' || !Number.isFinite(label),
  );
  if (badRow >= 0) {
    const label = labelList[badRow];
    throw new Error(
      `stratifiedSplit: labels[${badRow}] is ${describeValue(label)}, expected a finite number`,
    );
  }
  return labelList as number[];
}

/**
 * Warns once when some class gets no row in some part, naming each such class
 * with its row count and the parts (with their sizes) without it.
 */
function warnAboutMissingClasses(
  groups: readonly { label: number; rows: readonly number[] }[],
  counts: readonly (readonly number[])[],
  names: readonly SplitName[],
  partSizes: readonly number[],
): void {
  const rowCount = partSizes.reduce((sum, size) => sum + size, 0);
  const missing: string[] = [];
  groups.forEach(({ label, rows }, c) => {
    const without = names
      .map((name, p) => ({ name, p }))
      .filter(({ p }) => counts[c][p] === 0)
      .map(({ name, p }) => `"${name}" (${partSizes[p]} row${partSizes[p] === 1 ? '' : 's'})`);
    if (without.length > 0) {
      const parts = without.length === 1 ? `part ${without[0]}` : `parts ${without.join(' and ')}`;
      missing.push(`class ${label} (${rows.length} of ${rowCount} rows) gets no row in ${parts}`);
    }
  });
  if (missing.length === 0) return;

  const listed = missing.slice(0, MAX_LISTED_CLASSES).join('; ');
  const more =
    missing.length > MAX_LISTED_CLASSES ? `; and ${missing.length - MAX_LISTED_CLASSES} more` : '';
  console.warn(
    `stratifiedSplit: ${listed}${more}. A metric that needs both classes will fail on such a ` +
      'part; use more rows, larger fractions for those parts or fewer parts',
  );
}

/** Row indices of each class, classes in ascending order of their label. */
function groupByClass(labels: readonly number[]): { label: number; rows: number[] }[] {
  const rowsByLabel = new Map<number, number[]>();
  labels.forEach((label, row) => {
    const rows = rowsByLabel.get(label);
    if (rows === undefined) {
      rowsByLabel.set(label, [row]);
    } else {
      rows.push(row);
    }
  });
  const classes = [...rowsByLabel.keys()].sort((a, b) => a - b);
  return classes.map((label) => ({ label, rows: rowsByLabel.get(label) as number[] }));
}

/**
 * Decides how many rows of each class go to each part: `counts[c][p]`. Each
 * part but the last takes its size from the classes in proportion to the rows
 * they have left (as scikit-learn's StratifiedShuffleSplit does); the last part
 * takes what remains. Sizes add up exactly and no class gives more than it has.
 */
function allocate(partSizes: number[], classSizes: number[]): number[][] {
  const left = classSizes.slice();
  const counts = classSizes.map(() => partSizes.map(() => 0));
  partSizes.forEach((size, p) => {
    const isLast = p === partSizes.length - 1;
    const shares = isLast ? left.slice() : apportion(size, left);
    shares.forEach((share, c) => {
      counts[c][p] = share;
      left[c] -= share;
    });
  });
  return counts;
}

/**
 * Divides `total` whole units in proportion to `weights` by largest remainder:
 * each gets the floor of its exact share, and the units left over go to the
 * largest fractional parts (ties to the earlier weight). Floating-point noise
 * such as 0.7 * 10 = 7.000000000000001 only shifts remainders slightly, so it
 * cannot add or lose a unit.
 */
function apportion(total: number, weights: readonly number[]): number[] {
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  if (weightSum === 0) {
    return weights.map(() => 0);
  }
  const exact = weights.map((weight) => (total * weight) / weightSum);
  const shares = exact.map(Math.floor);
  let unitsLeft = total - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = exact
    .map((value, i) => ({ i, remainder: value - shares[i] }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (unitsLeft === 0) {
      break;
    }
    shares[i] += 1;
    unitsLeft -= 1;
  }
  return shares;
}
