import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadCsv } from '../src/csv';
import { SimpleImputer } from '../src/impute';
import { StandardScaler } from '../src/scaler';
import { takeRows } from '../src/split';

// Rows 0-3 are the training rows, rows 4 and 5 are held out. By hand:
//   column 0, training values 1, 3, 8:          mean 12/3 = 4,   median 3
//             all values 1, 3, 8, 100:          mean 112/4 = 28, median (3 + 8)/2 = 5.5
//   column 1, training values 10, 20, 40:       mean 70/3,       median 20
//             all values 10, 20, 40, 90:        mean 160/4 = 40, median (20 + 40)/2 = 30
const rows = [
  [1, 10],
  [NaN, 20],
  [3, NaN],
  [8, 40],
  [100, NaN],
  [NaN, 90],
];
const train = [0, 1, 2, 3];
const heldOut = [4, 5];

test('SimpleImputer learns means from the training rows only, ignoring NaN', () => {
  const imputer = new SimpleImputer().fit(takeRows(rows, train));
  assert.equal(imputer.strategy, 'mean');
  assert.deepEqual(imputer.statistics, [4, 70 / 3]);
  // Fitted on every row, the means would be 28 and 40: the held-out rows would leak in.
  assert.deepEqual(new SimpleImputer().fit(rows).statistics, [28, 40]);

  assert.deepEqual(imputer.transform(takeRows(rows, heldOut)), [
    [100, 70 / 3],
    [4, 90],
  ]);
  assert.deepEqual(imputer.transform(takeRows(rows, train)), [
    [1, 10],
    [4, 20],
    [3, 70 / 3],
    [8, 40],
  ]);
});

test('SimpleImputer fills with medians, averaging the middle two of an even count', () => {
  const imputer = new SimpleImputer({ strategy: 'median' }).fit(takeRows(rows, train));
  assert.deepEqual(imputer.statistics, [3, 20]);
  assert.deepEqual(new SimpleImputer({ strategy: 'median' }).fit(rows).statistics, [5.5, 30]);
  assert.deepEqual(imputer.transform(takeRows(rows, heldOut)), [
    [100, 20],
    [3, 90],
  ]);

  // Sorted numerically, 1, 3, 4, 10 (as strings, "10" would sort before "3"): median 3.5.
  const even = new SimpleImputer({ strategy: 'median' }).fit([[4], [10], [NaN], [1], [3]]);
  assert.deepEqual(even.statistics, [3.5]);
});

test('SimpleImputer fills with a constant and leaves present values alone', () => {
  const imputer = new SimpleImputer({ strategy: 'constant', fillValue: -1 });
  assert.deepEqual(imputer.fitTransform(rows), [
    [1, 10],
    [-1, 20],
    [3, -1],
    [8, 40],
    [100, -1],
    [-1, 90],
  ]);
  assert.deepEqual(imputer.statistics, [-1, -1]);
});

test('SimpleImputer leaves its input unchanged and its statistics frozen', () => {
  const input = rows.map((row) => row.slice());
  const imputer = new SimpleImputer();
  imputer.fitTransform(input);
  assert.deepEqual(input, rows);
  assert.throws(() => {
    (imputer.statistics as number[])[0] = 99;
  }, TypeError);
});

test('SimpleImputer rejects a column with no value in the training rows, naming it', () => {
  // Column 1 has a value in row 2, but not in the training rows 0 and 1.
  const gappy = [
    [1, NaN, 5],
    [2, NaN, 6],
    [3, 7, 8],
  ];
  assert.throws(
    () => new SimpleImputer().fit(takeRows(gappy, [0, 1])),
    /^Error: SimpleImputer\.fit: column 1 is missing \(NaN\) in all 2 fitted rows; .*exclude/,
  );
  // Whatever the strategy: a constant would be all the column ever held.
  const named = new SimpleImputer({
    strategy: 'constant',
    fillValue: 0,
    featureNames: ['a', 'b', 'c'],
  });
  assert.throws(
    () => named.fit(takeRows(gappy, [0, 1])),
    /^Error: SimpleImputer\.fit: column 1 \("b"\) is missing \(NaN\) in all 2 fitted rows/,
  );
  // Fitted on every row, the same column has one value to learn from.
  assert.deepEqual(new SimpleImputer().fit(gappy).statistics, [2, 7, 19 / 3]);
});

