/**
 * Training a compiled tfjs model, reproducibly and safely:
 * - each epoch's batches come from a seeded shuffle (tfjs's own shuffle
 *   cannot be seeded), and a validation split is a seeded, stratified draw
 *   (tfjs's `validationSplit` takes the last rows);
 * - the history uses the metric names the model was compiled with (tfjs logs
 *   `accuracy` as `acc`);
 * - a loss that becomes NaN or infinite stops training at once;
 * - each epoch runs on the fused engine (fused.ts) where it gives model.fit's
 *   numbers bit for bit, else on model.fit itself.
 * Training never draws: progress goes to `onEpochEnd` and to callbacks.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochLogs, TrainingCallback } from './callbacks';
import { describeValue, requirePositiveInteger } from './check';
import { FusedTrainer, fusedUnsupportedReason, type EpochResult } from './fused';
import type { History } from './history';
import { trainingProgress } from './progress';
import { createRandom, deriveSeed, shuffled } from './random';
import { stratifiedSplit } from './split';

export type { EpochLogs } from './callbacks';

/** Features as a tensor of shape [rows, features] or as plain rows. */
export type Features = tf.Tensor | number[][];
/** Labels as a tensor of shape [rows] or [rows, 1], or as plain numbers. */
export type Labels = tf.Tensor | number[];

/** Options of `train`. */
export interface TrainArgs {
  /** Number of passes over the training rows. Required. */
  epochs: number;
  /** Rows per gradient step. Defaults to 32. */
  batchSize?: number;
  /** Rows held out to measure generalisation after each epoch. Defaults to none. */
  validationData?: [Features, Labels];
  /**
   * Fraction of the training rows to hold out for validation instead, in
   * (0, 1). The rows are drawn by a seeded split stratified by label, never
   * taken from the end. Ignored when `validationData` is given. Defaults to none.
   */
  validationSplit?: number;
  /** Seed of the shuffles and of the validation split. Defaults to 0. */
  seed?: number;
  /** Shuffle the training rows before each epoch. Defaults to true. */
  shuffle?: boolean;
  /**
   * Weight of each class in the loss, e.g. `{ 0: 1, 1: 3 }`, or `'balanced'`
   * for weights inversely proportional to class frequency (n / (classes ×
   * count), as in scikit-learn). Defaults to equal weights.
   */
  classWeight?: Record<number, number> | 'balanced';
  /**
   * Show progress: in a notebook one live chart redrawn in place, in a script
   * one line per epoch (see `trainingProgress`). Defaults to true.
   */
  verbose?: boolean;
  /** Called after each epoch with its zero-based index and logs. */
  onEpochEnd?: (epoch: number, logs: EpochLogs) => void | Promise<void>;
  /** Callbacks such as `earlyStopping(...)`, called in order. Defaults to none. */
  callbacks?: TrainingCallback[];
  /**
   * How the training steps run. `'fused'`: the library's fused engine, one
   * loop per batch over float32 arrays that computes bit for bit what
   * `model.fit` computes on the cpu backend, many times faster; it covers
   * dense binary classifiers such as `denseClassifier` builds (relu, tanh,
   * sigmoid or linear layers, its seeded dropout, L1/L2 penalties, binary
   * cross-entropy, accuracy, rmsprop, adam or sgd, class weights), and
   * throws, saying why, for any other model. `'tfjs'`: tfjs's
   * `model.fit`, for any model and backend. `'auto'`: fused where it
   * applies, else tfjs (`trainingEngine` tells which, and why). Defaults to
   * `'auto'`.
   */
  engine?: 'auto' | 'fused' | 'tfjs';
}

/** Which engine `train` uses for a model, and why not the fused one where it cannot. */
export interface TrainingEngine {
  engine: 'fused' | 'tfjs';
  /** Why the fused engine does not apply, when `engine` is `'tfjs'`. */
  reason?: string;
}

