/**
 * The traps of tfjs training that `train` closes: validation rows taken from
 * the end of the data, early stopping that cannot restore the best weights,
 * a loss that silently turns NaN, leaked tensors, and results that change
 * from run to run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../src/backend';
import { EarlyStopping, earlyStopping } from '../src/callbacks';
import { loadCsv } from '../src/csv';
import { denseClassifier, disposeModel } from '../src/model';
import { createRandom } from '../src/random';
import { StandardScaler } from '../src/scaler';
import { stratifiedSplit, takeRows } from '../src/split';
import { NonFiniteLossError, splitValidation, train } from '../src/train';

before(async () => {
  await setupBackend({ verbose: false });
});

/** The real data, split 60/20/20 and standardised as in the binary-classifier notebook. */
async function cancerData() {
  const data = await loadCsv(path.join(__dirname, '..', 'data', 'breast-cancer-wisconsin.csv'), {
    label: 'diagnosis',
  });
  const split = stratifiedSplit(data.labels, {
    fractions: { train: 0.6, validation: 0.2, test: 0.2 },
    seed: 42,
  });
  const scaler = new StandardScaler().fit(takeRows(data.features, split.train));
  return {
    xTrain: scaler.transform(takeRows(data.features, split.train)),
    yTrain: takeRows(data.labels, split.train),
    xVal: scaler.transform(takeRows(data.features, split.validation)),
    yVal: takeRows(data.labels, split.validation),
  };
}

describe('validation split', () => {
  const sortedLabels = [...Array(300).fill(0), ...Array(200).fill(1)];
  const share = (labels: number[]) => labels.filter((y) => y === 1).length / labels.length;

  test('on labels sorted by class, the validation rows keep the class ratio within 5 points', () => {
    const { train: trainRows, validation } = splitValidation(sortedLabels, 0.2, 1);
    assert.equal(validation.length, 100);
    assert.equal(trainRows.length + validation.length, 500);
    assert.ok(Math.abs(share(takeRows(sortedLabels, validation)) - 0.4) <= 0.05);
  });

  test("tfjs's own validationSplit takes the tail: all of it class 1 on sorted labels", async () => {
    // The trap this library closes, shown so that a future tfjs fixing it is noticed.
    const model = denseClassifier({ inputDim: 1, hiddenUnits: [2] });
    const x = tf.tensor2d(sortedLabels.map((y) => [y]));
    const y = tf.tensor2d(sortedLabels, [500, 1]);
    const fitted = await model.fit(x, y, { epochs: 1, validationSplit: 0.2, verbose: 0 });
    // The validation loss on class-1-only rows equals the loss evaluated on the last 100 rows.
    const tail = model.evaluate(
      x.slice([400, 0], [100, 1]),
      y.slice([400, 0], [100, 1]),
    ) as tf.Scalar[];
    assert.ok(Math.abs((fitted.history.val_loss[0] as number) - tail[0].dataSync()[0]) < 1e-6);
    tf.dispose([x, y, ...tail]);
    disposeModel(model);
  });

  test('train with validationSplit measures exactly the rows splitValidation holds out', async () => {
    const random = createRandom(3);
    const x = sortedLabels.map((y) => [y + random() - 0.5, random()]);
    const model = denseClassifier({ inputDim: 2, hiddenUnits: [3], seed: 2 });
    const history = await train(model, x, sortedLabels, {
      epochs: 1,
      validationSplit: 0.2,
      seed: 5,
      verbose: false,
    });
    const { validation } = splitValidation(sortedLabels, 0.2, 5);
    const [loss] = model.evaluate(
      tf.tensor2d(takeRows(x, validation)),
      tf.tensor2d(takeRows(sortedLabels, validation), [validation.length, 1]),
    ) as tf.Scalar[];
    assert.ok(Math.abs(history.history.val_loss[0] - loss.dataSync()[0]) < 1e-5);
    disposeModel(model);
  });

  test('a fraction outside (0, 1) is refused', async () => {
    const model = denseClassifier({ inputDim: 1 });
    await assert.rejects(
      train(model, [[0], [1]], [0, 1], { epochs: 1, validationSplit: 1, verbose: false }),
      /validationSplit is 1; expected a fraction between 0 and 1/,
    );
    disposeModel(model);
  });
});

