import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { gradientDescent } from '../src/scratch/descent';
import { momentum, sgd } from '../src/scratch/optimizers';

function assertClose(actual: number, expected: number, tolerance: number): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `expected ${expected} ± ${tolerance}, got ${actual}`,
  );
}

// The elongated valley J(w) = (w1² + 10·w2²) / 2, whose gradient is
// (w1, 10·w2): ten times steeper across the valley than along it.
const valleyLoss = ([w1, w2]: number[]) => (w1 ** 2 + 10 * w2 ** 2) / 2;
const valleyGradient = ([w1, w2]: number[]) => [w1, 10 * w2];

describe('gradientDescent', () => {
  it('on J(w) = w² with η = 0.1 from 1 gives w_k = 0.8^k', () => {
    // w ← w − 0.1·2w = 0.8·w, so w_k = 0.8^k and J(w_k) = 0.64^k.
    const { path, losses } = gradientDescent({
      gradient: ([w]) => [2 * w],
      loss: ([w]) => w ** 2,
      start: [1],
      learningRate: 0.1,
      steps: 20,
    });
    assert.equal(path.length, 21);
    assert.deepEqual(path[0], [1]);
    assert.deepEqual(path.slice(0, 2), [[1], [0.8]]);
    path.forEach(([w], k) => assertClose(w, 0.8 ** k, 1e-15));
    losses.forEach((loss, k) => assertClose(loss, 0.64 ** k, 1e-15));
  });

  it('on the elongated valley: each coordinate shrinks by its own factor 1 − η·λ', () => {
    // With η = 0.15: w1 ← 0.85·w1 along the valley, w2 ← (1 − 1.5)·w2 = −0.5·w2
    // across it, so the path zigzags across the valley while creeping along.
    const { path } = gradientDescent({
      gradient: valleyGradient,
      start: [2, 1],
      learningRate: 0.15,
      steps: 10,
    });
    path.forEach(([w1, w2], k) => {
      assertClose(w1, 2 * 0.85 ** k, 1e-14);
      assertClose(w2, (-0.5) ** k, 1e-14);
    });
    assert.ok(path[1][1] < 0 && path[2][1] > 0, 'w2 changes sign every step');
  });

  it('diverges on the valley once η exceeds 2 / 10', () => {
    // η = 0.21 gives the factor 1 − 2.1 = −1.1 across the valley.
    const { path, losses } = gradientDescent({
      gradient: valleyGradient,
      loss: valleyLoss,
      start: [2, 1],
      learningRate: 0.21,
      steps: 30,
    });
    assertClose(path[30][1], 1.1 ** 30, 1e-9);
    assert.ok(losses[30] > losses[0] * 100, 'the loss grows');
  });

  it('with sgd as the optimizer takes exactly the plain steps of its float32 rate', () => {
    // The optimizers round their constants to float32, as tfjs does.
    const plain = gradientDescent({
      gradient: valleyGradient,
      start: [2, 1],
      learningRate: Math.fround(0.05),
      steps: 15,
    });
    const viaOptimizer = gradientDescent({
      gradient: valleyGradient,
      start: [2, 1],
      steps: 15,
      optimizer: sgd({ learningRate: 0.05 }),
    });
    assert.deepEqual(viaOptimizer.path, plain.path);
  });

  it('with momentum gets further down the valley than plain steps of the same size', () => {
    const args = { gradient: valleyGradient, loss: valleyLoss, start: [2, 1], steps: 50 };
    const plain = gradientDescent({ ...args, learningRate: 0.01 });
    const heavy = gradientDescent({
      ...args,
      optimizer: momentum({ learningRate: 0.01, momentum: 0.9 }),
    });
    assert.ok(heavy.losses[50] < plain.losses[50] / 10);
  });

  it('works in three variables and leaves start alone', () => {
    const start = [1, -2, 3];
    const { path } = gradientDescent({
      gradient: (w) => w.map((v) => 2 * v),
      start,
      learningRate: 0.25,
      steps: 1,
    });
    assert.deepEqual(path[1], [0.5, -1, 1.5]);
    assert.deepEqual(start, [1, -2, 3]);
  });

  it('names bad arguments', () => {
    const gradient = ([w]: number[]) => [2 * w];
    assert.throws(
      () => gradientDescent({ gradient, start: [1], learningRate: NaN, steps: 5 }),
      /learningRate is NaN; expected a finite number > 0/,
    );
    assert.throws(
      () => gradientDescent({ gradient, start: [1], steps: 5 }),
      /learningRate is undefined; expected a finite number > 0/,
    );
    assert.throws(
      () => gradientDescent({ gradient, start: [1], learningRate: 0.1, steps: 2.5 }),
      /steps is 2.5; expected an integer >= 0/,
    );
    assert.throws(
      () => gradientDescent({ gradient, start: [], learningRate: 0.1, steps: 5 }),
      /start is an empty array; expected a non-empty array of finite numbers/,
    );
    assert.throws(
      () => gradientDescent({ gradient, start: [1, 2], learningRate: 0.1, steps: 5 }),
      /gradient returned an array of 1 item \(\[2\]\) at step 1; expected 2 numbers, one per variable/,
    );
    assert.throws(
      () =>
        gradientDescent({
          gradient,
          start: [1],
          learningRate: 0.1,
          steps: 5,
          optimizer: sgd({ learningRate: 0.2 }),
        }),
      /learningRate is 0.1 but the optimizer's is 0.2/,
    );
  });
});
