/**
 * The fused engine against model.fit: for every kind of model it covers,
 * the same weights, optimizer state and history, to the last bit, and a
 * clear choice of tfjs, with the reason, for the models it does not cover.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../src/backend';
import {
  denseClassifier,
  disposeModel,
  SeededDropout,
  type DenseClassifierArgs,
} from '../src/model';
import { createRandom } from '../src/random';
import { NonFiniteLossError, train, trainingEngine, type TrainArgs } from '../src/train';

before(async () => {
  await setupBackend({ verbose: false });
});

/** Rows of `width` features in [-2, 2) and a noisy linear label. */
function noisyRows(rows: number, width: number, seed: number): { x: number[][]; y: number[] } {
  const random = createRandom(seed);
  const x = Array.from({ length: rows }, () =>
    Array.from({ length: width }, () => 4 * random() - 2),
  );
  return { x, y: x.map((row) => (row[0] + row[1] + random() - 0.5 > 0 ? 1 : 0)) };
}

interface Outcome {
  history: Record<string, number[]>;
  weights: number[][];
  optimizerState: { name: string; values: number[] }[];
  iterations: number;
}

/** Trains a fresh model from `build`, one `train` call per entry of `calls`; records it all. */
async function outcome(
  build: () => tf.LayersModel,
  data: { x: number[][]; y: number[] },
  calls: (TrainArgs & { engine: 'fused' | 'tfjs' })[],
): Promise<Outcome> {
  const model = build();
  const history: Record<string, number[]> = {};
  for (const args of calls) {
    const result = await train(model, data.x, data.y, { verbose: false, ...args });
    for (const [key, values] of Object.entries(result.history)) {
      (history[key] ??= []).push(...values);
    }
  }
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  // Names without the suffix tfjs adds to a weight name already taken by an earlier model.
  const optimizerState = (await model.optimizer.getWeights()).map(({ name, tensor }) => ({
    name: name.replace(/(kernel|bias)_\d+/, '$1'),
    values: Array.from(tensor.dataSync()),
  }));
  const iterations = model.optimizer.iterations;
  disposeModel(model);
  return { history, weights, optimizerState, iterations };
}

/** Both engines, the same calls; the outcomes must be equal value for value. */
async function assertSameAsFit(
  build: () => tf.LayersModel,
  data: { x: number[][]; y: number[] },
  args: TrainArgs,
): Promise<Outcome> {
  const fit = await outcome(build, data, [{ ...args, engine: 'tfjs' }]);
  const fused = await outcome(build, data, [{ ...args, engine: 'fused' }]);
  assert.deepEqual(fused.history, fit.history, 'history');
  assert.deepEqual(fused.weights, fit.weights, 'weights');
  assert.deepEqual(fused.optimizerState, fit.optimizerState, 'optimizer state');
  assert.equal(fused.iterations, fit.iterations, 'optimizer iterations');
  return fit;
}

/** A dense classifier compiled by hand, for optimizers and metrics denseClassifier lacks. */
function handCompiled(
  optimizer: tf.Optimizer,
  metrics: string[],
  { freezeFirst = false } = {},
): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      units: 6,
      inputDim: 4,
      name: 'hidden',
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 1,
      activation: 'sigmoid',
      name: 'output',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
    }),
  );
  if (freezeFirst) model.layers[0].trainable = false;
  model.compile({ optimizer, loss: 'binaryCrossentropy', metrics });
  return model;
}