/**
 * The engine `train(model, ..., args)` would start with on the current
 * backend: the fused one where it computes the same numbers as `model.fit`,
 * tfjs's otherwise, with the reason. `train` decides again before each
 * epoch, since a callback may recompile the model or freeze a layer.
 *
 * @example
 * trainingEngine(denseClassifier({ inputDim: 30, dropout: 0.2 })); // { engine: 'fused' }
 * trainingEngine(denseClassifier({ inputDim: 30, activation: 'elu' }));
 * // { engine: 'tfjs', reason: 'its layer hidden_1 has activation elu' }
 */
export function trainingEngine(
  model: tf.LayersModel,
  args: Pick<TrainArgs, 'engine'> = {},
): TrainingEngine {
  return chooseEngine(model, args.engine);
}

/** `trainingEngine`'s decision; `when` says in an error when the model stopped fitting. */
function chooseEngine(
  model: tf.LayersModel,
  engine: TrainArgs['engine'] = 'auto',
  when?: string,
): TrainingEngine {
  if (!['auto', 'fused', 'tfjs'].includes(engine)) {
    throw new Error(`engine is ${describeValue(engine)}; expected 'auto', 'fused' or 'tfjs'`);
  }
  if (engine === 'tfjs') return { engine: 'tfjs', reason: "engine: 'tfjs' was asked for" };
  const reason = fusedUnsupportedReason(model);
  if (reason === undefined) return { engine: 'fused' };
  if (engine === 'fused') {
    throw new Error(
      `engine 'fused' cannot train this model${when ? ` ${when}` : ''}: ${reason}; ` +
        "use engine 'auto' or 'tfjs'",
    );
  }
  return { engine: 'tfjs', reason };
}

/**
 * Thrown when the loss becomes NaN or infinite. Training stops at that batch;
 * `history` holds the epochs finished before it.
 */
export class NonFiniteLossError extends Error {
  constructor(
    message: string,
    readonly epoch: number,
    readonly batch: number,
    readonly history: History,
  ) {
    super(message);
    this.name = 'NonFiniteLossError';
  }
}

/**
 * Trains `model` on (`xTrain`, `yTrain`) and returns its history.
 *
 * @example
 * const history = await train(model, xTrain, yTrain, {
 *   epochs: 20, batchSize: 32, validationData: [xVal, yVal], seed: 1,
 * });
 * history.history.val_accuracy; // one value per epoch
 */
