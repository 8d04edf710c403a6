import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../src/backend';
import { denseClassifier } from '../src/model';
import { createRandom } from '../src/random';
import { crossValidate, learningCurve } from '../src/validation';

before(async () => {
  await setupBackend({ verbose: false });
});

/** Two well-separated blobs around (-2, -2) and (2, 2), alternating labels. */
function blobs(rows: number, seed: number): { x: number[][]; y: number[] } {
  const random = createRandom(seed);
  const y = Array.from({ length: rows }, (_, i) => i % 2);
  const x = y.map((label) => [label * 4 - 2 + random() - 0.5, label * 4 - 2 + random() - 0.5]);
  return { x, y };
}

/** Points in [-2, 2]², labelled by x > y with 10% of the labels flipped. */
function noisyLine(rows: number, seed: number): { x: number[][]; y: number[] } {
  const random = createRandom(seed);
  const x = Array.from({ length: rows }, () => [random() * 4 - 2, random() * 4 - 2]);
  const y = x.map(([a, b]) => (a > b !== random() < 0.1 ? 1 : 0));
  return { x, y };
}

const tiny = (seed: number) =>
  denseClassifier({ inputDim: 2, hiddenUnits: [4], learningRate: 0.05, seed });

/** What a model's first `fit` call received: the training and validation features. */
interface Seen {
  xTrain: number[][];
  xVal: number[][];
}

/** Builds `tiny(seed)` and records in `seen` the features its first `fit` call gets. */
function recordingModel(seed: number, seen: Seen[]): tf.LayersModel {
  const model = tiny(seed);
  const fit = model.fit.bind(model);
  let first = true;
  model.fit = (x, y, args) => {
    if (first) {
      const validation = args?.validationData?.[0] as tf.Tensor2D;
      seen.push({
        xTrain: (x as tf.Tensor2D).arraySync(),
        xVal: validation.arraySync(),
      });
      first = false;
    }
    return fit(x, y, args);
  };
  return model;
}

