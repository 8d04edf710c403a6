/**
 * Numbers that must agree with tfjs and across backends: the clipped binary
 * cross-entropy, and training losses on every backend that is installed.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../src/backend';
import { logLoss } from '../src/metrics';
import { denseClassifier, disposeModel } from '../src/model';
import { createRandom } from '../src/random';
import { train } from '../src/train';

before(async () => {
  await setupBackend({ prefer: 'cpu', verbose: false });
});

describe('binary cross-entropy on probabilities', () => {
  function tfjsLoss(yTrue: number[], probabilities: number[]): number {
    return tf.tidy(
      () =>
        tf.metrics.binaryCrossentropy(tf.tensor1d(yTrue), tf.tensor1d(probabilities)).dataSync()[0],
    );
  }

  test('p = 0 and p = 1 give a finite loss equal to tfjs within 1e-5', () => {
    const yTrue = [1, 0, 1, 0];
    const confidentlyWrong = [0, 1, 0, 1];
    const loss = logLoss(yTrue, confidentlyWrong);
    assert.ok(Number.isFinite(loss));
    // Clipped in float32 like Keras: a 1 given p = 0 costs -ln(1e-7) = 16.118,
    // a 0 given p = 1 costs -ln(2^-23) = 15.942 (1 - 1e-7 rounds to 1 - 2^-23).
    assert.ok(Math.abs(loss - (-Math.log(1e-7) + 23 * Math.LN2) / 2) < 1e-5, String(loss));
    assert.ok(Math.abs(loss - tfjsLoss(yTrue, confidentlyWrong)) < 1e-5);
    const right = [1, 0, 1, 0];
    assert.ok(Math.abs(logLoss(yTrue, right) - tfjsLoss(yTrue, right)) < 1e-5);
  });

  test('ordinary probabilities agree with tfjs within 1e-5', () => {
    const random = createRandom(12);
    const yTrue = Array.from({ length: 200 }, () => (random() < 0.4 ? 1 : 0));
    const probabilities = yTrue.map(() => random());
    assert.ok(Math.abs(logLoss(yTrue, probabilities) - tfjsLoss(yTrue, probabilities)) < 1e-5);
  });
});

describe('backend parity', () => {
  /** The notebook's two model shapes, trained a few epochs on seeded data. */
  async function notebookLosses(backend: string): Promise<number[]> {
    await tf.setBackend(backend);
    const random = createRandom(5);
    const losses: number[] = [];
    for (const [inputDim, rows] of [
      [100, 1000],
      [30, 341],
    ]) {
      const x = Array.from({ length: rows }, () =>
        Array.from({ length: inputDim }, () => random()),
      );
      const y = x.map(() => (random() < 0.5 ? 1 : 0));
      const model = denseClassifier({ inputDim, hiddenUnits: [32], seed: 42 });
      const history = await train(model, x, y, {
        epochs: 3,
        batchSize: 32,
        seed: 42,
        verbose: false,
      });
      losses.push(...history.history.loss);
      disposeModel(model);
    }
    await tf.setBackend('cpu');
    return losses;
  }

  function available(backend: string): boolean {
    if (backend === 'tensorflow') {
      try {
        require('tfjs-node-native');
      } catch {
        return false;
      }
    }
    if (backend === 'wasm') {
      try {
        require('@tensorflow/tfjs-backend-wasm');
      } catch {
        return false;
      }
    }
    return tf.findBackendFactory(backend) !== null;
  }

  for (const backend of ['tensorflow', 'wasm']) {
    const skip = available(backend) ? false : `the ${backend} backend is not installed here`;
    test(
      `${backend} trains the notebook models to the losses of cpu within 1e-3 relative`,
      { skip },
      async () => {
        const reference = await notebookLosses('cpu');
        const losses = await notebookLosses(backend);
        losses.forEach((loss, i) =>
          assert.ok(
            Math.abs(loss - reference[i]) <= 1e-3 * Math.abs(reference[i]),
            `${i}: ${loss} vs ${reference[i]}`,
          ),
        );
      },
    );
  }

  test('cpu gives bit-identical losses when the same training runs twice', async () => {
    assert.deepEqual(await notebookLosses('cpu'), await notebookLosses('cpu'));
  });
});