export async function train(
  model: tf.LayersModel,
  xTrain: Features,
  yTrain: Labels,
  args: TrainArgs,
): Promise<History> {
  if (args === null || typeof args !== 'object') {
    throw new Error(
      `train: args is ${describeValue(args)}; expected an object such as { epochs: 10 }`,
    );
  }
  const { epochs, batchSize = 32, seed = 0, shuffle = true, verbose = true } = args;
  requirePositiveInteger('epochs', epochs);
  requirePositiveInteger('batchSize', batchSize);
  const names = metricNames(model);
  if (!Array.isArray(args.callbacks ?? [])) {
    throw new Error(
      `callbacks is ${describeValue(args.callbacks)}; expected an array such as [earlyStopping()]`,
    );
  }
  const callbacks = [...(verbose ? [trainingProgress()] : []), ...(args.callbacks ?? [])];

  // Tensors made here are freed here; the caller's are not.
  const owned: tf.Tensor[] = [];
  const history: History = { epoch: [], history: {} };
  try {
    let [x, y] = asTensors(model, xTrain, yTrain, 'xTrain', 'yTrain', owned);
    requireFinite(x, 'xTrain');
    requireLabelsForLoss(model, y, 'yTrain');
    let validation: [tf.Tensor, tf.Tensor] | undefined;
    if (args.validationData) {
      if (!Array.isArray(args.validationData) || args.validationData.length !== 2) {
        throw new Error(
          `validationData is ${describeValue(args.validationData)}; expected a pair [features, labels]`,
        );
      }
      validation = asTensors(
        model,
        ...args.validationData,
        'validationData[0]',
        'validationData[1]',
        owned,
      );
      requireFinite(validation[0], 'validationData[0]');
      requireLabelsForLoss(model, validation[1], 'validationData[1]');
    } else if (args.validationSplit !== undefined) {
      [x, y, validation] = holdOut(x, y, args.validationSplit, seed, owned);
    }
    const classWeight = resolveClassWeight(args.classWeight, y);
    const rowIndices = Array.from({ length: x.shape[0] }, (_, i) => i);
    // Before any callback runs, so that an engine that cannot run fails first.
    trainingEngine(model, args);
    let fused: FusedTrainer | undefined;
    /**
     * The fused trainer for an epoch, or undefined where model.fit must run:
     * decided anew at each epoch, since callbacks may recompile the model or
     * freeze a layer between epochs.
     */
    const fusedTrainer = (epoch: number): FusedTrainer | undefined => {
      if (chooseEngine(model, args.engine, `before epoch ${epoch + 1}`).engine !== 'fused') {
        return undefined;
      }
      if (!fused?.isFor(model))
        fused = new FusedTrainer(model, x, y, validation, batchSize, classWeight);
      return fused;
    };

    for (const callback of callbacks) await callback.onTrainBegin?.(model, { epochs });
    try {
      await runEpochs();
    } finally {
      // Also after a failure, so that early stopping can put back its best weights.
      for (const callback of callbacks) await callback.onTrainEnd?.(model, history);
    }

    async function runEpochs(): Promise<void> {
      for (let epoch = 0; epoch < epochs; epoch++) {
        const order = shuffle
          ? shuffled(rowIndices, createRandom(deriveSeed(seed, 'epoch', epoch)))
          : rowIndices;
        const trainer = fusedTrainer(epoch);
        const result = trainer
          ? trainer.runEpoch(order)
          : await fitOneEpoch(model, x, y, order, batchSize, validation, classWeight);
        if (result.nonFinite) {
          throw nonFiniteLossError(model, epoch, result.nonFinite, history);
        }

        const logs = renameLogs(result.history, names);
        history.epoch.push(epoch);
        for (const [key, value] of Object.entries(logs)) {
          (history.history[key] ??= []).push(value);
        }
        await args.onEpochEnd?.(epoch, logs);
        let stop = false;
        for (const callback of callbacks) {
          if ((await callback.onEpochEnd?.(epoch, logs, model)) === true) stop = true;
        }
        if (stop) return;
      }
    }
  } finally {
    tf.dispose(owned);
  }
  return history;
}

/**
 * Maps tfjs's logged metric names to the names the model was compiled with:
 * `metrics: ['accuracy']` is logged by tfjs as `acc`.
 */
function metricNames(model: tf.LayersModel): Map<string, string> {
  const names = new Map<string, string>();
  const compiled = model.metrics;
  const passed = typeof compiled === 'string' ? [compiled] : compiled;
  if (!Array.isArray(passed) || model.metricsNames === undefined) return names;
  // metricsNames is ['loss', <one name per passed metric>] for one output.
  model.metricsNames.slice(1).forEach((logged, i) => {
    const wanted = passed[i];
    if (typeof wanted === 'string' && wanted !== logged) {
      names.set(logged, wanted);
      names.set(`val_${logged}`, `val_${wanted}`);
    }
  });
  return names;
}

/** Renames tfjs's epoch logs and orders them as Keras does: training values, then validation. */
function renameLogs(
  logged: Record<string, (number | tf.Tensor)[]>,
  names: Map<string, string>,
): EpochLogs {
  const keys = Object.keys(logged);
  const ordered = [
    ...keys.filter((k) => !k.startsWith('val_')),
    ...keys.filter((k) => k.startsWith('val_')),
  ];
  const logs: EpochLogs = {};
  for (const key of ordered) logs[names.get(key) ?? key] = Number(logged[key][0]);
  return logs;
}

async function fitOneEpoch(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  order: number[],
  batchSize: number,
  validation: [tf.Tensor, tf.Tensor] | undefined,
  classWeight: Record<number, number> | undefined,
): Promise<EpochResult> {
  const indices = tf.tensor1d(order, 'int32');
  const xEpoch = tf.gather(x, indices);
  const yEpoch = tf.gather(y, indices);
  let nonFinite: EpochResult['nonFinite'];
  try {
    const result = await model.fit(xEpoch, yEpoch, {
      epochs: 1,
      batchSize,
      shuffle: false,
      validationData: validation,
      classWeight,
      verbose: 0,
      callbacks: {
        onBatchEnd: async (batch, logs) => {
          const loss = logs?.loss;
          if (loss !== undefined && !Number.isFinite(loss)) {
            nonFinite = { batch, loss };
            model.stopTraining = true;
          }
        },
      },
    });
    return { history: result.history, nonFinite };
  } finally {
    tf.dispose([indices, xEpoch, yEpoch]);
  }
}