describe('the fused engine computes what model.fit computes, bit for bit', () => {
  const cases: { name: string; model: DenseClassifierArgs; rows: number; args: TrainArgs }[] = [
    {
      name: 'the classic model: 100 inputs, 32 relu, rmsprop, batch 32 with a short last batch',
      model: { inputDim: 100, hiddenUnits: [32], seed: 1 },
      rows: 200,
      args: { epochs: 3, batchSize: 32, seed: 2, validationSplit: 0.2 },
    },
    {
      name: 'two tanh layers with adam, batches of 70 rows (sums over rows in blocks of 48)',
      model: { inputDim: 12, hiddenUnits: [16, 8], activation: 'tanh', optimizer: 'adam', seed: 3 },
      rows: 150,
      args: { epochs: 3, batchSize: 70, seed: 4 },
    },
    {
      name: 'sigmoid units with sgd',
      model: { inputDim: 5, hiddenUnits: [60], activation: 'sigmoid', optimizer: 'sgd', seed: 5 },
      rows: 90,
      args: { epochs: 4, batchSize: 16, seed: 6 },
    },
    {
      name: 'a linear layer, one row per step',
      model: {
        inputDim: 3,
        hiddenUnits: [5],
        activation: 'linear',
        optimizer: 'adam',
        learningRate: 0.05,
        seed: 7,
      },
      rows: 40,
      args: { epochs: 2, batchSize: 1, seed: 8 },
    },
    {
      name: 'dropout after each hidden layer: a new seeded mask at every step',
      model: { inputDim: 10, hiddenUnits: [24, 12], dropout: 0.3, seed: 21 },
      rows: 100,
      args: { epochs: 3, batchSize: 25, seed: 22 },
    },
    {
      name: 'an L2 penalty on every kernel, with dropout and adam',
      model: {
        inputDim: 8,
        hiddenUnits: [16],
        l2: 0.01,
        dropout: 0.5,
        optimizer: 'adam',
        seed: 23,
      },
      rows: 90,
      args: { epochs: 3, batchSize: 32, seed: 24 },
    },
    {
      name: 'class weights: each row’s loss and gradient weighed by its class',
      model: { inputDim: 6, hiddenUnits: [10], seed: 28 },
      rows: 80,
      args: { epochs: 3, batchSize: 16, seed: 29, classWeight: { 0: 1, 1: 2.7 } },
    },
    {
      name: "'balanced' class weights with dropout",
      model: { inputDim: 6, hiddenUnits: [10], dropout: 0.25, seed: 30 },
      rows: 80,
      args: { epochs: 3, batchSize: 20, seed: 31, classWeight: 'balanced' },
    },
    {
      name: 'layers of 50 and 49 relu units (inner sums over units in blocks of 48)',
      model: { inputDim: 60, hiddenUnits: [50, 49], learningRate: 0.01, seed: 9 },
      rows: 120,
      args: { epochs: 3, batchSize: 40, seed: 10, shuffle: false },
    },
  ];
  for (const { name, model, rows, args } of cases) {
    test(name, async () => {
      const data = noisyRows(rows, model.inputDim, rows);
      const validation = noisyRows(30, model.inputDim, rows + 1);
      const withValidation =
        args.validationSplit === undefined
          ? { ...args, validationData: [validation.x, validation.y] as [number[][], number[]] }
          : args;
      const fit = await assertSameAsFit(() => denseClassifier(model), data, withValidation);
      assert.equal(fit.history.loss.length, args.epochs);
      assert.ok(fit.history.val_loss.every(Number.isFinite));
    });
  }

  test('rmsprop with momentum, and a model compiled without metrics or with acc', async () => {
    const data = noisyRows(64, 4, 11);
    for (const metrics of [[], ['acc'], ['accuracy']]) {
      const fit = await assertSameAsFit(
        () => handCompiled(tf.train.rmsprop(0.01, 0.8, 0.5, 1e-6), metrics),
        data,
        { epochs: 3, batchSize: 10, seed: 12 },
      );
      assert.deepEqual(
        Object.keys(fit.history),
        metrics.length === 0 ? ['loss'] : ['loss', metrics[0]],
      );
    }
  });

  test('L1 and L2 on kernels and biases together', async () => {
    const data = noisyRows(70, 4, 25);
    const build = () => {
      const model = tf.sequential();
      for (const [i, units] of [6, 1].entries()) {
        model.add(
          tf.layers.dense({
            units,
            inputDim: i === 0 ? 4 : undefined,
            activation: units === 1 ? 'sigmoid' : 'tanh',
            name: `layer_${i}`,
            kernelInitializer: tf.initializers.glorotUniform({ seed: 26 + i }),
            kernelRegularizer: tf.regularizers.l1l2({ l1: 0.003, l2: 0.02 }),
            biasRegularizer: tf.regularizers.l1({ l1: 0.01 }),
          }),
        );
      }
      model.compile({
        optimizer: tf.train.sgd(0.1),
        loss: 'binaryCrossentropy',
        metrics: ['accuracy'],
      });
      return model;
    };
    const model = build();
    assert.equal(trainingEngine(model).engine, 'fused');
    disposeModel(model);
    await assertSameAsFit(build, data, { epochs: 3, batchSize: 16, seed: 27 });
  });

  test('training goes on across calls and engines (the state is back in tfjs)', async () => {
    const data = noisyRows(80, 6, 13);
    const build = () =>
      denseClassifier({ inputDim: 6, hiddenUnits: [7], optimizer: 'adam', dropout: 0.2, seed: 14 });
    const args = { epochs: 2, batchSize: 16, seed: 15 };
    const fit = await outcome(build, data, [
      { ...args, engine: 'tfjs' },
      { ...args, engine: 'tfjs' },
    ]);
    for (const engines of [
      ['fused', 'tfjs'],
      ['tfjs', 'fused'],
      ['fused', 'fused'],
    ] as const) {
      const mixed = await outcome(
        build,
        data,
        engines.map((engine) => ({ ...args, engine })),
      );
      assert.deepEqual(mixed, fit, engines.join(' then '));
    }
  });

  test('saturated outputs: the clipped probabilities and their zero gradient match', async () => {
    // Large features and a large step drive the sigmoid to exactly 0 and 1.
    const { x, y } = noisyRows(60, 3, 16);
    const data = { x: x.map((row) => row.map((v) => 40 * v)), y };
    const build = () =>
      denseClassifier({ inputDim: 3, hiddenUnits: [8], learningRate: 0.5, seed: 17 });
    await assertSameAsFit(build, data, { epochs: 4, batchSize: 12, seed: 18 });

    const model = build();
    await train(model, data.x, data.y, { epochs: 4, batchSize: 12, seed: 18, verbose: false });
    const p = (model.predict(tf.tensor2d(data.x)) as tf.Tensor).dataSync();
    const clipped = Array.from(p).filter((v) => v < 1e-7 || v > 1 - 1e-7).length;
    assert.ok(clipped > 10, `${clipped} of 60 outputs beyond the clipping bounds`);
    disposeModel(model);
  });

  test('a loss that overflows stops both engines at the same batch, with one history', async () => {
    // A step near float32's largest number: weights overflow in the second
    // epoch, and infinities of both signs meet in the third.
    const data = noisyRows(64, 100, 19);
    const errors: NonFiniteLossError[] = [];
    for (const engine of ['tfjs', 'fused'] as const) {
      const model = denseClassifier({
        inputDim: 100,
        hiddenUnits: [8],
        optimizer: 'sgd',
        learningRate: 3e38,
        seed: 20,
      });
      await assert.rejects(
        train(model, data.x, data.y, {
          epochs: 5,
          batchSize: 64,
          seed: 21,
          verbose: false,
          engine,
        }),
        (error: unknown) => {
          assert.ok(error instanceof NonFiniteLossError);
          errors.push(error);
          return true;
        },
      );
      disposeModel(model);
    }
    const [fit, fused] = errors;
    assert.equal(fused.message, fit.message);
    assert.deepEqual([fused.epoch, fused.batch], [fit.epoch, fit.batch]);
    assert.deepEqual(fused.history, fit.history);
    assert.deepEqual([fit.epoch, fit.batch, fit.history.epoch], [2, 0, [0, 1]]);
  });
});