function columnMeans(rows: number[][]): number[] {
  return rows[0].map((_, j) => rows.reduce((sum, row) => sum + row[j], 0) / rows.length);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sampleStd = (xs: number[]) =>
  Math.sqrt(xs.reduce((sum, x) => sum + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

test('crossValidate on separable blobs: every fold scores at least 0.9, and no tensor is left', async () => {
  const { x, y } = blobs(40, 1);
  const built: number[] = [];
  const tensorsBefore = tf.memory().numTensors;
  const result = await crossValidate({
    features: x,
    labels: y,
    folds: 4,
    seed: 3,
    build: (fold) => {
      built.push(fold);
      return tiny(fold);
    },
    train: { epochs: 15, batchSize: 10 },
  });
  assert.equal(tf.memory().numTensors, tensorsBefore);
  assert.deepEqual(built, [0, 1, 2, 3]);

  assert.deepEqual(
    result.folds.map(({ fold, trainRows, validationRows, epochsTrained }) => [
      fold,
      trainRows,
      validationRows,
      epochsTrained,
    ]),
    [
      [0, 30, 10, 15],
      [1, 30, 10, 15],
      [2, 30, 10, 15],
      [3, 30, 10, 15],
    ],
  );
  for (const fold of result.folds) {
    assert.ok(fold.valAccuracy >= 0.9, `fold ${fold.fold}: valAccuracy ${fold.valAccuracy}`);
    assert.ok(fold.finalValLoss < 0.3, `fold ${fold.fold}: finalValLoss ${fold.finalValLoss}`);
    assert.equal(fold.lossGap, fold.finalValLoss - fold.finalTrainLoss);
  }
  // The summary covers the scores only, and is the plain mean and n − 1 deviation.
  assert.deepEqual(Object.keys(result.mean), [
    'epochsTrained',
    'finalTrainLoss',
    'finalValLoss',
    'lossGap',
    'trainAccuracy',
    'valAccuracy',
  ]);
  const valLosses = result.folds.map((fold) => fold.finalValLoss);
  assert.ok(Math.abs(result.mean.finalValLoss - mean(valLosses)) < 1e-12);
  assert.ok(Math.abs(result.std.finalValLoss - sampleStd(valLosses)) < 1e-12);
  assert.equal(result.std.epochsTrained, 0);
});

test('crossValidate is reproducible from its seed', async () => {
  const { x, y } = noisyLine(30, 2);
  const run = () =>
    crossValidate({
      features: x,
      labels: y,
      folds: 3,
      seed: 8,
      build: tiny,
      train: { epochs: 3, batchSize: 8 },
    });
  const a = await run();
  assert.deepEqual(await run(), a);
});

test('crossValidate fits the scaler on each fold’s training rows only, unless told not to scale', async () => {
  // Far from zero mean and unit variance, so that scaling shows.
  const { x, y } = blobs(30, 4);
  const shifted = x.map(([a, b]) => [100 + 10 * a, -50 + 5 * b]);
  const seen: Seen[] = [];
  await crossValidate({
    features: shifted,
    labels: y,
    folds: 3,
    seed: 1,
    build: (fold) => recordingModel(fold, seen),
    train: { epochs: 1 },
  });
  assert.equal(seen.length, 3);
  for (const { xTrain, xVal } of seen) {
    // Training rows are centred exactly; validation rows only roughly.
    columnMeans(xTrain).forEach((m) => assert.ok(Math.abs(m) < 1e-6, `training mean ${m}`));
    columnMeans(xVal).forEach((m) => assert.ok(Math.abs(m) > 1e-4, `validation mean ${m}`));
    assert.equal(xTrain.length + xVal.length, 30);
  }

  const raw: Seen[] = [];
  await crossValidate({
    features: shifted,
    labels: y,
    folds: 3,
    seed: 1,
    scaler: 'none',
    build: (fold) => recordingModel(fold, raw),
    train: { epochs: 1 },
  });
  columnMeans(raw[0].xTrain).forEach((m) => assert.ok(Math.abs(m) > 40, `raw mean ${m}`));
});

test('crossValidate disposes the models already built when a later fold fails', async () => {
  const { x, y } = blobs(30, 5);
  const tensorsBefore = tf.memory().numTensors;
  await assert.rejects(
    crossValidate({
      features: x,
      labels: y,
      folds: 3,
      seed: 1,
      build: (fold) => {
        if (fold === 2) throw new Error('no model for fold 2');
        return tiny(fold);
      },
      train: { epochs: 1 },
    }),
    /no model for fold 2/,
  );
  assert.equal(tf.memory().numTensors, tensorsBefore);

  // A model whose training fails is disposed too.
  await assert.rejects(
    crossValidate({
      features: x,
      labels: y,
      folds: 3,
      seed: 1,
      build: (fold) => denseClassifier({ inputDim: 3, seed: fold }),
      train: { epochs: 1 },
    }),
    /xTrain/,
  );
  assert.equal(tf.memory().numTensors, tensorsBefore);
});

test('crossValidate refuses bad arguments, naming them', async () => {
  const { x, y } = blobs(20, 1);
  const base = { features: x, labels: y, folds: 2, seed: 1, build: tiny, train: { epochs: 1 } };
  await assert.rejects(
    crossValidate({ ...base, train: { epochs: 1, validationSplit: 0.2 } as never }),
    /crossValidate: train.validationSplit is 0.2; expected it left out, since crossValidate chooses the validation rows/,
  );
  await assert.rejects(
    crossValidate({ ...base, labels: y.slice(1) }),
    /crossValidate: labels is an array of 19 items .*; expected one label per row of features \(20\)/,
  );
  await assert.rejects(
    crossValidate({ ...base, labels: y.map((label) => label * 2) }),
    /crossValidate: labels\[1\] is 2; expected 0 or 1/,
  );
  await assert.rejects(
    crossValidate({ ...base, features: x.map((row, i) => (i === 3 ? [row[0], NaN] : row)) }),
    /crossValidate: features\[3\]\[1\] is NaN; expected a finite number/,
  );
  await assert.rejects(
    crossValidate({ ...base, folds: 11 }),
    /kFold: folds is 11, but class 0 has only 10 rows; expected at most 10 folds/,
  );
  await assert.rejects(
    crossValidate({ ...base, scaler: 'minmax' as never }),
    /crossValidate: scaler is "minmax"; expected 'standard' or 'none'/,
  );
  await assert.rejects(
    crossValidate({ ...base, build: () => ({}) as never }),
    /crossValidate: build\(0\) returned \{\}; expected a compiled model such as denseClassifier/,
  );
  await assert.rejects(
    crossValidate({ ...base, train: undefined as never }),
    /crossValidate: train is undefined; expected options of train such as \{ epochs: 20 \}/,
  );
});

test('learningCurve sizes: fractions of the training rows and counts, nested and stratified', async () => {
  // 50 rows, 20 of class 1; a fifth (10 rows, 4 of class 1) is held out.
  const x = Array.from({ length: 50 }, (_, i) => [i, i % 5]);
  const y = x.map(([, r]) => (r < 2 ? 1 : 0));
  const seen: Seen[] = [];
  const curve = await learningCurve({
    features: x,
    labels: y,
    sizes: [0.25, 20, 1],
    validationSplit: 0.2,
    scaler: 'none',
    build: (repeat) => recordingModel(repeat, seen),
    train: { epochs: 1 },
    seed: 2,
    repeats: 2,
  });
  assert.deepEqual(
    curve.points.map((point) => point.trainRows),
    [10, 20, 40],
  );
  assert.deepEqual(
    curve.runs.map(({ trainRows, repeat }) => [trainRows, repeat]),
    [
      [10, 0],
      [10, 1],
      [20, 0],
      [20, 1],
      [40, 0],
      [40, 1],
    ],
  );

  const ids = (rows: number[][]) => rows.map((row) => row[0]).sort((a, b) => a - b);
  const classOnes = (rows: number[][]) => rows.filter((row) => row[1] < 2).length;
  const validation = ids(seen[0].xVal);
  assert.equal(validation.length, 10);
  assert.equal(classOnes(seen[0].xVal), 4);
  for (const [i, run] of seen.entries()) {
    // The same validation rows for every run, and never trained on.
    assert.deepEqual(ids(run.xVal), validation);
    assert.ok(
      ids(run.xTrain).every((id) => !validation.includes(id)),
      `run ${i}`,
    );
    // 40% of class 1, as in all the rows.
    assert.equal(classOnes(run.xTrain), (run.xTrain.length * 2) / 5);
  }
  for (const repeat of [0, 1]) {
    const [small, medium, large] = [repeat, 2 + repeat, 4 + repeat].map((k) => ids(seen[k].xTrain));
    assert.ok(
      small.every((id) => medium.includes(id)),
      'the 10 rows are among the 20',
    );
    assert.ok(
      medium.every((id) => large.includes(id)),
      'the 20 rows are among the 40',
    );
  }
  // The repeats draw different subsets.
  assert.notDeepEqual(ids(seen[0].xTrain), ids(seen[1].xTrain));
});

test('learningCurve: more training rows lower the validation loss and narrow the gap', async () => {
  const { x, y } = noisyLine(300, 1);
  const tensorsBefore = tf.memory().numTensors;
  const curve = await learningCurve({
    features: x,
    labels: y,
    sizes: [10, 40, 160],
    validationSplit: 0.3,
    build: (repeat) =>
      denseClassifier({ inputDim: 2, hiddenUnits: [16], learningRate: 0.02, seed: repeat }),
    train: { epochs: 30, batchSize: 16 },
    seed: 1,
    repeats: 2,
  });
  assert.equal(tf.memory().numTensors, tensorsBefore);
  const [small, medium, large] = curve.points;
  const valLoss = curve.points.map((point) => point.finalValLossMean.toFixed(3)).join(', ');
  assert.ok(
    small.finalValLossMean > medium.finalValLossMean &&
      medium.finalValLossMean > large.finalValLossMean,
    `validation loss by size: ${valLoss}`,
  );
  assert.ok(
    small.lossGapMean > large.lossGapMean + 0.2,
    `${small.lossGapMean} vs ${large.lossGapMean}`,
  );
  assert.ok(large.valAccuracyMean >= 0.85, `${large.valAccuracyMean}`);
  // Each point summarises its two runs.
  const runs = curve.runs.filter((run) => run.trainRows === 40).map((run) => run.finalValLoss);
  assert.equal(medium.finalValLossMean, mean(runs));
  assert.ok(Math.abs(medium.finalValLossStd - sampleStd(runs)) < 1e-12);
});

test('learningCurve scores every run on given validation data, with all rows for training', async () => {
  const { x, y } = blobs(24, 2);
  const held = blobs(8, 3);
  const seen: Seen[] = [];
  const curve = await learningCurve({
    features: x,
    labels: y,
    sizes: [12, 1],
    validationData: [held.x, held.y],
    scaler: 'none',
    build: (repeat) => recordingModel(repeat, seen),
    train: { epochs: 1 },
    seed: 4,
  });
  assert.deepEqual(
    curve.points.map((point) => point.trainRows),
    [12, 24],
  );
  // One repeat: the standard deviation is NaN.
  assert.ok(Number.isNaN(curve.points[0].finalValLossStd));
  const rounded = held.x.map((row) => row.map(Math.fround));
  seen.forEach((run) => assert.deepEqual(run.xVal, rounded));
});

test('learningCurve refuses bad sizes, splits and repeats, naming them', async () => {
  const { x, y } = blobs(20, 1);
  const base = {
    features: x,
    labels: y,
    sizes: [0.5, 1],
    build: tiny,
    train: { epochs: 1 },
    seed: 1,
  };
  await assert.rejects(
    learningCurve({ ...base, sizes: [] }),
    /learningCurve: sizes is an empty array; expected a non-empty array such as \[0.25, 0.5, 1\] or \[50, 100\]/,
  );
  await assert.rejects(
    learningCurve({ ...base, sizes: [0.5, 0] }),
    /learningCurve: sizes\[1\] is 0; expected a fraction in \(0, 1\] or a whole number of rows/,
  );
  await assert.rejects(
    learningCurve({ ...base, sizes: [2.5] }),
    /learningCurve: sizes\[0\] is 2.5; expected a fraction in \(0, 1\] or a whole number of rows/,
  );
  await assert.rejects(
    learningCurve({ ...base, sizes: [17] }),
    /learningCurve: sizes\[0\] is 17, which gives 17 rows; expected between 1 and the 16 training rows/,
  );
  await assert.rejects(
    learningCurve({ ...base, sizes: [0.01] }),
    /learningCurve: sizes\[0\] is 0.01, which gives 0 rows; expected between 1 and the 16 training rows/,
  );
  await assert.rejects(
    learningCurve({ ...base, validationSplit: 1 }),
    /learningCurve: validationSplit is 1; expected a fraction between 0 and 1/,
  );
  await assert.rejects(
    learningCurve({ ...base, repeats: 0 }),
    /learningCurve: repeats is 0; expected a positive integer/,
  );
  await assert.rejects(
    learningCurve({ ...base, validationData: [x] as never }),
    /learningCurve: validationData is an array of 1 item .*; expected a pair \[features, labels\]/,
  );
  await assert.rejects(
    learningCurve({ ...base, validationData: [x, y.slice(2)] }),
    /learningCurve: validationData\[1\] is .*; expected one label per row of validationData\[0\] \(20\)/,
  );
  await assert.rejects(
    learningCurve({ ...base, train: { epochs: 1, validationData: [x, y] } as never }),
    /learningCurve: train.validationData is .*; expected it left out, since learningCurve chooses the validation rows/,
  );
});
