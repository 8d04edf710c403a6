import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kFold } from '../src/folds';

/** `zeros` rows labelled 0, then `ones` rows labelled 1, as in a file sorted by label. */
function sortedLabels(zeros: number, ones: number): number[] {
  return [...Array<number>(zeros).fill(0), ...Array<number>(ones).fill(1)];
}

function countOf(labels: ArrayLike<number>, rows: number[], label: number): number {
  return rows.filter((row) => labels[row] === label).length;
}

const ascending = (rows: number[]) => [...rows].sort((a, b) => a - b);

test('kFold on 10 rows of 6 zeros and 4 ones: 2 folds of 3 zeros and 2 ones', () => {
  const labels = sortedLabels(6, 4);
  const folds = kFold(labels, { folds: 2, seed: 1 });
  assert.equal(folds.length, 2);
  for (const { train, validation } of folds) {
    assert.equal(validation.length, 5);
    assert.equal(countOf(labels, validation, 0), 3);
    assert.equal(countOf(labels, validation, 1), 2);
    // The training rows are exactly the other rows.
    assert.deepEqual(
      ascending([...train, ...validation]),
      Array.from({ length: 10 }, (_, i) => i),
    );
  }
  // Every row is validated exactly once.
  assert.deepEqual(
    ascending(folds.flatMap((fold) => fold.validation)),
    Array.from({ length: 10 }, (_, i) => i),
  );
});

test('kFold with 3 folds deals 6 zeros 2, 2, 2 and 4 ones 2, 1, 1: sizes 4, 3, 3', () => {
  const labels = sortedLabels(6, 4);
  const folds = kFold(labels, { folds: 3, seed: 5 });
  assert.deepEqual(
    folds.map((fold) => fold.validation.length),
    [4, 3, 3],
  );
  assert.deepEqual(
    folds.map((fold) => countOf(labels, fold.validation, 0)),
    [2, 2, 2],
  );
  assert.deepEqual(
    folds.map((fold) => countOf(labels, fold.validation, 1)),
    [2, 1, 1],
  );
  assert.deepEqual(
    folds.map((fold) => fold.train.length),
    [6, 7, 7],
  );
});

test('kFold keeps every class within a row of its share in each fold, for any labels', () => {
  // 50, 30 and 21 rows of classes 7, -1 and 2.5, in a typed array.
  const labels = Float64Array.from([
    ...Array<number>(50).fill(7),
    ...Array<number>(30).fill(-1),
    ...Array<number>(21).fill(2.5),
  ]);
  const folds = kFold(labels, { folds: 5, seed: 3 });
  const sizes = folds.map((fold) => fold.validation.length);
  assert.equal(Math.max(...sizes) - Math.min(...sizes), 1);
  assert.equal(
    sizes.reduce((a, b) => a + b),
    101,
  );
  for (const [label, count] of [
    [7, 50],
    [-1, 30],
    [2.5, 21],
  ]) {
    const perFold = folds.map((fold) => countOf(labels, fold.validation, label));
    perFold.forEach((n) => assert.ok(n === Math.floor(count / 5) || n === Math.ceil(count / 5)));
  }
});

test('kFold is reproducible from its seed and shuffles the rows within each fold', () => {
  const labels = sortedLabels(30, 20);
  const a = kFold(labels, { folds: 5, seed: 11 });
  assert.deepEqual(kFold(labels, { folds: 5, seed: 11 }), a);
  const b = kFold(labels, { folds: 5, seed: 12 });
  assert.notDeepEqual(
    b.map((fold) => ascending(fold.validation)),
    a.map((fold) => ascending(fold.validation)),
  );
  // Not in file order, so that nothing taking the first or last rows picks one class.
  assert.notDeepEqual(a[0].validation, ascending(a[0].validation));
});

test('kFold refuses bad folds, seeds and labels, naming the value and what was expected', () => {
  const labels = sortedLabels(6, 4);
  assert.throws(
    () => kFold(labels, { folds: 1, seed: 0 }),
    /^Error: kFold: folds is 1; expected an integer of at least 2$/,
  );
  assert.throws(
    () => kFold(labels, { folds: 2.5, seed: 0 }),
    /kFold: folds is 2.5; expected an integer of at least 2/,
  );
  assert.throws(
    () => kFold(labels, { folds: 5, seed: 0 }),
    /^Error: kFold: folds is 5, but class 1 has only 4 rows; expected at most 4 folds, so that every fold holds every class$/,
  );
  assert.throws(
    () => kFold(labels, { folds: 2, seed: NaN }),
    /kFold: seed is NaN; expected a finite number such as 42/,
  );
  assert.throws(
    () => kFold([], { folds: 2, seed: 0 }),
    /kFold: labels is an empty array; expected a non-empty array of class labels/,
  );
  assert.throws(
    () => kFold([0, 1, NaN, 1], { folds: 2, seed: 0 }),
    /kFold: labels\[2\] is NaN; expected a finite number/,
  );
  assert.throws(
    () => kFold(labels, undefined as never),
    /kFold: args is undefined; expected an object such as \{ folds: 5, seed: 42 \}/,
  );
});
