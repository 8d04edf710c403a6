import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../src/backend';
import { loadModel, saveModel } from '../src/io';
import { createOptimizer, denseClassifier, disposeModel, predictProbabilities } from '../src/model';
import { createRandom } from '../src/random';
import { train } from '../src/train';

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

/** A small seeded problem: the label says whether x + y > 0, with a few flipped labels. */
function toyData(rows: number, seed: number): { x: number[][]; y: number[] } {
  const random = createRandom(seed);
  const x = Array.from({ length: rows }, () => [random() * 2 - 1, random() * 2 - 1]);
  const y = x.map(([a, b]) => (a + b > 0 !== random() < 0.1 ? 1 : 0));
  return { x, y };
}

function layerNames(model: tf.LayersModel): string[] {
  return model.layers.map((layer) => `${layer.getClassName()} ${layer.name}`);
}

test('dropout adds a seeded dropout layer after each hidden layer, and none when 0', () => {
  const model = denseClassifier({ inputDim: 3, hiddenUnits: [4, 2], dropout: 0.25, seed: 1 });
  assert.deepEqual(layerNames(model), [
    'Dense hidden_1',
    'Dropout dropout_1',
    'Dense hidden_2',
    'Dropout dropout_2',
    'Dense output',
  ]);
  const configs = model.layers
    .filter((l) => l.name.startsWith('dropout'))
    .map((l) => l.getConfig());
  assert.deepEqual(
    configs.map((c) => c.rate),
    [0.25, 0.25],
  );
  // Each dropout layer has its own seed.
  assert.equal(typeof configs[0].seed, 'number');
  assert.notEqual(configs[0].seed, configs[1].seed);

  const plain = denseClassifier({ inputDim: 3, hiddenUnits: [4, 2], dropout: 0, seed: 1 });
  assert.deepEqual(layerNames(plain), ['Dense hidden_1', 'Dense hidden_2', 'Dense output']);
  // Dropout does not change the initial weights of the same seed.
  assert.deepEqual(weightsOf(model), weightsOf(plain));
  [model, plain].forEach(disposeModel);
});

test('l2 puts an L2 regularizer on every kernel and none on the biases', () => {
  const model = denseClassifier({ inputDim: 3, hiddenUnits: [4, 2], l2: 0.01 });
  for (const layer of model.layers) {
    const config = layer.getConfig();
    // tfjs's l2(...) is an L1L2 regularizer with l1 = 0, as in Keras 2.
    assert.deepEqual(config.kernelRegularizer, { className: 'L1L2', config: { l1: 0, l2: 0.01 } });
    assert.equal(config.biasRegularizer, null);
  }
  const plain = denseClassifier({ inputDim: 3, hiddenUnits: [4, 2] });
  for (const layer of plain.layers) assert.equal(layer.getConfig().kernelRegularizer, null);
  [model, plain].forEach(disposeModel);
});

test('with l2 the training loss is the same loss plus l2 × the sum of squared kernel weights', async () => {
  const { x, y } = toyData(40, 3);
  const l2 = 0.05;
  const penalised = denseClassifier({ inputDim: 2, hiddenUnits: [5], l2, seed: 8 });
  const plain = denseClassifier({ inputDim: 2, hiddenUnits: [5], seed: 8 });
  // The kernels are the even-numbered weights: kernel, bias, kernel, bias.
  const squaredKernels = weightsOf(plain)
    .filter((_, i) => i % 2 === 0)
    .flat()
    .reduce((sum, w) => sum + w * w, 0);

  // One batch of all rows: the logged loss is that of the initial weights.
  const options = { epochs: 1, batchSize: 40, seed: 2, verbose: false };
  const withPenalty = (await train(penalised, x, y, options)).history.loss[0];
  const without = (await train(plain, x, y, options)).history.loss[0];
  assert.ok(withPenalty > without, `${withPenalty} > ${without}`);
  assert.ok(
    Math.abs(withPenalty - without - l2 * squaredKernels) < 1e-5,
    `${withPenalty} - ${without} = ${withPenalty - without}, expected ${l2 * squaredKernels}`,
  );
  [penalised, plain].forEach(disposeModel);
});