describe('trainingEngine says which engine runs and why', () => {
  test('the workbook’s dense classifiers train fused by default', () => {
    for (const activation of ['relu', 'tanh', 'sigmoid', 'linear'] as const) {
      for (const optimizer of ['rmsprop', 'adam', 'sgd'] as const) {
        const model = denseClassifier({
          inputDim: 3,
          hiddenUnits: [4, 2],
          activation,
          optimizer,
          dropout: 0.1,
          l2: 0.001,
        });
        assert.deepEqual(trainingEngine(model), { engine: 'fused' });
        disposeModel(model);
      }
    }
  });

  test('anything the fused engine does not mirror goes to model.fit, with the reason', () => {
    const cases: [string, () => tf.LayersModel, Partial<TrainArgs>, RegExp][] = [
      [
        "tfjs's dropout",
        () => {
          const model = tf.sequential();
          model.add(tf.layers.dense({ units: 4, inputDim: 3 }));
          model.add(tf.layers.dropout({ rate: 0.2, seed: 1 }));
          model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
          model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
          return model;
        },
        {},
        /is tfjs's Dropout, whose masks are not reproducible/,
      ],
      ['elu', () => denseClassifier({ inputDim: 3, activation: 'elu' }), {}, /activation elu/],
      ['momentum', () => handCompiled(tf.train.momentum(0.1, 0.9), ['accuracy']), {}, /Momentum/],
      [
        'centered rmsprop',
        () => handCompiled(tf.train.rmsprop(0.1, 0.9, 0, 1e-7, true), []),
        {},
        /centered/,
      ],
      [
        'another metric',
        () => handCompiled(tf.train.sgd(0.1), ['binaryAccuracy']),
        {},
        /only 'accuracy' is mirrored/,
      ],
      [
        'another loss',
        () => {
          const model = handCompiled(tf.train.sgd(0.1), []);
          model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
          return model;
        },
        {},
        /loss is not 'binaryCrossentropy'/,
      ],
      [
        'a functional model',
        () => {
          const input = tf.input({ shape: [3] });
          const output = tf.layers
            .dense({ units: 1, activation: 'sigmoid' })
            .apply(input) as tf.SymbolicTensor;
          const model = tf.model({ inputs: input, outputs: output });
          model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
          return model;
        },
        {},
        /not a plain tf.Sequential/,
      ],
      [
        'a replaced fit',
        () => {
          const model = denseClassifier({ inputDim: 3 });
          const fit = model.fit.bind(model);
          model.fit = (x, y, args) => fit(x, y, args);
          return model;
        },
        {},
        /fit method is replaced/,
      ],
      [
        'a layer made trainable after compile',
        () => {
          const model = handCompiled(tf.train.sgd(0.1), [], { freezeFirst: true });
          model.layers[0].trainable = true;
          return model;
        },
        {},
        /trainable changed after compile/,
      ],
      [
        'a layer frozen after compile',
        () => {
          const model = handCompiled(tf.train.sgd(0.1), []);
          model.layers[0].trainable = false;
          return model;
        },
        {},
        /one of its weights is not trainable/,
      ],
      [
        'one layer added twice',
        () => {
          const model = tf.sequential();
          const shared = tf.layers.dense({ units: 3, inputDim: 3, activation: 'relu' });
          model.add(shared);
          model.add(shared);
          model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
          model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
          return model;
        },
        {},
        /holds one layer more than once/,
      ],
      [
        'a metric function named acc',
        () => {
          const acc = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.metrics.precision(yTrue, yPred);
          const model = handCompiled(tf.train.sgd(0.1), []);
          model.compile({
            optimizer: tf.train.sgd(0.1),
            loss: 'binaryCrossentropy',
            metrics: [acc],
          });
          return model;
        },
        {},
        /its metrics are a function; only 'accuracy' is mirrored/,
      ],
      [
        'a subclass of tf.Sequential',
        () => {
          class Wrapped extends tf.Sequential {}
          const model = new Wrapped();
          model.add(tf.layers.dense({ units: 1, inputDim: 3, activation: 'sigmoid' }));
          model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
          return model;
        },
        {},
        /not a plain tf.Sequential/,
      ],
      [
        'a subclass of Dense',
        () => {
          const Dense = tf.serialization.SerializationMap.getMap().classNameMap
            .Dense[0] as unknown as new (args: object) => tf.layers.Layer;
          class Custom extends Dense {}
          const model = tf.sequential();
          model.add(new Custom({ units: 1, inputDim: 3, activation: 'sigmoid' }));
          model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
          return model;
        },
        {},
        /is a Dense, not tfjs's Dense/,
      ],
      [
        'an optimizer that trained a model of other shapes',
        () => {
          const optimizer = tf.train.adam(0.01);
          const first = handCompiled(optimizer, []);
          // One step creates the optimizer's state for the first model's weights.
          tf.tidy(() => {
            optimizer.minimize(() => tf.sum(first.predict(tf.ones([2, 4])) as tf.Tensor));
          });
          const model = tf.sequential();
          model.add(tf.layers.dense({ units: 1, inputDim: 7, activation: 'sigmoid' }));
          model.compile({ optimizer, loss: 'binaryCrossentropy' });
          return model;
        },
        {},
        /holds state for weights of other shapes/,
      ],
    ];
    for (const [name, build, args, reason] of cases) {
      const model = build();
      const chosen = trainingEngine(model, args);
      assert.equal(chosen.engine, 'tfjs', name);
      assert.match(chosen.reason ?? '', reason, name);
      assert.throws(() => trainingEngine(model, { ...args, engine: 'fused' }), reason, name);
      disposeModel(model);
    }
  });

  test("engine: 'tfjs' is always model.fit; an unknown engine is named", () => {
    const model = denseClassifier({ inputDim: 3 });
    assert.equal(trainingEngine(model, { engine: 'tfjs' }).engine, 'tfjs');
    assert.throws(
      () => trainingEngine(model, { engine: 'gpu' as 'tfjs' }),
      /engine is "gpu"; expected 'auto', 'fused' or 'tfjs'/,
    );
    disposeModel(model);
  });
});

