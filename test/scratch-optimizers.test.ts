import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';

import { setupBackend } from '../src/backend';
import { createRandom } from '../src/random';
import { adam, momentum, rmsprop, sgd } from '../src/scratch/optimizers';
import type { ParameterArray, ScratchOptimizer } from '../src/scratch/optimizers';

// tfjs computes in float32 and rounds after every operation; the scratch
// optimizers keep float32 state and float32 constants too, but compute each
// update in float64. So each step can leave a parameter a float32 rounding
// (2^-24, about 6e-8 of its size) or two away from tfjs's. The comparison is
// relative to the largest parameter, max|a − b| / max|b| <= 1e-6; measured
// over the cases below: 5.0e-7 at most (rmsprop with defaults, float64
// parameters). That is tight enough to catch Adam with its constants in
// float64 rather than float32 (6.1e-6 for 'adam (η = 0.1)') and far tighter
// than a plausible slip such as Adam's ε inside the square root (0.17 with
// the hyperparameters below, checked at the end of this file).
const TOLERANCE = 1e-6;
const STEPS = 100;
const SIZE = 16;

before(async () => {
  await setupBackend({ prefer: 'cpu', verbose: false });
});

/**
 * A fixed, seeded sequence of gradients whose entries span five orders of
 * magnitude and include exact zeros, so that every term of every rule matters.
 */
function gradientSequence(seed: number): Float32Array[] {
  const random = createRandom(seed);
  const scales = Array.from({ length: SIZE }, (_, i) => 10 ** ((i % 5) - 3));
  return Array.from({ length: STEPS }, (_, step) =>
    Float32Array.from(scales, (scale, i) =>
      (i + step) % 7 === 0 ? 0 : (2 * random() - 1) * scale + scale / 2,
    ),
  );
}

function initialParams(): Float32Array {
  const random = createRandom('start');
  return Float32Array.from({ length: SIZE }, () => 2 * random() - 1);
}

/** The parameters after applying every gradient with tfjs's optimizer. */
function runTfjs(optimizer: tf.Optimizer, gradients: Float32Array[]): Float32Array {
  const variable = tf.variable(tf.tensor1d(initialParams()));
  for (const g of gradients) {
    tf.tidy(() => optimizer.applyGradients({ [variable.name]: tf.tensor1d(g) }));
  }
  const result = variable.dataSync() as Float32Array;
  variable.dispose();
  optimizer.dispose();
  return result;
}

function runScratch(
  optimizer: ScratchOptimizer,
  gradients: Float32Array[],
  params: ParameterArray = initialParams(),
): ParameterArray {
  for (const g of gradients) optimizer.step(params, g);
  return params;
}

/** max|a − b| / max|b|: the largest difference, relative to the largest parameter. */
function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let [difference, size] = [0, 0];
  for (let i = 0; i < b.length; i++) {
    difference = Math.max(difference, Math.abs(a[i] - b[i]));
    size = Math.max(size, Math.abs(b[i]));
  }
  return difference / size;
}

// Each pair: the same hyperparameters for scratch and for tf.train. The
// non-default ones are chosen so that every part of the rule shows: a large
// epsilon (where it sits changes the step), momentum and decay far from 0.
const cases: [string, () => ScratchOptimizer, () => tf.Optimizer][] = [
  ['sgd', () => sgd({ learningRate: 0.1 }), () => tf.train.sgd(0.1)],
  [
    'momentum',
    () => momentum({ learningRate: 0.05, momentum: 0.9 }),
    () => tf.train.momentum(0.05, 0.9),
  ],
  [
    'momentum (Nesterov)',
    () => momentum({ learningRate: 0.05, momentum: 0.9, nesterov: true }),
    () => tf.train.momentum(0.05, 0.9, true),
  ],
  ['rmsprop (defaults)', () => rmsprop({ learningRate: 0.01 }), () => tf.train.rmsprop(0.01)],
  [
    'rmsprop (momentum, large epsilon)',
    () => rmsprop({ learningRate: 0.01, decay: 0.8, momentum: 0.9, epsilon: 0.1 }),
    () => tf.train.rmsprop(0.01, 0.8, 0.9, 0.1),
  ],
  ['adam (defaults)', () => adam(), () => tf.train.adam()],
  // A large step makes Adam's float32 constants count (see below).
  ['adam (η = 0.1)', () => adam({ learningRate: 0.1 }), () => tf.train.adam(0.1)],
  [
    'adam (large epsilon)',
    () => adam({ learningRate: 0.05, beta1: 0.8, beta2: 0.9, epsilon: 0.1 }),
    () => tf.train.adam(0.05, 0.8, 0.9, 0.1),
  ],
];

