/**
 * Stratified k-fold splitting: every row is validated exactly once, and each
 * fold keeps the class balance of the whole, so that k models trained on the
 * other folds can be scored on data none of them saw.
 */
import { describeValue } from './check';
import { createRandom, shuffled } from './random';

/** Options of `kFold`. */
export interface KFoldArgs {
  /** Number of folds, an integer of at least 2. Required. */
  folds: number;
  /** Seed of the shuffle: the same seed and labels give the same folds. Required. */
  seed: number;
}

/** The row indices of one fold: it validates on `validation` and trains on the rest. */
export interface Fold {
  /** Every row outside this fold, in shuffled order. */
  train: number[];
  /** The rows of this fold, in shuffled order. */
  validation: number[];
}

/**
 * Splits row indices `0 .. labels.length - 1` into `folds` stratified folds.
 * Every row is in exactly one fold's `validation`; each class is spread over
 * the folds as evenly as it divides (its count differs by at most one row
 * between folds), and fold sizes differ by at most one row, the earlier folds
 * getting the extra rows.
 * Any finite numbers serve as class labels. Every class needs at least one row
 * in every fold, so `folds` may not exceed the row count of the rarest class.
 *
 * @example
 * const folds = kFold(labels, { folds: 5, seed: 42 });
 * folds[0].validation; // about a fifth of the rows, with the class balance of all
 */
export function kFold(labels: ArrayLike<number>, args: KFoldArgs): Fold[] {
  if (typeof args !== 'object' || args === null) {
    throw new Error(
      `kFold: args is ${describeValue(args)}; expected an object such as { folds: 5, seed: 42 }`,
    );
  }
  const { folds, seed } = args;
  if (!Number.isInteger(folds) || folds < 2) {
    throw new Error(`kFold: folds is ${describeValue(folds)}; expected an integer of at least 2`);
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new Error(`kFold: seed is ${describeValue(seed)}; expected a finite number such as 42`);
  }
  const classes = groupByClass(checkLabels(labels));
  const rarest = classes.reduce((a, b) => (b.rows.length < a.rows.length ? b : a));
  if (folds > rarest.rows.length) {
    throw new Error(
      `kFold: folds is ${folds}, but class ${rarest.label} has only ${rarest.rows.length} ` +
        `row${rarest.rows.length === 1 ? '' : 's'}; expected at most ${rarest.rows.length} ` +
        'folds, so that every fold holds every class',
    );
  }

  // Dealing the rows out like cards, one class after the other and without
  // restarting at fold 0 for each class, spreads every class evenly and keeps
  // the fold sizes within one row of each other.
  const random = createRandom(seed);
  const members: number[][] = Array.from({ length: folds }, () => []);
  let dealt = 0;
  for (const { rows } of classes) {
    for (const row of shuffled(rows, random)) members[dealt++ % folds].push(row);
  }
  return members.map((_, f) => ({
    train: shuffled(members.filter((__, other) => other !== f).flat(), random),
    validation: shuffled(members[f], random),
  }));
}

/** Checks that `labels` is a non-empty list of finite numbers and returns them as an array. */
function checkLabels(labels: ArrayLike<number>): number[] {
  const isList =
    Array.isArray(labels) || (ArrayBuffer.isView(labels) && !(labels instanceof DataView));
  if (!isList || labels.length === 0) {
    throw new Error(
      `kFold: labels is ${describeValue(labels)}; expected a non-empty array of class labels`,
    );
  }
  const list = Array.from(labels as ArrayLike<unknown>);
  const bad = list.findIndex((label) => typeof label !== 'number' || !Number.isFinite(label));
  if (bad >= 0) {
    throw new Error(
      `kFold: labels[${bad}] is ${describeValue(list[bad])}; expected a finite number`,
    );
  }
  return list as number[];
}

/**
 * The row indices of each class, classes in ascending order of label. Shared
 * with the learning curve.
 *
 * @internal
 */
export function groupByClass(labels: readonly number[]): { label: number; rows: number[] }[] {
  const rowsByLabel = new Map<number, number[]>();
  labels.forEach((label, row) => {
    const rows = rowsByLabel.get(label) ?? [];
    rows.push(row);
    rowsByLabel.set(label, rows);
  });
  return [...rowsByLabel.entries()]
    .sort(([a], [b]) => a - b)
    .map(([label, rows]) => ({ label, rows }));
}