function nonFiniteLossError(
  model: tf.LayersModel,
  epoch: number,
  { batch, loss }: { batch: number; loss: number },
  history: History,
): NonFiniteLossError {
  const rate = (model.optimizer as unknown as { learningRate?: number } | undefined)?.learningRate;
  const rateText = typeof rate === 'number' ? ` (it is ${rate})` : '';
  return new NonFiniteLossError(
    `Training stopped: the loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}. ` +
      `Try a lower learning rate${rateText}, and check the data for extreme values.`,
    epoch,
    batch,
    history,
  );
}

/**
 * The rows `train` holds out for `validationSplit`: a seeded draw of
 * `fraction` of the rows, stratified by label, so that labels sorted by class
 * still give a validation set with the class balance of the whole.
 */
export function splitValidation(
  labels: readonly number[],
  fraction: number,
  seed: number,
): { train: number[]; validation: number[] } {
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new Error(
      `validationSplit is ${describeValue(fraction)}; expected a fraction between 0 and 1`,
    );
  }
  return stratifiedSplit(labels, {
    fractions: { train: 1 - fraction, validation: fraction },
    seed: deriveSeed(seed, 'validationSplit'),
  });
}

function holdOut(
  x: tf.Tensor,
  y: tf.Tensor,
  fraction: number,
  seed: number,
  owned: tf.Tensor[],
): [tf.Tensor, tf.Tensor, [tf.Tensor, tf.Tensor]] {
  const split = splitValidation(Array.from(y.dataSync()), fraction, seed);
  const take = (t: tf.Tensor, rows: number[]) => {
    const taken = tf.tidy(() => tf.gather(t, tf.tensor1d(rows, 'int32')));
    owned.push(taken);
    return taken;
  };
  return [
    take(x, split.train),
    take(y, split.train),
    [take(x, split.validation), take(y, split.validation)],
  ];
}

function resolveClassWeight(
  classWeight: TrainArgs['classWeight'],
  y: tf.Tensor,
): Record<number, number> | undefined {
  if (classWeight === undefined) return undefined;
  if (classWeight !== 'balanced' && (classWeight === null || typeof classWeight !== 'object')) {
    throw new Error(
      `classWeight is ${describeValue(classWeight)}; expected 'balanced' or weights such as { 0: 1, 1: 3 }`,
    );
  }
  const labels = Array.from(y.dataSync());
  const counts = new Map<number, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  if (classWeight === 'balanced') {
    const weights: Record<number, number> = {};
    for (const [label, count] of counts) weights[label] = labels.length / (counts.size * count);
    return weights;
  }
  for (const label of counts.keys()) {
    const weight = classWeight[label];
    if (weight === undefined || !(weight >= 0) || !Number.isFinite(weight)) {
      throw new Error(
        `classWeight[${label}] is ${describeValue(weight)}; expected a finite weight >= 0 for every class in yTrain`,
      );
    }
  }
  if ([...counts.keys()].every((label) => classWeight[label] === 0)) {
    throw new Error(
      'classWeight gives every class weight 0; the loss would be 0 and nothing would be learnt',
    );
  }
  return classWeight;
}

/**
 * Checks features and labels against each other and against the model's
 * input, and makes tensors of plain arrays (remembered in `owned`).
 */
