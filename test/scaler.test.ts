import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { MinMaxScaler, StandardScaler } from '../src/scaler';

function assertClose(actual: readonly number[][], expected: number[][], tolerance = 1e-12): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, i) => {
    assert.equal(row.length, expected[i].length);
    row.forEach((value, j) => {
      assert.ok(
        Math.abs(value - expected[i][j]) <= tolerance,
        `[${i}][${j}]: ${value} is not within ${tolerance} of ${expected[i][j]}`,
      );
    });
  });
}

// By hand, dividing by n = 3 (the population standard deviation):
//   column 0: 1, 2, 3    mean 2,  deviations -1, 0, 1      variance 2/3,   scale sqrt(2/3)
//             scaled -1/sqrt(2/3) = -sqrt(3/2) = -1.2247..., 0, +1.2247...
//   column 1: 10, 20, 60 mean 30, deviations -20, -10, 30  variance (400 + 100 + 900)/3,
//             scale sqrt(1400/3) = 21.6024...
//             scaled -20/21.6024 = -0.9258..., -10/21.6024 = -0.4629..., 30/21.6024 = 1.3887...
//   column 2: 5, 5, 5    constant: mean 5, scale 1, scaled 0, 0, 0
const rows = [
  [1, 10, 5],
  [2, 20, 5],
  [3, 60, 5],
];

test('StandardScaler fits means and population standard deviations', () => {
  const scaler = new StandardScaler().fit(rows);
  assertClose([scaler.mean as number[]], [[2, 30, 5]]);
  assertClose([scaler.scale as number[]], [[Math.sqrt(2 / 3), Math.sqrt(1400 / 3), 1]]);
  assert.ok(Math.abs(scaler.scale[1] - 21.602468994692867) < 1e-12);

  const scaled = scaler.transform(rows);
  const s1 = Math.sqrt(1400 / 3);
  assertClose(scaled, [
    [-Math.sqrt(3 / 2), -20 / s1, 0],
    [0, -10 / s1, 0],
    [Math.sqrt(3 / 2), 30 / s1, 0],
  ]);
  assert.ok(Math.abs(scaled[0][0] - -1.224744871391589) < 1e-12);
  assert.ok(Math.abs(scaled[2][1] - 1.3887301496588271) < 1e-12);
});

test('StandardScaler turns a constant column into exact zeros', () => {
  // The mean of three 0.1s computes as 0.10000000000000002; a naive scaler divides by ~1e-17.
  const scaled = new StandardScaler().fitTransform([[0.1], [0.1], [0.1]]);
  assert.deepEqual(scaled, [[0], [0], [0]]);
  const shifted = new StandardScaler().fit([[0.1], [0.1]]).transform([[1.1]]);
  assert.ok(Number.isFinite(shifted[0][0]));
  assert.equal(shifted[0][0], 1.1 - 0.1);
});

test('StandardScaler.inverseTransform undoes transform', () => {
  const scaler = new StandardScaler().fit(rows);
  assertClose(scaler.inverseTransform(scaler.transform(rows)), rows, 1e-12);
  const unseen = [[-4, 1000, 7]];
  assertClose(scaler.inverseTransform(scaler.transform(unseen)), unseen, 1e-10);
});

test('StandardScaler leaves its input and its statistics unchanged', () => {
  const input = rows.map((row) => row.slice());
  const scaler = new StandardScaler();
  scaler.fitTransform(input);
  assert.deepEqual(input, rows);
  assert.throws(() => {
    (scaler.mean as number[])[0] = 99;
  }, TypeError);
  assert.equal(scaler.mean[0], 2);
});

test('StandardScaler reports use before fit and wrong shapes clearly', () => {
  const scaler = new StandardScaler();
  assert.throws(() => scaler.transform(rows), /StandardScaler\.transform: .* not fitted yet/);
  assert.throws(() => scaler.mean, /StandardScaler\.mean: the scaler is not fitted yet/);

  scaler.fit(rows);
  assert.throws(
    () => scaler.transform([[1, 2]]),
    /StandardScaler\.transform: rows\[0\] has 2 columns, expected 3 columns \(.* fitted on 3\)/,
  );
  assert.throws(
    () => scaler.inverseTransform([[1, 2, 3, 4]]),
    /rows\[0\] has 4 columns, expected 3/,
  );
  assert.throws(() => new StandardScaler().fit([]), /at least one row/);
  assert.throws(
    () => new StandardScaler().fit([[1, 2], [3]]),
    /fit: rows\[1\] has 1 column, expected 2/,
  );
  assert.throws(
    () => scaler.transform([[1, Number.NaN, 3]]),
    /rows\[0\]\[1\] is NaN, expected a finite number/,
  );
});