test('dropout draws a new mask at each training step, reproducibly, and none at predict time', () => {
  const masks = () => {
    const model = denseClassifier({ inputDim: 2, hiddenUnits: [6], dropout: 0.5, seed: 4 });
    const layer = model.getLayer('dropout_1');
    const ones = tf.ones([3, 6]);
    const steps = [1, 2, 3].map(() =>
      tf.tidy(() => (layer.apply(ones, { training: true }) as tf.Tensor).arraySync()),
    );
    const inference = tf.tidy(() => (layer.apply(ones) as tf.Tensor).arraySync());
    tf.dispose(ones);
    disposeModel(model);
    return { steps, inference };
  };
  const first = masks();
  // Kept units are scaled by 1 / (1 - rate) = 2, dropped ones are 0.
  first.steps.flat(2).forEach((v) => assert.ok(v === 0 || v === 2, `${v}`));
  assert.notDeepEqual(first.steps[0], first.steps[1]);
  assert.notDeepEqual(first.steps[1], first.steps[2]);
  assert.deepEqual(masks().steps, first.steps);

  // Why the layer is not tfjs's own: given a seed, tfjs drops the same units at every step.
  const fixed = tf.layers.dropout({ rate: 0.5, seed: 4 });
  const [a, b] = tf.tidy(() =>
    [1, 2].map(() => (fixed.apply(tf.ones([3, 6]), { training: true }) as tf.Tensor).arraySync()),
  );
  assert.deepEqual(a, b);
  assert.deepEqual(first.inference, [
    [1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1],
  ]);
});

test('training with dropout and l2 is reproducible: the same seeds give bit-identical weights', async () => {
  const { x, y } = toyData(48, 5);
  const run = async (modelSeed: number, dropout = 0.4) => {
    const model = denseClassifier({
      inputDim: 2,
      hiddenUnits: [8, 4],
      dropout,
      l2: 1e-3,
      learningRate: 0.01,
      seed: modelSeed,
    });
    const history = await train(model, x, y, { epochs: 3, batchSize: 16, seed: 6, verbose: false });
    const weights = weightsOf(model);
    disposeModel(model);
    return { weights, loss: history.history.loss };
  };
  const a = await run(9);
  const b = await run(9);
  assert.deepEqual(b.weights, a.weights);
  assert.deepEqual(b.loss, a.loss);
  // Dropout is active while training: without it, the same initial weights train otherwise.
  assert.notDeepEqual((await run(9, 0)).loss, a.loss);
  assert.notDeepEqual((await run(10)).loss, a.loss);
});

test('dropout is inactive at predict time: predictions repeat and match the same model without dropout', async () => {
  const rows = [
    [0.5, -1],
    [2, 0.25],
    [-1, -1],
  ];
  const withDropout = denseClassifier({ inputDim: 2, hiddenUnits: [6], dropout: 0.5, seed: 3 });
  const without = denseClassifier({ inputDim: 2, hiddenUnits: [6], seed: 3 });
  const first = predictProbabilities(withDropout, rows);
  assert.deepEqual(predictProbabilities(withDropout, rows), first);
  assert.deepEqual(predictProbabilities(without, rows), first);

  // And after training, with the dropout layers in place.
  const { x, y } = toyData(32, 1);
  await train(withDropout, x, y, { epochs: 2, batchSize: 8, verbose: false });
  const trained = predictProbabilities(withDropout, rows);
  assert.notDeepEqual(trained, first);
  assert.deepEqual(predictProbabilities(withDropout, rows), trained);
  [withDropout, without].forEach(disposeModel);
});

test('a model with dropout and l2 saves and loads as a standard Keras model', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-model-'));
  const model = denseClassifier({ inputDim: 2, hiddenUnits: [4], dropout: 0.3, l2: 0.01, seed: 2 });
  try {
    await saveModel(model, path.join(dir, 'model'));
    const loaded = await loadModel(path.join(dir, 'model'));
    assert.deepEqual(layerNames(loaded), layerNames(model));
    const rows = [
      [1, 2],
      [-3, 0.5],
    ];
    assert.deepEqual(predictProbabilities(loaded, rows), predictProbabilities(model, rows));
    disposeModel(loaded);
  } finally {
    disposeModel(model);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bad dropout and l2 values name the argument, the value and what was expected', () => {
  assert.throws(
    () => denseClassifier({ inputDim: 3, dropout: 1 }),
    /^Error: dropout is 1; expected a rate in \[0, 1\)$/,
  );
  assert.throws(
    () => denseClassifier({ inputDim: 3, dropout: '0.5' as never }),
    /dropout is "0.5"; expected a rate in \[0, 1\)/,
  );
  assert.throws(
    () => denseClassifier({ inputDim: 3, l2: -0.1 }),
    /^Error: l2 is -0.1; expected a finite number >= 0$/,
  );
  assert.throws(
    () => denseClassifier({ inputDim: 3, l2: NaN }),
    /l2 is NaN; expected a finite number >= 0/,
  );
});