describe('train decides the engine anew before each epoch', () => {
  /** Both engines with a callback that changes the model after its first epoch. */
  async function withChange(change: (model: tf.LayersModel) => void, engine: 'auto' | 'tfjs') {
    const data = noisyRows(60, 4, 40);
    const model = handCompiled(tf.train.rmsprop(0.01), ['accuracy']);
    const callback = { onEpochEnd: (epoch: number) => (epoch === 0 ? change(model) : undefined) };
    const history = await train(model, data.x, data.y, {
      epochs: 3,
      batchSize: 16,
      seed: 41,
      verbose: false,
      engine,
      callbacks: [callback],
    });
    const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
    disposeModel(model);
    return { history: history.history, weights };
  }

  test('a callback that recompiles with another optimizer', async () => {
    const recompile = (model: tf.LayersModel) =>
      model.compile({
        optimizer: tf.train.adam(0.02),
        loss: 'binaryCrossentropy',
        metrics: ['accuracy'],
      });
    assert.deepEqual(await withChange(recompile, 'auto'), await withChange(recompile, 'tfjs'));
  });

  test('a callback that freezes a layer: model.fit trains the rest of the run', async () => {
    const freeze = (model: tf.LayersModel) => {
      model.layers[0].trainable = false;
    };
    const fit = await withChange(freeze, 'tfjs');
    assert.deepEqual(await withChange(freeze, 'auto'), fit);
    const model = handCompiled(tf.train.sgd(0.1), []);
    const data = noisyRows(20, 4, 42);
    await assert.rejects(
      train(model, data.x, data.y, {
        epochs: 2,
        verbose: false,
        engine: 'fused',
        callbacks: [{ onEpochEnd: () => void (model.layers[0].trainable = false) }],
      }),
      /engine 'fused' cannot train this model before epoch 2: one of its weights is not trainable/,
    );
    disposeModel(model);
  });

  test('features or labels of the wrong rank are refused before either engine runs', async () => {
    const model = denseClassifier({ inputDim: 4 });
    const labels = [0, 1, 0, 1];
    await assert.rejects(
      train(model, tf.ones([4, 4, 2]), labels, { epochs: 1, verbose: false }),
      /xTrain is a tensor of rank 3; expected rank 2/,
    );
    await assert.rejects(
      train(model, tf.ones([4, 4]), tf.ones([4, 1, 1]), { epochs: 1, verbose: false }),
      /yTrain is a tensor of shape \[4, 1, 1\]; expected one label per row/,
    );
    await assert.rejects(
      train(model, tf.ones([4, 4]), labels, {
        epochs: 1,
        verbose: false,
        validationData: [tf.ones([2, 4, 1]), [0, 1]],
      }),
      /validationData\[0\] is a tensor of rank 3; expected rank 2/,
    );
    disposeModel(model);
  });
});