// By hand, for MinMaxScaler:
//   column 0: 2, 4, 10     min 2,  max 10, range 8:   (x - 2) / 8   -> 0, 0.25, 1
//   column 1: -5, 10, 15   min -5, max 15, range 20:  (x + 5) / 20  -> 0, 0.75, 1
//   column 2: 7, 7, 7      constant: range taken as 1, (x - 7) / 1  -> 0, 0, 0
// Into [-1, 1], each value v above becomes v * 2 - 1: -1, -0.5, 1 / -1, 0.5, 1 / -1, -1, -1.
// Every step is exact in binary floating point, so the results are compared exactly.
const minMaxRows = [
  [2, -5, 7],
  [4, 10, 7],
  [10, 15, 7],
];

test('MinMaxScaler maps each fitted minimum and maximum onto [0, 1] by default', () => {
  const scaler = new MinMaxScaler().fit(minMaxRows);
  assert.deepEqual(scaler.featureRange, [0, 1]);
  assert.deepEqual(scaler.dataMin, [2, -5, 7]);
  assert.deepEqual(scaler.dataMax, [10, 15, 7]);
  assert.deepEqual(scaler.transform(minMaxRows), [
    [0, 0, 0],
    [0.25, 0.75, 0],
    [1, 1, 0],
  ]);
});

test('MinMaxScaler scales into featureRange; a constant column maps to the lower bound', () => {
  const scaler = new MinMaxScaler({ featureRange: [-1, 1] });
  assert.deepEqual(scaler.fitTransform(minMaxRows), [
    [-1, -1, -1],
    [-0.5, 0.5, -1],
    [1, 1, -1],
  ]);
  // The 0.1 column that trips a naive StandardScaler: exact zeros, never NaN.
  assert.deepEqual(new MinMaxScaler().fitTransform([[0.1], [0.1], [0.1]]), [[0], [0], [0]]);
});

test('MinMaxScaler learns from the fitted rows only and does not clip later rows', () => {
  // Fitted on the first two rows: column 0 spans 2..4, column 1 spans -5..10.
  const scaler = new MinMaxScaler().fit(minMaxRows.slice(0, 2));
  assert.deepEqual(scaler.dataMax, [4, 10, 7]);
  // Held-out row: (10 - 2) / 2 = 4, (15 + 5) / 15 = 4/3, (7 - 7) / 1 = 0.
  const [heldOut] = scaler.transform([minMaxRows[2]]);
  assert.equal(heldOut[0], 4);
  assert.ok(Math.abs(heldOut[1] - 4 / 3) < 1e-15);
  assert.equal(heldOut[2], 0);
  // Below the fitted minimum, and off a constant column: (0 - 2) / 2 = -1, (9 - 7) / 1 = 2.
  assert.deepEqual(scaler.transform([[0, -5, 9]]), [[-1, 0, 2]]);
});

test('MinMaxScaler.inverseTransform undoes transform, constant columns included', () => {
  const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit(minMaxRows);
  assert.deepEqual(scaler.inverseTransform(scaler.transform(minMaxRows)), minMaxRows);
  const unseen = [[-4.5, 1000, 7.25]];
  assertClose(scaler.inverseTransform(scaler.transform(unseen)), unseen, 1e-12);
  const awkward = new MinMaxScaler({ featureRange: [0.1, 0.7] }).fit([[0.3], [1.7], [2.9]]);
  const awkwardRows = [[0.3], [2.9], [5]];
  assertClose(awkward.inverseTransform(awkward.transform(awkwardRows)), awkwardRows);
});

