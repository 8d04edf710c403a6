import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';

import { setupBackend } from '../src/backend';
import {
  activations,
  LEAKY_RELU_ALPHA,
  leakyRelu,
  leakyReluWithSlope,
  linear,
  relu,
  sigmoid,
  tanh,
} from '../src/scratch/activations';
import type { Activation, ActivationName } from '../src/scratch/activations';

before(async () => {
  await setupBackend({ prefer: 'cpu', verbose: false });
});

function assertClose(actual: number, expected: number, tolerance = 1e-15): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `expected ${expected} ± ${tolerance}, got ${actual}`,
  );
}

describe('activations at hand-checked points', () => {
  it('relu: max(0, x), slope 1 above 0 and 0 at and below it', () => {
    assert.deepEqual([-2, 0, 3].map(relu.f), [0, 0, 3]);
    assert.deepEqual([-2, 0, 3].map(relu.df), [0, 0, 1]);
  });

  it("sigmoid: σ(0) = 1/2, σ(ln 3) = 3/4, σ' = σ(1 − σ)", () => {
    assertClose(sigmoid.f(0), 0.5);
    assertClose(sigmoid.df(0), 0.25);
    // σ(ln 3) = 1 / (1 + 1/3) = 3/4, and σ' = 3/4 · 1/4 = 3/16.
    assertClose(sigmoid.f(Math.log(3)), 0.75);
    assertClose(sigmoid.df(Math.log(3)), 3 / 16);
    // Far out it saturates without overflow: no NaN from e^1000.
    assert.equal(sigmoid.f(-1000), 0);
    assert.equal(sigmoid.f(1000), 1);
    assert.equal(sigmoid.df(-1000), 0);
  });

  it('tanh: tanh(ln 2) = 3/5 and its derivative 1 − 9/25 = 16/25', () => {
    // tanh(ln 2) = (2 − 1/2) / (2 + 1/2) = 3/5.
    assertClose(tanh.f(0), 0);
    assertClose(tanh.df(0), 1);
    assertClose(tanh.f(Math.log(2)), 0.6);
    assertClose(tanh.df(Math.log(2)), 0.64);
  });

  it("leakyRelu: slope 0.2 below 0 (tfjs's tf.leakyRelu default), 1 above", () => {
    assert.equal(LEAKY_RELU_ALPHA, 0.2);
    assert.equal(leakyRelu.alpha, 0.2);
    assert.deepEqual([-2, 0, 5].map(leakyRelu.f), [-0.4, 0, 5]);
    assert.deepEqual([-2, 0, 5].map(leakyRelu.df), [0.2, 0.2, 1]);
    const gentle = leakyReluWithSlope(0.01);
    assert.deepEqual([gentle.f(-2), gentle.df(-2)], [-0.02, 0.01]);
    assert.throws(() => leakyReluWithSlope(NaN), /alpha is NaN; expected a finite number/);
  });

  it('linear: the identity, slope 1 everywhere', () => {
    assert.deepEqual([-2, 0, 3].map(linear.f), [-2, 0, 3]);
    assert.deepEqual([-2, 0, 3].map(linear.df), [1, 1, 1]);
  });

  it('each derivative matches a central difference away from the kinks', () => {
    const h = 1e-6;
    for (const activation of Object.values(activations)) {
      for (const x of [-3, -0.7, 0.4, 2.5]) {
        const numerical = (activation.f(x + h) - activation.f(x - h)) / (2 * h);
        assertClose(activation.df(x), numerical, 1e-8);
      }
    }
  });
});

describe('activations agree with tfjs', () => {
  // Points include the kinks at 0, where the derivative is a convention.
  const points = [-3, -1, -0.25, 0, 0.25, 1, 3];
  const tfFunctions: Record<ActivationName, (x: tf.Tensor) => tf.Tensor> = {
    relu: (x) => tf.relu(x),
    sigmoid: (x) => tf.sigmoid(x),
    tanh: (x) => tf.tanh(x),
    leakyRelu: (x) => tf.leakyRelu(x, LEAKY_RELU_ALPHA),
    linear: (x) => tf.mul(x, 1),
  };

  for (const [name, activation] of Object.entries(activations) as [ActivationName, Activation][]) {
    it(`${name}: values and derivatives, kinks included, within float32 rounding`, () => {
      const x = tf.tensor1d(points);
      const values = tfFunctions[name](x).dataSync();
      const derivatives = tf.grad(tfFunctions[name])(x).dataSync();
      points.forEach((point, i) => {
        assertClose(activation.f(point), values[i], 1e-7);
        assertClose(activation.df(point), derivatives[i], 1e-7);
      });
      tf.dispose(x);
    });
  }
});
