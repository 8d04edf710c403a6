import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stratifiedSplit, takeRows } from '../src/split';

/** `ones` rows labelled 1 after `zeros` rows labelled 0. */
function makeLabels(zeros: number, ones: number): number[] {
  return [...Array<number>(zeros).fill(0), ...Array<number>(ones).fill(1)];
}

function countOnes(labels: number[], rows: number[]): number {
  return rows.filter((row) => labels[row] === 1).length;
}

function assertPartition(parts: number[][], rowCount: number): void {
  const all = parts.flat().sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: rowCount }, (_, i) => i));
}

const threeWay = { train: 0.6, validation: 0.2, test: 0.2 };

test('stratifiedSplit divides 30/70 labels in the same proportions in every part', () => {
  const labels = makeLabels(70, 30);
  const split = stratifiedSplit(labels, { fractions: threeWay, seed: 1 });

  // 100 rows: 60/20/20; of the 30 ones, 0.6*30 = 18 and 0.2*30 = 6 and 6.
  assert.equal(split.train.length, 60);
  assert.equal(split.validation.length, 20);
  assert.equal(split.test.length, 20);
  assert.equal(countOnes(labels, split.train), 18);
  assert.equal(countOnes(labels, split.validation), 6);
  assert.equal(countOnes(labels, split.test), 6);
  assertPartition([split.train, split.validation, split.test], 100);
});

test('stratifiedSplit rounds sizes so they add up, within a row of exact', () => {
  // 569 rows with 212 ones, as in the breast cancer data: 341.4 / 113.8 / 113.8 rows.
  const labels = makeLabels(357, 212);
  const split = stratifiedSplit(labels, { fractions: threeWay, seed: 7 });
  const sizes = [split.train.length, split.validation.length, split.test.length];
  assert.deepEqual(sizes, [341, 114, 114]);
  // Ones: 127.2 / 42.4 / 42.4 exactly; each part within one row of that.
  assert.ok(Math.abs(countOnes(labels, split.train) - 127.2) < 1);
  assert.ok(Math.abs(countOnes(labels, split.validation) - 42.4) < 1);
  assert.ok(Math.abs(countOnes(labels, split.test) - 42.4) < 1);
  assertPartition([split.train, split.validation, split.test], 569);
});

test('stratifiedSplit returns only the parts asked for', () => {
  const labels = makeLabels(50, 50);
  const split = stratifiedSplit(labels, { fractions: { train: 0.8, test: 0.2 }, seed: 3 });
  assert.deepEqual(Object.keys(split).sort(), ['test', 'train']);
  assert.equal(split.train.length, 80);
  assert.equal(split.test.length, 20);
  assert.equal(countOnes(labels, split.train), 40);
  assert.equal(countOnes(labels, split.test), 10);
  assertPartition([split.train, split.test], 100);

  const whole = stratifiedSplit(labels, { fractions: { train: 1 }, seed: 3 });
  assertPartition([whole.train], 100);
});

test('stratifiedSplit is reproducible from its seed and differs between seeds', () => {
  const labels = makeLabels(50, 50);
  const first = stratifiedSplit(labels, { fractions: threeWay, seed: 42 });
  const again = stratifiedSplit(labels, { fractions: threeWay, seed: 42 });
  const other = stratifiedSplit(labels, { fractions: threeWay, seed: 43 });
  assert.deepEqual(again, first);
  assert.notDeepEqual(
    [...other.test].sort((a, b) => a - b),
    [...first.test].sort((a, b) => a - b),
  );
});

test('stratifiedSplit shuffles rows within each part', () => {
  // Sorted parts would put every 0 before every 1, a trap for tfjs's validationSplit.
  const labels = makeLabels(50, 50);
  const split = stratifiedSplit(labels, { fractions: threeWay, seed: 5 });
  const trainLabels = takeRows(labels, split.train);
  assert.notDeepEqual(trainLabels, [...trainLabels].sort((a, b) => a - b));
  assert.notDeepEqual(split.train, [...split.train].sort((a, b) => a - b));
});

test('stratifiedSplit rejects bad fractions and labels with the value at fault', () => {
  const labels = makeLabels(5, 5);
  assert.throws(
    () => stratifiedSplit(labels, { fractions: { train: 0.6, test: 0.3 }, seed: 1 }),
    /fractions must sum to 1, got 0\.9/,
  );
  assert.throws(
    () => stratifiedSplit(labels, { fractions: { train: 1.2, test: -0.2 }, seed: 1 }),
    /fraction of "train" must be in \(0, 1\], got 1\.2/,
  );
  assert.throws(
    () => stratifiedSplit(labels, { fractions: { train: 0.5, valid: 0.5 } as never, seed: 1 }),
    /unknown part "valid" in fractions; expected some of train, validation, test/,
  );
  assert.throws(() => stratifiedSplit([], { fractions: { train: 1 }, seed: 1 }), /non-empty/);
  assert.throws(
    () => stratifiedSplit([0, 1, Number.NaN], { fractions: { train: 1 }, seed: 1 }),
    /labels\[2\] is NaN/,
  );
  // 3 rows cannot fill three parts of 0.6 / 0.2 / 0.2.
  assert.throws(
    () => stratifiedSplit([0, 1, 0], { fractions: threeWay, seed: 1 }),
    /part "test" \(fraction 0\.2\) would get no rows out of 3/,
  );
});

test('a decimal fraction sum such as 0.7 + 0.2 + 0.1 is accepted', () => {
  const split = stratifiedSplit(makeLabels(5, 5), {
    fractions: { train: 0.7, validation: 0.2, test: 0.1 },
    seed: 1,
  });
  assert.deepEqual([split.train.length, split.validation.length, split.test.length], [7, 2, 1]);
});

test('takeRows picks rows in the order of the indices and checks bounds', () => {
  assert.deepEqual(takeRows(['a', 'b', 'c', 'd'], [3, 0, 2]), ['d', 'a', 'c']);
  assert.throws(() => takeRows(['a', 'b'], [0, 2]), /index 2 is out of range for 2 rows/);
});