describe('early stopping', () => {
  const model = () => denseClassifier({ inputDim: 1, hiddenUnits: [1] });

  test('stops once patience epochs in a row brought no improvement, as Keras does', () => {
    const net = model();
    const stopper = new EarlyStopping({ patience: 2 });
    const losses = [1, 0.9, 0.95, 0.97, 0.5];
    const stops = losses.map((v, epoch) => stopper.onEpochEnd(epoch, { val_loss: v }, net));
    assert.deepEqual(stops, [false, false, false, true, false]);
    assert.equal(stopper.bestEpoch, 4); // the last call still tracks; train would have stopped at 3
    disposeModel(net);
  });

  test('minDelta decides what counts as an improvement; auto mode maximises accuracy', () => {
    const net = model();
    const strict = new EarlyStopping({ monitor: 'val_loss', minDelta: 0.1, patience: 1 });
    assert.equal(strict.onEpochEnd(0, { val_loss: 1 }, net), false);
    assert.equal(strict.onEpochEnd(1, { val_loss: 0.95 }, net), true); // 0.05 < minDelta
    const accuracy = earlyStopping({ monitor: 'val_accuracy', patience: 1 });
    assert.equal(accuracy.mode, 'max');
    assert.equal(accuracy.onEpochEnd(0, { val_accuracy: 0.8 }, net), false);
    assert.equal(accuracy.onEpochEnd(1, { val_accuracy: 0.9 }, net), false);
    assert.equal(accuracy.onEpochEnd(2, { val_accuracy: 0.85 }, net), true);
    assert.equal(accuracy.bestValue, 0.9);
    disposeModel(net);
  });

  test('a monitor that is not logged, and bad options, are named', () => {
    const net = model();
    assert.throws(
      () => new EarlyStopping().onEpochEnd(0, { loss: 1 }, net),
      /monitor 'val_loss' is not logged; logged are loss \(pass validationData or validationSplit to train\)/,
    );
    assert.throws(
      () => earlyStopping({ patience: -1 }),
      /patience is -1; expected an integer >= 0/,
    );
    assert.throws(
      () => earlyStopping({ mode: 'up' as never }),
      /mode is 'up'; expected 'auto', 'min' or 'max'/,
    );
    disposeModel(net);
  });

  for (const [when, patience, epochs] of [
    ['when it stops early', 3, 200],
    ['when the epoch limit is reached', 1000, 40],
  ] as const) {
    test(`restoreBestWeights brings back the best val_loss ${when}`, async () => {
      const { xTrain, yTrain, xVal, yVal } = await cancerData();
      const net = denseClassifier({ inputDim: 30, hiddenUnits: [32], seed: 42 });
      const stopper = earlyStopping({ monitor: 'val_loss', patience, restoreBestWeights: true });
      const history = await train(net, xTrain, yTrain, {
        epochs,
        validationData: [xVal, yVal],
        seed: 42,
        callbacks: [stopper],
        verbose: false,
      });
      const valLoss = history.history.val_loss;
      const best = Math.min(...valLoss);
      assert.equal(stopper.bestEpoch, valLoss.indexOf(best));
      // The run must have moved past its best epoch, or restoring would prove nothing.
      assert.ok(valLoss.at(-1)! > best + 1e-4, `last ${valLoss.at(-1)} vs best ${best}`);
      if (patience === 3) {
        assert.equal(history.epoch.length, stopper.bestEpoch + 4);
        assert.equal(stopper.stoppedEpoch, stopper.bestEpoch + 3);
      } else {
        assert.equal(history.epoch.length, epochs);
        assert.equal(stopper.stoppedEpoch, -1);
      }
      const [restored] = net.evaluate(
        tf.tensor2d(xVal),
        tf.tensor2d(yVal, [yVal.length, 1]),
      ) as tf.Scalar[];
      assert.ok(
        Math.abs(restored.dataSync()[0] - best) < 1e-5,
        `${restored.dataSync()[0]} vs ${best}`,
      );
      disposeModel(net);
    });
  }
});