test('MinMaxScaler rejects a bad featureRange and reports use before fit and wrong shapes', () => {
  const badRanges: [number[], string][] = [
    [[1, 0], 'an array of 2 items ([1,0])'],
    [[0, 0], 'an array of 2 items ([0,0])'],
    [[0, Infinity], 'an array of 2 items ([0,Infinity])'],
    [[0], 'an array of 1 item ([0])'],
  ];
  for (const [featureRange, shown] of badRanges) {
    assert.throws(
      () => new MinMaxScaler({ featureRange: featureRange as [number, number] }),
      (error: Error) => {
        assert.equal(
          error.message,
          `MinMaxScaler: featureRange is ${shown}; ` +
            'expected [lower, upper] with finite numbers and lower < upper',
        );
        return true;
      },
    );
  }

  const scaler = new MinMaxScaler();
  assert.throws(() => scaler.transform(minMaxRows), /^Error: MinMaxScaler\.transform: .*fitted/);
  assert.throws(() => scaler.dataMin, /^Error: MinMaxScaler\.dataMin: the scaler is not fitted/);
  scaler.fit(minMaxRows);
  assert.throws(
    () => scaler.inverseTransform([[1, 2]]),
    /^Error: MinMaxScaler\.inverseTransform: rows\[0\] has 2 columns, expected 3 columns \(/,
  );
  assert.throws(
    () => new MinMaxScaler().fit([[1], [Number.NaN]]),
    /^Error: MinMaxScaler\.fit: rows\[1\]\[0\] is NaN, expected a finite number$/,
  );
  assert.throws(
    () => new MinMaxScaler().fit([]),
    /^Error: MinMaxScaler\.fit: expected at least one row$/,
  );
  assert.throws(() => {
    (scaler.dataMin as number[])[0] = 99;
  }, TypeError);
  assert.throws(() => {
    (scaler.featureRange as [number, number])[0] = -5;
  }, TypeError);
});

test('StandardScaler survives JSON: the restored scaler transforms exactly like the saved one', () => {
  const rows = [
    [1, 10],
    [2, 20],
    [4, 60],
  ];
  const scaler = new StandardScaler().fit(rows);
  const restored = StandardScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
  assert.deepEqual(restored.mean, scaler.mean);
  assert.deepEqual(restored.scale, scaler.scale);
  assert.deepEqual(restored.transform([[3, 33]]), scaler.transform([[3, 33]]));
  assert.deepEqual(JSON.parse(JSON.stringify(scaler)), {
    scaler: 'StandardScaler',
    mean: [7 / 3, 30],
    scale: scaler.scale,
  });
  assert.throws(
    () => new StandardScaler().toJSON(),
    /StandardScaler\.toJSON: the scaler is not fitted yet/,
  );
  for (const bad of [
    null,
    {},
    { scaler: 'StandardScaler', mean: [1], scale: [0] },
    { scaler: 'MinMaxScaler', mean: [1], scale: [1] },
  ]) {
    assert.throws(
      () => StandardScaler.fromJSON(bad),
      /StandardScaler\.fromJSON: expected \{ scaler: "StandardScaler", mean, scale \}/,
    );
  }
});

test('StandardScaler fits columns of values beyond 1e154 without overflow', () => {
  // Squaring deviations of 1e200 would overflow to Infinity and make every value 0.
  const scaler = new StandardScaler().fit([
    [1e200, -1e308],
    [3e200, 1e308],
  ]);
  assert.deepEqual(scaler.mean, [2e200, 0]);
  assert.deepEqual(scaler.scale, [1e200, 1e308]);
  assert.deepEqual(
    scaler.transform([
      [1e200, -1e308],
      [3e200, 1e308],
    ]),
    [
      [-1, -1],
      [1, 1],
    ],
  );
  // A value minus the mean beyond the largest double is still scaled.
  const wide = new StandardScaler().fit([[-1e308], [-0.8e308]]);
  const [[far]] = wide.transform([[1e308]]);
  assert.ok(Math.abs(far - 19) < 1e-9, `got ${far}`);
});

test('MinMaxScaler maps a column spanning -1e308 to 1e308 onto its range and back', () => {
  // dataMax - dataMin overflows to Infinity here; a naive scaler returns NaN and 0.
  const scaler = new MinMaxScaler().fit([[-1e308], [1e308], [0]]);
  assert.deepEqual(scaler.transform([[-1e308], [1e308], [0], [5e307]]), [[0], [1], [0.5], [0.75]]);
  assert.deepEqual(scaler.inverseTransform([[0], [1], [0.5]]), [[-1e308], [1e308], [0]]);
  // A finite range, but a later value whose distance from the minimum overflows.
  const narrow = new MinMaxScaler().fit([[-1e308], [-0.5e308]]);
  assert.deepEqual(narrow.transform([[1e308]]), [[4]]);
});

test('the scalers say what they got instead of rows', () => {
  const cases: [unknown, RegExp][] = [
    [[1, 2, 3], /fit: got a flat array of numbers; expected rows such as \[\[1, 2\], \[3, 4\]\]/],
    [new Float32Array([1, 2]), /fit: expected rows such as .*, got a Float32Array of 2 numbers$/],
    [[new Float32Array([1, 2])], /fit: rows\[0\] is a Float32Array of 2 numbers; .*Array\.from/],
    [
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      /got a tensor of shape \[2, 2\]; tensor\.arraySync\(\)/,
    ],
    [undefined, /fit: expected rows such as .*, got undefined$/],
    [[[]], /fit: expected rows with at least one column, got rows\[0\] = \[\]$/],
  ];
  for (const [rows, problem] of cases) {
    assert.throws(() => new StandardScaler().fit(rows as never), problem);
    assert.throws(() => new MinMaxScaler().fit(rows as never), problem);
  }
  assert.throws(
    () => new StandardScaler().fit([[1, 2], new Float32Array([3, 4]) as never]),
    /fit: rows\[1\] is a Float32Array of 2 numbers instead of an array, expected 2 columns/,
  );
  assert.throws(
    () => new StandardScaler().fit([[1, '2' as never]]),
    /fit: rows\[0\]\[1\] is "2", expected a finite number$/,
  );
});

test('MinMaxScaler rejects options that are not an object', () => {
  for (const [options, shown] of [
    [null, 'null'],
    [[0, 1], 'an array of 2 items ([0,1])'],
  ] as const) {
    assert.throws(
      () => new MinMaxScaler(options as never),
      (error: Error) => {
        assert.equal(
          error.message,
          'MinMaxScaler: options must be an object such as { featureRange: [0, 1] } ' +
            `or left out, got ${shown}`,
        );
        return true;
      },
    );
  }
});
