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

/** Runs `action` with console.warn captured; returns its result and each warning's text. */
function captureWarnings<T>(action: () => T): { result: T; warnings: string[] } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  try {
    return { result: action(), warnings };
  } finally {
    console.warn = original;
  }
}

function assertPartition(parts: number[][], rowCount: number): void {
  const all = parts.flat().sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: rowCount }, (_, i) => i),
  );
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
  assert.notDeepEqual(
    trainLabels,
    [...trainLabels].sort((a, b) => a - b),
  );
  assert.notDeepEqual(
    split.train,
    [...split.train].sort((a, b) => a - b),
  );
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
  const { result: split, warnings } = captureWarnings(() =>
    stratifiedSplit(makeLabels(5, 5), {
      fractions: { train: 0.7, validation: 0.2, test: 0.1 },
      seed: 1,
    }),
  );
  assert.deepEqual([split.train.length, split.validation.length, split.test.length], [7, 2, 1]);
  // A test part of one row cannot hold both classes; the split says so.
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0],
    /^stratifiedSplit: class [01] \(5 of 10 rows\) gets no row in part "test" \(1 row\)\./,
  );
});

test('takeRows picks rows in the order of the indices and checks bounds', () => {
  assert.deepEqual(takeRows(['a', 'b', 'c', 'd'], [3, 0, 2]), ['d', 'a', 'c']);
  assert.throws(() => takeRows(['a', 'b'], [0, 2]), /index 2 is out of range for 2 rows/);
});

test('stratifiedSplit handles a class of hundreds of thousands of rows in one part', () => {
  // 160000 ones go to train: too many to spread into push(...) as arguments.
  const labels = makeLabels(100_000, 200_000);
  const split = stratifiedSplit(labels, { fractions: { train: 0.8, test: 0.2 }, seed: 1 });
  assert.equal(split.train.length, 240_000);
  assert.equal(countOnes(labels, split.train), 160_000);
  assert.equal(countOnes(labels, split.test), 40_000);
  assertPartition([split.train, split.test], 300_000);
});

test('stratifiedSplit requires options and a finite number as seed', () => {
  const labels = makeLabels(5, 5);
  const cases: [unknown, string][] = [
    [undefined, 'undefined'],
    [Number.NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [null, 'null'],
    [{}, '{}'],
    ['42', '"42"'],
  ];
  for (const [seed, shown] of cases) {
    assert.throws(
      () => stratifiedSplit(labels, { fractions: threeWay, seed } as never),
      (error: Error) => {
        assert.equal(
          error.message,
          `stratifiedSplit: options.seed must be a finite number such as 42, got ${shown}`,
        );
        return true;
      },
    );
  }
  assert.throws(
    () => stratifiedSplit(labels, { fractions: threeWay } as never),
    /options\.seed must be a finite number such as 42, got undefined$/,
  );
  for (const options of [undefined, null, 42]) {
    assert.throws(
      () => stratifiedSplit(labels, options as never),
      /^Error: stratifiedSplit: options must be an object such as \{ fractions: .*\}, got /,
    );
  }
  assert.throws(
    () => stratifiedSplit(labels, { seed: 1 } as never),
    /options\.fractions must be an object such as \{ train: 0\.8, test: 0\.2 \}, got undefined$/,
  );
});

test('stratifiedSplit accepts typed-array labels and says what else it got', () => {
  const labels = makeLabels(50, 50);
  const options = { fractions: threeWay, seed: 9 };
  // Labels read back from a tensor come as a Float32Array: the same split as the array.
  assert.deepEqual(
    stratifiedSplit(new Float32Array(labels), options),
    stratifiedSplit(labels, options),
  );
  assert.throws(
    () => stratifiedSplit('0101' as never, options),
    /labels must be a non-empty array \(or typed array\) of numbers, got "0101"$/,
  );
  assert.throws(
    () => stratifiedSplit(new Float32Array(0), options),
    /labels must be a non-empty array .*, got a Float32Array of 0 numbers$/,
  );
  assert.throws(
    () => stratifiedSplit([0, '1'] as never, options),
    /labels\[1\] is "1", expected a finite number$/,
  );
});

test('stratifiedSplit warns once when a rare class misses some parts', () => {
  // One positive among 10 rows split three ways: only one part can hold it.
  const labels = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
  const { result: split, warnings } = captureWarnings(() =>
    stratifiedSplit(labels, { fractions: threeWay, seed: 1 }),
  );
  assertPartition([split.train, split.validation, split.test], 10);
  assert.equal(countOnes(labels, split.train), 1);
  assert.deepEqual(warnings, [
    'stratifiedSplit: class 1 (1 of 10 rows) gets no row in parts "validation" (2 rows) ' +
      'and "test" (2 rows). A metric that needs both classes will fail on such a part; ' +
      'use more rows, larger fractions for those parts or fewer parts',
  ]);

  // Every class in every part: no warning.
  const balanced = captureWarnings(() =>
    stratifiedSplit(makeLabels(70, 30), { fractions: threeWay, seed: 1 }),
  );
  assert.deepEqual(balanced.warnings, []);
});

test('takeRows says what it got instead of arrays, and accepts typed arrays', () => {
  assert.throws(
    () => takeRows(undefined as never, [0]),
    /^Error: takeRows: rows must be an array, got undefined$/,
  );
  assert.throws(
    () => takeRows(['a'], null as never),
    /^Error: takeRows: indices must be an array of row indices, .*, got null$/,
  );
  assert.throws(
    () => takeRows(['a', 'b'], [0.5]),
    /^Error: takeRows: index 0\.5 is out of range for 2 rows$/,
  );
  assert.deepEqual(takeRows(new Float32Array([5, 6, 7]), new Int32Array([2, 0])), [7, 5]);
});