describe('a loss that is no longer finite', () => {
  test('stops at once, names the epoch and batch, suggests a lower learning rate, keeps the history', async () => {
    // Linear regression with a step size far too large: the loss grows
    // geometrically and overflows float32 early in the second epoch.
    const x = Array.from({ length: 64 }, (_, i) => [i, 64 - i]);
    const y = x.map((row) => row[0] * 2);
    const net = tf.sequential({
      layers: [tf.layers.dense({ units: 1, inputDim: 2, kernelInitializer: 'ones' })],
    });
    net.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const seenEpochs: number[] = [];
    const error = await train(net, x, y, {
      epochs: 5,
      batchSize: 8,
      verbose: false,
      onEpochEnd: (epoch) => void seenEpochs.push(epoch),
    }).catch((e: unknown) => e);
    assert.ok(error instanceof NonFiniteLossError);
    assert.match(
      error.message,
      /^Training stopped: the loss became (Infinity|NaN) at epoch 2, batch 1\. Try a lower learning rate \(it is 0\.1\)/,
    );
    assert.equal(error.epoch, 1);
    assert.equal(error.batch, 0);
    assert.deepEqual(error.history.epoch, [0]);
    assert.equal(error.history.history.loss.length, 1);
    assert.deepEqual(seenEpochs, [0]);
    disposeModel(net);
  });

  test('NaN in the features or labels outside 0/1 are refused before training', async () => {
    const net = denseClassifier({ inputDim: 2 });
    await assert.rejects(
      train(
        net,
        [
          [0, 1],
          [1, NaN],
        ],
        [0, 1],
        { epochs: 1, verbose: false },
      ),
      /xTrain\[1\]\[1\] is NaN; expected finite numbers/,
    );
    await assert.rejects(
      train(
        net,
        [
          [0, 1],
          [1, 0],
        ],
        [0, 2],
        { epochs: 1, verbose: false },
      ),
      /yTrain\[1\] is 2; expected labels 0 or 1 for binary cross-entropy/,
    );
    disposeModel(net);
  });
});

describe('class weights', () => {
  test('doubling every weight doubles the logged loss of a full-batch epoch', async () => {
    const x = [
      [0.5, 1],
      [1, -1],
      [-2, 0.3],
      [0.1, 0.1],
    ];
    const y = [1, 0, 0, 1];
    async function firstLoss(classWeight?: Record<number, number>) {
      const net = denseClassifier({ inputDim: 2, hiddenUnits: [3], seed: 1 });
      const history = await train(net, x, y, {
        epochs: 1,
        batchSize: 4,
        classWeight,
        verbose: false,
      });
      disposeModel(net);
      return history.history.loss[0];
    }
    const plain = await firstLoss();
    assert.ok(Math.abs((await firstLoss({ 0: 2, 1: 2 })) - 2 * plain) < 1e-6);
    assert.notEqual(await firstLoss({ 0: 1, 1: 3 }), plain);
  });

  test("'balanced' weights equal 'n / (classes × count)' and a missing class is refused", async () => {
    const x = [[0], [1], [2], [3]];
    const y = [0, 0, 0, 1];
    async function firstLoss(classWeight: Record<number, number> | 'balanced') {
      const net = denseClassifier({ inputDim: 1, hiddenUnits: [2], seed: 3 });
      const history = await train(net, x, y, {
        epochs: 1,
        batchSize: 4,
        classWeight,
        verbose: false,
      });
      disposeModel(net);
      return history.history.loss[0];
    }
    // 4 rows, 2 classes: class 0 (3 rows) gets 4 / 6, class 1 (1 row) gets 4 / 2.
    assert.ok(
      Math.abs((await firstLoss('balanced')) - (await firstLoss({ 0: 4 / 6, 1: 2 }))) < 1e-7,
    );
    await assert.rejects(
      firstLoss({ 0: 1 }),
      /classWeight\[1\] is undefined; expected a finite weight >= 0/,
    );
  });
});

describe('tensor hygiene', () => {
  test('20 cycles of build, train, evaluate, predict and dispose leave no tensor behind', async () => {
    const random = createRandom(8);
    const rows = Array.from({ length: 48 }, () => [random(), random(), random()]);
    const labels = rows.map(([a, b]) => (a > b ? 1 : 0));
    const start = tf.memory().numTensors;
    for (let cycle = 0; cycle < 20; cycle++) {
      const net = denseClassifier({
        inputDim: 3,
        hiddenUnits: [4],
        optimizer: cycle % 2 ? 'adam' : 'rmsprop',
        seed: cycle,
      });
      await train(net, rows, labels, {
        epochs: 3,
        batchSize: 16,
        validationSplit: 0.25,
        verbose: false,
        callbacks: [earlyStopping({ patience: 1, restoreBestWeights: true })],
      });
      const x = tf.tensor2d(rows);
      const y = tf.tensor2d(labels, [labels.length, 1]);
      tf.dispose(net.evaluate(x, y) as tf.Scalar[]);
      tf.dispose(net.predict(x) as tf.Tensor);
      tf.dispose([x, y]);
      disposeModel(net);
    }
    assert.equal(tf.memory().numTensors, start);
  });
});

