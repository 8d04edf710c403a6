import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StandardScaler } from '../src/scaler';

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
