import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../src/backend';
import { createOptimizer, denseClassifier, disposeModel, predictProbabilities } from '../src/model';

before(async () => {
  await setupBackend({ verbose: false });
});

function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

test('the classic shape: 100 inputs, 32 relu, 1 sigmoid has 3265 parameters', () => {
  const model = denseClassifier({ inputDim: 100 });
  // (100 * 32 + 32) + (32 * 1 + 1) = 3232 + 33
  assert.equal(model.countParams(), 3265);
  assert.deepEqual(
    model.layers.map((layer) => (layer.getConfig() as { activation: string }).activation),
    ['relu', 'sigmoid'],
  );
  assert.deepEqual(model.metricsNames, ['loss', 'acc']);
  assert.equal(model.loss, 'binaryCrossentropy');
  disposeModel(model);
});

test('the same seed gives the same initial weights, another seed different ones', () => {
  const a = denseClassifier({ inputDim: 5, hiddenUnits: [4, 3], seed: 11 });
  const b = denseClassifier({ inputDim: 5, hiddenUnits: [4, 3], seed: 11 });
  const c = denseClassifier({ inputDim: 5, hiddenUnits: [4, 3], seed: 12 });
  assert.deepEqual(weightsOf(a), weightsOf(b));
  assert.notDeepEqual(weightsOf(a)[0], weightsOf(c)[0]);
  // Different layers get different seeds, so equally shaped kernels differ.
  const twin = denseClassifier({ inputDim: 4, hiddenUnits: [4, 4], seed: 1 });
  assert.notDeepEqual(weightsOf(twin)[0], weightsOf(twin)[2]);
  [a, b, c, twin].forEach(disposeModel);
});

test('disposeModel frees the weights and the optimizer state', async () => {
  const before = tf.memory().numTensors;
  const model = denseClassifier({ inputDim: 3, optimizer: 'adam' });
  const x = tf.ones([4, 3]);
  const y = tf.ones([4, 1]);
  await model.fit(x, y, { epochs: 1, verbose: 0 });
  disposeModel(model);
  tf.dispose([x, y]);
  assert.equal(tf.memory().numTensors, before);
});

test('bad arguments name the argument, the value and what was expected', () => {
  assert.throws(
    () => denseClassifier({ inputDim: 0 }),
    /inputDim is 0; expected a positive integer/,
  );
  assert.throws(
    () => denseClassifier({ inputDim: 3, hiddenUnits: [8, 2.5] }),
    /hiddenUnits\[1\] is 2.5; expected a positive integer/,
  );
  assert.throws(
    () => denseClassifier({ inputDim: 3, learningRate: -1 }),
    /learningRate is -1; expected a finite number > 0/,
  );
  assert.throws(
    () => createOptimizer('adagrad' as never, 0.1),
    /optimizer is 'adagrad'; expected 'rmsprop', 'adam' or 'sgd'/,
  );
});

test('predictProbabilities returns one probability per row and frees its tensors', () => {
  const model = denseClassifier({ inputDim: 2, hiddenUnits: [3], seed: 4 });
  const rows = [
    [0, 0],
    [1, -1],
    [5, 2],
  ];
  const before = tf.memory().numTensors;
  const probabilities = predictProbabilities(model, rows);
  assert.equal(tf.memory().numTensors, before);
  const expected = tf.tidy(() =>
    Array.from((model.predict(tf.tensor2d(rows)) as tf.Tensor).dataSync()),
  );
  assert.deepEqual(Array.from(probabilities), expected);
  probabilities.forEach((p) => assert.ok(p > 0 && p < 1));
  disposeModel(model);
});