describe('reproducibility', () => {
  const script = `
    const { setupBackend, denseClassifier, train, createRandom } = require('./src');
    (async () => {
      await setupBackend({ verbose: false });
      const random = createRandom(1);
      const x = Array.from({ length: 80 }, () => [random(), random()]);
      const y = x.map(([a, b]) => (a + b > 1 ? 1 : 0));
      const net = denseClassifier({ inputDim: 2, hiddenUnits: [5], seed: 9 });
      const history = await train(net, x, y, { epochs: 3, batchSize: 8, validationSplit: 0.25, seed: 4, verbose: false });
      const weights = net.getWeights().map((w) => Array.from(w.dataSync()));
      console.log(JSON.stringify({ history: history.history, weights }));
    })();
  `;

  test('the same seed gives bit-identical weights and history in two processes', () => {
    const runs = [0, 1].map(() => {
      const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: path.join(__dirname, '..'),
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout) as {
        history: Record<string, number[]>;
        weights: number[][];
      };
    });
    assert.deepEqual(runs[1], runs[0]);
    assert.equal(runs[0].history.val_loss.length, 3);
  });
});

describe('bad input names the argument and what was expected', () => {
  const cases: [
    string,
    Parameters<typeof train>[1],
    Parameters<typeof train>[2],
    Record<string, unknown>,
    RegExp,
  ][] = [
    [
      'wrong width',
      [[1, 2, 3]],
      [1],
      {},
      /xTrain has rows of shape \[3\] but the model expects \[2\] \(its inputDim\)/,
    ],
    [
      'ragged rows',
      [[1, 2], [3]],
      [0, 1],
      {},
      /xTrain\[1\] is an array of 1 item \(\[3\]\); expected an array of 2 numbers/,
    ],
    ['no rows', [], [], {}, /xTrain is an empty array; expected rows of numbers/],
    ['a flat array', [1, 2] as never, [0, 1], {}, /xTrain\[0\] is 1; expected an array of/],
    [
      'a string feature',
      [['1', 2]] as never,
      [1],
      {},
      /xTrain\[0\]\[0\] is "1"; expected a number/,
    ],
    [
      'a null label',
      [
        [1, 2],
        [3, 4],
      ],
      [0, null] as never,
      {},
      /yTrain\[1\] is null; expected a number/,
    ],
    [
      'bad validation labels',
      [
        [1, 2],
        [3, 4],
      ],
      [0, 1],
      { validationData: [[[1, 2]], [5]] },
      /validationData\[1\]\[0\] is 5; expected labels 0 or 1/,
    ],
    [
      'validation not a pair',
      [[1, 2]],
      [1],
      { validationData: [[1, 2]] },
      /validationData is an array of 1 item \(\[\[1,2\]\]\); expected a pair \[features, labels\]/,
    ],
    [
      'one-hot labels',
      [[1, 2]],
      tf.tensor2d([[0, 1]]),
      {},
      /yTrain has shape \[1, 2\]; expected one label per row/,
    ],
    [
      'validationSplit as text',
      [
        [1, 2],
        [3, 4],
      ],
      [0, 1],
      { validationSplit: '0.2' },
      /validationSplit is "0.2"; expected a fraction between 0 and 1/,
    ],
    [
      'classWeight as text',
      [[1, 2]],
      [1],
      { classWeight: 'bogus' },
      /classWeight is "bogus"; expected 'balanced' or weights such as/,
    ],
    [
      'all class weights 0',
      [
        [1, 2],
        [3, 4],
      ],
      [0, 1],
      { classWeight: { 0: 0, 1: 0 } },
      /classWeight gives every class weight 0/,
    ],
    [
      'callbacks not an array',
      [[1, 2]],
      [1],
      { callbacks: earlyStopping() },
      /callbacks is an EarlyStopping; expected an array/,
    ],
  ];
  for (const [what, x, y, extra, message] of cases) {
    test(what, async () => {
      const net = denseClassifier({ inputDim: 2, hiddenUnits: [2] });
      const before = tf.memory().numTensors;
      await assert.rejects(train(net, x, y, { epochs: 1, verbose: false, ...extra }), message);
      assert.equal(tf.memory().numTensors, before, 'no tensor is left behind');
      disposeModel(net);
    });
  }
});