function asTensors(
  model: tf.LayersModel,
  x: Features,
  y: Labels,
  xName: string,
  yName: string,
  owned: tf.Tensor[],
): [tf.Tensor, tf.Tensor] {
  checkFeatureRows(x, xName);
  checkLabelValues(y, yName);
  const xs = x instanceof tf.Tensor ? x : tf.tensor2d(x as number[][]);
  if (xs !== x) owned.push(xs);
  const ys = y instanceof tf.Tensor ? y : tf.tensor2d(y as number[], [(y as number[]).length, 1]);
  if (ys !== y) owned.push(ys);

  const inputRank = model.inputs[0]?.shape.length ?? 2;
  if (xs.rank !== inputRank) {
    throw new Error(
      `${xName} is a tensor of rank ${xs.rank}; expected rank ${inputRank}, ` +
        'one row of features per example as the model takes them',
    );
  }
  if (ys.rank > 2) {
    throw new Error(
      `${yName} is a tensor of shape [${ys.shape.join(', ')}]; expected one label per row, ` +
        'of shape [rows] or [rows, 1]',
    );
  }
  if (xs.shape[0] !== ys.shape[0]) {
    throw new Error(
      `${xName} has ${xs.shape[0]} rows but ${yName} has ${ys.shape[0]}; expected the same number`,
    );
  }
  const expected = model.inputs[0]?.shape.slice(1);
  const actual = xs.shape.slice(1);
  if (expected && expected.some((size, i) => size !== null && size !== actual[i])) {
    throw new Error(
      `${xName} has rows of shape [${actual.join(', ')}] but the model expects ` +
        `[${expected.join(', ')}] (its inputDim)`,
    );
  }
  const outputs = model.outputs[0]?.shape.at(-1);
  if (outputs === 1 && ys.size !== ys.shape[0]) {
    throw new Error(
      `${yName} has shape [${ys.shape.join(', ')}]; expected one label per row for a model with one output`,
    );
  }
  return [xs, ys];
}

/** Plain feature rows must be a non-empty array of equally long arrays of numbers. */
function checkFeatureRows(x: unknown, name: string): void {
  if (x instanceof tf.Tensor) return;
  if (!Array.isArray(x) || x.length === 0) {
    throw new Error(
      `${name} is ${describeValue(x)}; expected rows of numbers such as [[1, 2], [3, 4]] or a tensor`,
    );
  }
  const width = Array.isArray(x[0]) ? x[0].length : -1;
  x.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== width || width === 0) {
      throw new Error(
        `${name}[${i}] is ${describeValue(row)}; expected an array of ${width > 0 ? width : 'one or more'} numbers like ${name}[0]`,
      );
    }
    const j = row.findIndex((value) => typeof value !== 'number');
    if (j >= 0)
      throw new Error(`${name}[${i}][${j}] is ${describeValue(row[j])}; expected a number`);
  });
}

/** Plain labels must be a non-empty array of numbers. */
function checkLabelValues(y: unknown, name: string): void {
  if (y instanceof tf.Tensor) return;
  if (!Array.isArray(y) || y.length === 0) {
    throw new Error(
      `${name} is ${describeValue(y)}; expected an array of labels such as [0, 1, 1] or a tensor`,
    );
  }
  const i = y.findIndex((value) => typeof value !== 'number');
  if (i >= 0) throw new Error(`${name}[${i}] is ${describeValue(y[i])}; expected a number`);
}

/** Throws, naming the first offending row and column, when `x` holds NaN or an infinity. */
function requireFinite(x: tf.Tensor, name: string): void {
  const values = x.dataSync();
  const at = values.findIndex((v) => !Number.isFinite(v));
  if (at < 0) return;
  const width = x.shape.slice(1).reduce((a, b) => a * b, 1);
  throw new Error(
    `${name}[${Math.floor(at / width)}][${at % width}] is ${values[at]}; expected finite numbers ` +
      '(impute or drop missing values first)',
  );
}

/** Binary cross-entropy needs labels in [0, 1]; anything else gives a meaningless loss. */
function requireLabelsForLoss(model: tf.LayersModel, y: tf.Tensor, name: string): void {
  if (model.loss !== 'binaryCrossentropy') return;
  const values = y.dataSync();
  const at = values.findIndex((v) => !(v >= 0 && v <= 1));
  if (at >= 0) {
    throw new Error(
      `${name}[${at}] is ${values[at]}; expected labels 0 or 1 for binary cross-entropy`,
    );
  }
}
