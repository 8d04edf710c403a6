import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createRandom } from '../src/random';
import { sigmoid, tanh } from '../src/scratch/activations';
import { checkMlpGradients, gradientCheck } from '../src/scratch/gradcheck';
import { createMlp } from '../src/scratch/mlp';
import type { Mlp } from '../src/scratch/mlp';

/** Seeded rows in [−2, 2] with 0/1 labels, and an MLP whose biases are not zero. */
function problem(activation: Parameters<typeof createMlp>[0]['activation']): {
  mlp: Mlp;
  x: number[][];
  y: number[];
} {
  const random = createRandom(5);
  const x = Array.from({ length: 8 }, () => Array.from({ length: 3 }, () => 4 * random() - 2));
  const y = x.map((row) => (row[0] + row[1] * row[2] > 0 ? 1 : 0));
  const mlp = createMlp({ sizes: [3, 5, 4, 1], activation, seed: 6, dtype: 'float64' });
  mlp.setWeights(
    mlp.getWeights().map(({ kernel, bias }) => ({ kernel, bias: bias.map(() => random() - 0.5) })),
  );
  return { mlp, x, y };
}

describe('gradientCheck', () => {
  it('agrees with a gradient worked out by hand', () => {
    // J(w) = w0²·w1, so ∂J/∂w0 = 2·w0·w1 and ∂J/∂w1 = w0².
    const params = Float64Array.of(1.5, -2);
    const result = gradientCheck({
      loss: (w) => w[0] ** 2 * w[1],
      gradient: (w) => [2 * w[0] * w[1], w[0] ** 2],
      params,
    });
    assert.ok(result.maxRelativeError < 1e-9, `error ${result.maxRelativeError}`);
    assert.deepEqual(Array.from(result.analytic), [-6, 2.25]);
    assert.deepEqual(Array.from(params), [1.5, -2], 'params are put back');
  });

  it('flags a gradient that is off by a factor', () => {
    const result = gradientCheck({
      loss: (w) => w[0] ** 2,
      gradient: (w) => [w[0]], // missing the factor 2
      params: Float64Array.of(3),
    });
    assert.ok(Math.abs(result.maxRelativeError - 0.5) < 1e-9);
  });

  it('names bad arguments', () => {
    const loss = (w: Float64Array) => w[0];
    assert.throws(
      () => gradientCheck({ loss, gradient: () => [1], params: [1] as never }),
      /params is an array of 1 item \(\[1\]\); expected a non-empty Float64Array/,
    );
    assert.throws(
      () => gradientCheck({ loss, gradient: () => [1], params: Float64Array.of(1), epsilon: 0 }),
      /epsilon is 0; expected a finite number > 0/,
    );
    assert.throws(
      () => gradientCheck({ loss, gradient: () => [1, 2], params: Float64Array.of(1) }),
      /gradient returned 2 numbers; expected 1, one per parameter/,
    );
  });
});

describe('checkMlpGradients', () => {
  for (const activation of ['relu', 'sigmoid', 'tanh', 'leakyRelu'] as const) {
    it(`the backward pass with ${activation} agrees with central differences below 1e-7`, () => {
      const { mlp, x, y } = problem(activation);
      const before = mlp.getWeights();
      const result = checkMlpGradients(mlp, x, y);
      // (3·5 + 5) + (5·4 + 4) + (4·1 + 1) parameters.
      assert.equal(result.relativeErrors.length, 49);
      assert.ok(result.maxRelativeError < 1e-7, `max relative error ${result.maxRelativeError}`);
      assert.ok(result.relativeError < 1e-7, `relative error ${result.relativeError}`);
      assert.deepEqual(mlp.getWeights(), before, 'the weights are put back');
    });
  }

  it('flags a backward pass with a wrong activation derivative (> 1e-3)', () => {
    // tanh'(z) written as 1 − z² instead of 1 − tanh(z)²: a classic slip.
    const brokenTanh = { name: 'tanh', f: tanh.f, df: (z: number) => 1 - z * z };
    const broken = problem(brokenTanh);
    const result = checkMlpGradients(broken.mlp, broken.x, broken.y);
    assert.ok(result.maxRelativeError > 1e-3, `max relative error ${result.maxRelativeError}`);
    assert.ok(result.relativeError > 1e-3, `relative error ${result.relativeError}`);

    // σ'(z) written as σ(z), forgetting the factor 1 − σ(z).
    const brokenSigmoid = { name: 'sigmoid', f: sigmoid.f, df: sigmoid.f };
    const other = problem(brokenSigmoid);
    assert.ok(checkMlpGradients(other.mlp, other.x, other.y).maxRelativeError > 1e-3);
  });

  it('asks for a float64 network', () => {
    const mlp = createMlp({ sizes: [2, 1], seed: 1 });
    assert.throws(
      () => checkMlpGradients(mlp, [[1, 2]], [1]),
      /mlp.dtype is "float32"; expected 'float64'/,
    );
  });
});

it('relativeError is the error of the whole gradient vector', () => {
  // Analytic (3, 4) against numerical (3, 0): ‖(0, 4)‖ / max(5, 3) = 0.8.
  const result = gradientCheck({
    loss: (w) => 3 * w[0],
    gradient: () => [3, 4],
    params: Float64Array.of(1, 1),
  });
  assert.ok(Math.abs(result.relativeError - 0.8) < 1e-9, String(result.relativeError));
  assert.equal(result.maxRelativeError, 1);
});