describe('a seeded sample of the models the fused engine accepts', () => {
  // Layer widths and input widths on both sides of the 48-term blocks, every
  // activation, dropout, penalties on kernels and biases, every optimizer as
  // an object and as a name, with and without accuracy and class weights,
  // batches from one row to more than all, validation sets of every size.
  test('30 random models train alike on both engines', async () => {
    const random = createRandom('fused-sample');
    const pick = <T>(choices: readonly T[]): T => choices[Math.floor(random() * choices.length)];
    for (let trial = 0; trial < 30; trial++) {
      const inputDim = pick([1, 3, 47, 49]);
      const hidden = Array.from({ length: pick([0, 1, 2]) }, () => pick([1, 4, 48, 53]));
      const activations = hidden.map(() => pick(['relu', 'tanh', 'sigmoid', 'linear'] as const));
      const rates = hidden.map(() => pick([0, 0, 0.3]));
      const penalty = () =>
        pick([undefined, undefined, { l1: 0.01 }, { l2: 0.02 }, { l1: 0.003, l2: 0.05 }]);
      const penalties = [...hidden, 1].map(() => [penalty(), penalty()]);
      const learningRate = pick([0.001, 0.05, 0.5]);
      const name = pick(['rmsprop', 'adam', 'sgd']);
      const optimizers = {
        rmsprop: () => tf.train.rmsprop(learningRate, 0.95, 0.7, 1e-5),
        adam: () => tf.train.adam(learningRate, 0.8, 0.99, 1e-4),
        sgd: () => tf.train.sgd(learningRate),
        byName: () => name,
      };
      const optimizer = pick(Object.keys(optimizers) as (keyof typeof optimizers)[]);
      const metrics = pick([[], ['accuracy'], ['acc']]);
      const rows = pick([1, 5, 49, 90]);
      const batchSize = pick([1, 7, 32, 49, 200]);
      const validationRows = pick([0, 3, 60, 130]);
      const classWeight = pick([undefined, { 0: 0.5, 1: 3 }, 'balanced' as const]);
      const scale = pick([1, 30]);
      const choices = { inputDim, hidden, activations, rates, optimizer, rows, batchSize };

      const build = () => {
        const model = tf.sequential();
        [...hidden, 1].forEach((units, i) => {
          const last = i === hidden.length;
          model.add(
            tf.layers.dense({
              units,
              inputDim: i === 0 ? inputDim : undefined,
              activation: last ? 'sigmoid' : activations[i],
              name: `sample_${trial}_${i}`,
              kernelInitializer: tf.initializers.glorotUniform({ seed: 100 * trial + i }),
              biasInitializer: tf.initializers.randomUniform({
                minval: -0.1,
                maxval: 0.1,
                seed: i,
              }),
              kernelRegularizer: penalties[i][0] && tf.regularizers.l1l2(penalties[i][0]),
              biasRegularizer: penalties[i][1] && tf.regularizers.l1l2(penalties[i][1]),
            }),
          );
          if (!last && rates[i] > 0) {
            model.add(new SeededDropout({ rate: rates[i], seed: i, name: `drop_${trial}_${i}` }));
          }
        });
        model.compile({
          optimizer: optimizers[optimizer]() as tf.Optimizer,
          loss: 'binaryCrossentropy',
          metrics,
        });
        return model;
      };
      const rowsOf = (count: number, seed: number) => {
        const data = noisyRows(count, inputDim + 1, seed);
        return { x: data.x.map((row) => row.slice(1).map((v) => scale * v)), y: data.y };
      };
      const data = rowsOf(rows, trial);
      const validation = rowsOf(validationRows, trial + 1000);
      const model = build();
      assert.deepEqual(trainingEngine(model), { engine: 'fused' }, JSON.stringify(choices));
      disposeModel(model);
      await assertSameAsFit(build, data, {
        epochs: 2,
        batchSize,
        seed: trial,
        classWeight,
        validationData: validationRows > 0 ? [validation.x, validation.y] : undefined,
      });
    }
  });
});
