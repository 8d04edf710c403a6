import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../src/backend';
import { denseClassifier, disposeModel } from '../src/model';
import { createRandom } from '../src/random';
import { formatEpoch } from '../src/progress';
import { train } from '../src/train';

before(async () => {
  await setupBackend({ verbose: false });
});

/** Two Gaussian-free blobs: label 1 when x0 + x1 > 1, so a linear model can learn it. */
function separable(rows: number, seed: number): { x: number[][]; y: number[] } {
  const random = createRandom(seed);
  const x = Array.from({ length: rows }, () => [random(), random()]);
  return { x, y: x.map(([a, b]) => (a + b > 1 ? 1 : 0)) };
}

test('history keys are the names the model was compiled with, one value per epoch', async () => {
  const { x, y } = separable(64, 1);
  const model = denseClassifier({ inputDim: 2, hiddenUnits: [4] });
  const history = await train(model, x, y, {
    epochs: 3,
    validationData: [x.slice(0, 16), y.slice(0, 16)],
    verbose: false,
  });
  assert.deepEqual(Object.keys(history.history), ['loss', 'accuracy', 'val_loss', 'val_accuracy']);
  assert.deepEqual(history.epoch, [0, 1, 2]);
  for (const values of Object.values(history.history)) {
    assert.equal(values.length, 3);
    values.forEach((v) => assert.ok(Number.isFinite(v)));
  }
  disposeModel(model);
});

test('training learns a separable problem', async () => {
  const { x, y } = separable(200, 2);
  const model = denseClassifier({ inputDim: 2, hiddenUnits: [8], learningRate: 0.05, seed: 3 });
  const history = await train(model, x, y, { epochs: 30, batchSize: 16, verbose: false });
  const loss = history.history.loss;
  assert.ok(loss[loss.length - 1] < loss[0] / 2, `loss went from ${loss[0]} to ${loss.at(-1)}`);
  assert.ok(history.history.accuracy.at(-1)! > 0.9, `accuracy ${history.history.accuracy.at(-1)}`);
  disposeModel(model);
});

test('the same seeds give bit-identical weights and history; another shuffle seed does not', async () => {
  const { x, y } = separable(96, 4);
  async function run(shuffleSeed: number) {
    const model = denseClassifier({ inputDim: 2, hiddenUnits: [6], seed: 5 });
    const history = await train(model, x, y, {
      epochs: 4,
      batchSize: 8,
      seed: shuffleSeed,
      verbose: false,
    });
    const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
    disposeModel(model);
    return { history: history.history, weights };
  }
  const first = await run(7);
  const second = await run(7);
  const other = await run(8);
  assert.deepEqual(second, first);
  assert.notDeepEqual(other.history.loss, first.history.loss);
});

test('each epoch is reported to onEpochEnd and printed as one line', async () => {
  const { x, y } = separable(32, 5);
  const model = denseClassifier({ inputDim: 2, hiddenUnits: [2] });
  const seen: number[] = [];
  const lines: string[] = [];
  const log = console.log;
  console.log = (line: string) => lines.push(line);
  try {
    await train(model, x, y, { epochs: 2, onEpochEnd: (epoch) => void seen.push(epoch) });
  } finally {
    console.log = log;
  }
  assert.deepEqual(seen, [0, 1]);
  assert.equal(lines.length, 2);
  assert.match(lines[1], /^Epoch 2\/2 {2}loss \d\.\d{4} {2}accuracy \d\.\d{4} {2}\(\d+ ms\)$/);
  disposeModel(model);
});

test('formatEpoch pads the epoch number to the width of the total', () => {
  assert.equal(
    formatEpoch(2, 10, { loss: 0.69314, accuracy: 0.5 }, 41.4),
    'Epoch  3/10  loss 0.6931  accuracy 0.5000  (41 ms)',
  );
});

test('train frees the tensors it makes from plain arrays', async () => {
  const { x, y } = separable(40, 6);
  const model = denseClassifier({ inputDim: 2, hiddenUnits: [3] });
  await train(model, x, y, { epochs: 1, verbose: false }); // warm-up: optimizer slots
  const before = tf.memory().numTensors;
  await train(model, x, y, { epochs: 2, validationData: [x, y], verbose: false });
  assert.equal(tf.memory().numTensors, before);
  disposeModel(model);
});

test('bad arguments are refused with the argument named', async () => {
  const model = denseClassifier({ inputDim: 2 });
  await assert.rejects(
    train(
      model,
      [
        [0, 1],
        [1, 0],
      ],
      [1],
      { epochs: 1, verbose: false },
    ),
    /xTrain has 2 rows but yTrain has 1; expected the same number/,
  );
  await assert.rejects(
    train(model, [[0, 1]], [1], { epochs: 0 }),
    /epochs is 0; expected a positive integer/,
  );
  await assert.rejects(
    train(model, [[0, 1]], [1], { epochs: 1, batchSize: 1.5 }),
    /batchSize is 1.5; expected a positive integer/,
  );
  disposeModel(model);
});