describe('scratch optimizers against tf.train after 100 steps', () => {
  for (const [name, scratchOptimizer, tfOptimizer] of cases) {
    it(`${name}: the same parameters within ${TOLERANCE} relative`, () => {
      const gradients = gradientSequence(1);
      const expected = runTfjs(tfOptimizer(), gradients);
      const initial = initialParams();

      const float32 = runScratch(scratchOptimizer(), gradients);
      const float64 = runScratch(scratchOptimizer(), gradients, Float64Array.from(initial));
      // The parameters moved, so agreement is not agreement on the start.
      assert.ok(
        maxRelativeDifference(expected, initial) > 100 * TOLERANCE,
        'parameters did not move',
      );
      const difference = maxRelativeDifference(float32, expected);
      assert.ok(difference <= TOLERANCE, `float32 differs from tfjs by ${difference}`);
      const difference64 = maxRelativeDifference(float64, expected);
      assert.ok(difference64 <= TOLERANCE, `float64 differs from tfjs by ${difference64}`);
    });
  }

  it('one optimizer keeps a separate state per parameter array, as tfjs does per variable', () => {
    const [first, second] = [gradientSequence(2), gradientSequence(3)];
    const tfOptimizer = tf.train.adam(0.05, 0.8, 0.9, 0.1);
    const variables = [first, second].map(() => tf.variable(tf.tensor1d(initialParams())));
    for (let step = 0; step < STEPS; step++) {
      tf.tidy(() =>
        tfOptimizer.applyGradients([
          { name: variables[0].name, tensor: tf.tensor1d(first[step]) },
          { name: variables[1].name, tensor: tf.tensor1d(second[step]) },
        ]),
      );
    }
    const expected = variables.map((v) => v.dataSync());

    const optimizer = adam({ learningRate: 0.05, beta1: 0.8, beta2: 0.9, epsilon: 0.1 });
    const params = [initialParams(), initialParams()];
    for (let step = 0; step < STEPS; step++) {
      optimizer.step(params[0], first[step]);
      optimizer.step(params[1], second[step]);
    }
    assert.ok(maxRelativeDifference(params[0], expected[0]) <= TOLERANCE);
    assert.ok(maxRelativeDifference(params[1], expected[1]) <= TOLERANCE);
    variables.forEach((v) => v.dispose());
    tfOptimizer.dispose();
  });

  it('the tolerance is tight enough to catch a misplaced epsilon', () => {
    // Adam with ε inside the square root, as some texts write it: a
    // plausible slip that the comparison above must not let through.
    const [beta1, beta2, epsilon, learningRate] = [0.8, 0.9, 0.1, 0.05];
    const misplaced: ScratchOptimizer = {
      name: 'adam with epsilon inside the root',
      learningRate,
      step(params, grads) {
        const state = this as unknown as { m?: Float64Array; v?: Float64Array; t: number };
        state.m ??= new Float64Array(params.length);
        state.v ??= new Float64Array(params.length);
        state.t = (state.t ?? 0) + 1;
        for (let i = 0; i < params.length; i++) {
          state.m[i] = beta1 * state.m[i] + (1 - beta1) * grads[i];
          state.v[i] = beta2 * state.v[i] + (1 - beta2) * grads[i] ** 2;
          const mHat = state.m[i] / (1 - beta1 ** state.t);
          const vHat = state.v[i] / (1 - beta2 ** state.t);
          params[i] -= (learningRate * mHat) / Math.sqrt(vHat + epsilon);
        }
      },
    };
    const gradients = gradientSequence(1);
    const expected = runTfjs(tf.train.adam(learningRate, beta1, beta2, epsilon), gradients);
    const difference = maxRelativeDifference(runScratch(misplaced, gradients), expected);
    assert.ok(difference > 100 * TOLERANCE, `the misplaced epsilon differs by only ${difference}`);
  });
});

describe('scratch optimizers reject bad hyperparameters and gradients', () => {
  it('names a non-finite or non-positive learning rate', () => {
    assert.throws(
      () => sgd({ learningRate: NaN }),
      /learningRate is NaN; expected a finite number > 0/,
    );
    assert.throws(
      () => adam({ learningRate: Infinity }),
      /learningRate is Infinity; expected a finite number > 0/,
    );
    assert.throws(
      () => rmsprop({ learningRate: -0.1 }),
      /learningRate is -0.1; expected a finite number > 0/,
    );
  });

  it('names decay, momentum and betas outside [0, 1)', () => {
    assert.throws(
      () => momentum({ learningRate: 0.1, momentum: 1 }),
      /momentum is 1; expected a number in \[0, 1\)/,
    );
    assert.throws(
      () => rmsprop({ learningRate: 0.1, decay: -0.5 }),
      /decay is -0.5; expected a number in \[0, 1\)/,
    );
    assert.throws(() => adam({ beta2: 1.5 }), /beta2 is 1.5; expected a number in \[0, 1\)/);
    assert.throws(() => adam({ epsilon: -1 }), /epsilon is -1; expected a finite number >= 0/);
  });

  it('names gradients of the wrong length', () => {
    const params = new Float32Array(3);
    assert.throws(
      () => sgd({ learningRate: 0.1 }).step(params, [1, 2]),
      /grads is an array of 2 items \(\[1,2\]\); expected 3 numbers, one per parameter/,
    );
  });
});