test('SimpleImputer rejects bad options and inputs with the value and what was expected', () => {
  assert.throws(
    () => new SimpleImputer({ strategy: 'mode' as 'mean' }),
    /^Error: SimpleImputer: strategy is "mode"; expected one of 'mean', 'median', 'constant'$/,
  );
  assert.throws(
    () => new SimpleImputer({ strategy: 'constant' }),
    /^Error: SimpleImputer: fillValue is undefined; strategy 'constant' needs a finite number$/,
  );
  assert.throws(
    () => new SimpleImputer({ strategy: 'mean', fillValue: 0 }),
    /^Error: SimpleImputer: fillValue 0 is only used with strategy 'constant', not 'mean'$/,
  );
  assert.throws(
    () => new SimpleImputer({ featureNames: ['a'] }).fit([[1, 2]]),
    /^Error: SimpleImputer\.fit: featureNames has 1 names but the rows have 2 columns$/,
  );
  assert.throws(
    () => new SimpleImputer().fit([[1, Infinity]]),
    /^Error: SimpleImputer\.fit: rows\[0\]\[1\] is Infinity, expected a finite number or NaN/,
  );

  const imputer = new SimpleImputer();
  assert.throws(
    () => imputer.transform(rows),
    /^Error: SimpleImputer\.transform: the imputer is not fitted yet; call fit\(rows\) first$/,
  );
  imputer.fit(rows);
  assert.throws(
    () => imputer.transform([[1, 2, 3]]),
    /^Error: SimpleImputer\.transform: rows\[0\] has 3 columns, expected 2 columns/,
  );
});

test('CSV gaps: loadCsv keeps them, the imputer fills them, then the scaler works', async () => {
  const file = path.join(__dirname, 'fixtures', 'missing-value.csv');
  const data = await loadCsv(file, { label: 'label', missing: 'keep' });
  // The file's rows: [1, 2], [3, 4], [NaN, 6], [7, NaN]. Training rows 0-2 give
  // column means (1 + 3)/2 = 2 and (2 + 4 + 6)/3 = 4; all rows would give 11/3 and 4.
  const imputer = new SimpleImputer({ featureNames: data.featureNames });
  imputer.fit(takeRows(data.features, [0, 1, 2]));
  assert.deepEqual(imputer.statistics, [2, 4]);
  const filled = imputer.transform(data.features);
  assert.deepEqual(filled, [
    [1, 2],
    [3, 4],
    [2, 6],
    [7, 4],
  ]);

  // Scalers refuse NaN, so imputing comes first; after it they accept every row.
  assert.throws(() => new StandardScaler().fit(data.features), /rows\[2\]\[0\] is NaN/);
  assert.deepEqual(new StandardScaler().fit(filled).mean, [13 / 4, 4]);
});

test('SimpleImputer fills with means and medians of huge values without overflow', () => {
  // The sum 1e308 + 1e308 overflows to Infinity, which would fill every gap.
  const imputer = new SimpleImputer().fit([
    [1e308, -1e308],
    [1e308, -1e308],
    [NaN, NaN],
  ]);
  assert.deepEqual(imputer.statistics, [1e308, -1e308]);
  assert.deepEqual(imputer.transform([[NaN, 5]]), [[1e308, 5]]);
  const median = new SimpleImputer({ strategy: 'median' }).fit([[1e308], [1.5e308], [NaN]]);
  assert.deepEqual(median.statistics, [1.25e308]);
});

test('SimpleImputer says what it got instead of options or rows', () => {
  for (const [options, shown] of [
    [null, 'null'],
    ['median', '"median"'],
  ] as const) {
    assert.throws(
      () => new SimpleImputer(options as never),
      (error: Error) => {
        assert.equal(
          error.message,
          "SimpleImputer: options must be an object such as { strategy: 'median' } " +
            `or left out, got ${shown}`,
        );
        return true;
      },
    );
  }
  assert.throws(
    () => new SimpleImputer({ featureNames: 'a,b' as never }),
    /^Error: SimpleImputer: featureNames must be an array of column names, got "a,b"$/,
  );
  assert.throws(
    () => new SimpleImputer().fit([1, NaN, 3] as never),
    /^Error: SimpleImputer\.fit: got a flat array of numbers; expected rows such as/,
  );
  assert.throws(
    () => new SimpleImputer().fit(new Float64Array([1, NaN]) as never),
    /^Error: SimpleImputer\.fit: expected rows .*, got a Float64Array of 2 numbers$/,
  );
});
