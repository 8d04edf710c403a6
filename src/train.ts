/**
 * Training a compiled tfjs model, reproducibly: each epoch's batches come from
 * a seeded shuffle (tfjs's own shuffle cannot be seeded), and the returned
 * history uses the metric names the model was compiled with (tfjs logs
 * `accuracy` as `acc`). Training never draws: progress goes to `onEpochEnd`.
 */
import * as tf from '@tensorflow/tfjs';
import { requirePositiveInteger } from './check';
import type { History } from './history';
import { createRandom, deriveSeed, shuffled } from './random';

/** Features as a tensor of shape [rows, features] or as plain rows. */
export type Features = tf.Tensor | number[][];
/** Labels as a tensor of shape [rows] or [rows, 1], or as plain numbers. */
export type Labels = tf.Tensor | number[];

/** Values logged for one epoch, keyed like the history (`loss`, `val_accuracy`, ...). */
export type EpochLogs = Record<string, number>;

/** Options of `train`. */
export interface TrainArgs {
  /** Number of passes over the training rows. Required. */
  epochs: number;
  /** Rows per gradient step. Defaults to 32. */
  batchSize?: number;
  /** Rows held out to measure generalisation after each epoch. Defaults to none. */
  validationData?: [Features, Labels];
  /** Seed of the per-epoch shuffles. Defaults to 0. */
  seed?: number;
  /** Shuffle the training rows before each epoch. Defaults to true. */
  shuffle?: boolean;
  /** Print one line per epoch. Defaults to true. */
  verbose?: boolean;
  /** Called after each epoch with its zero-based index and logs. */
  onEpochEnd?: (epoch: number, logs: EpochLogs) => void | Promise<void>;
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
  const { epochs, batchSize = 32, seed = 0, shuffle = true, verbose = true } = args;
  requirePositiveInteger('epochs', epochs);
  requirePositiveInteger('batchSize', batchSize);
  const names = metricNames(model);

  // Tensors made here from plain arrays are freed here; the caller's are not.
  const owned: tf.Tensor[] = [];
  const history: History = { epoch: [], history: {} };
  try {
    const [x, y] = asTensors(xTrain, yTrain, 'xTrain', 'yTrain', owned);
    const validation = args.validationData
      ? asTensors(...args.validationData, 'validationData[0]', 'validationData[1]', owned)
      : undefined;
    const rowIndices = Array.from({ length: x.shape[0] }, (_, i) => i);

    for (let epoch = 0; epoch < epochs; epoch++) {
      const started = performance.now();
      const order = shuffle
        ? shuffled(rowIndices, createRandom(deriveSeed(seed, 'epoch', epoch)))
        : rowIndices;
      const result = await fitOneEpoch(model, x, y, order, batchSize, validation);

      // tfjs logs validation values first; Keras's order (training first) reads better.
      const logs: EpochLogs = {};
      const keys = Object.keys(result.history);
      for (const key of [...keys.filter((k) => !k.startsWith('val_')), ...keys.filter((k) => k.startsWith('val_'))]) {
        logs[names.get(key) ?? key] = Number(result.history[key][0]);
      }
      history.epoch.push(epoch);
      for (const [key, value] of Object.entries(logs)) {
        (history.history[key] ??= []).push(value);
      }
      if (verbose) console.log(formatEpoch(epoch, epochs, logs, performance.now() - started));
      await args.onEpochEnd?.(epoch, logs);
    }
  } finally {
    tf.dispose(owned);
  }
  return history;
}

/** Formats one epoch's logs as a single line, e.g. `Epoch 3/10  loss 0.6931  accuracy 0.5120  (41 ms)`. */
export function formatEpoch(epoch: number, epochs: number, logs: EpochLogs, ms: number): string {
  const width = String(epochs).length;
  const values = Object.entries(logs).map(([key, value]) => `${key} ${value.toFixed(4)}`);
  return `Epoch ${String(epoch + 1).padStart(width)}/${epochs}  ${values.join('  ')}  (${Math.round(ms)} ms)`;
}

/**
 * Maps tfjs's logged metric names to the names the model was compiled with:
 * `metrics: ['accuracy']` is logged by tfjs as `acc`.
 */
function metricNames(model: tf.LayersModel): Map<string, string> {
  const names = new Map<string, string>();
  const passed = model.metrics;
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

async function fitOneEpoch(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  order: number[],
  batchSize: number,
  validation: [tf.Tensor, tf.Tensor] | undefined,
): Promise<tf.History> {
  const indices = tf.tensor1d(order, 'int32');
  const xEpoch = tf.gather(x, indices);
  const yEpoch = tf.gather(y, indices);
  try {
    return await model.fit(xEpoch, yEpoch, {
      epochs: 1,
      batchSize,
      shuffle: false,
      validationData: validation,
      verbose: 0,
    });
  } finally {
    tf.dispose([indices, xEpoch, yEpoch]);
  }
}

function asTensors(
  x: Features,
  y: Labels,
  xName: string,
  yName: string,
  owned: tf.Tensor[],
): [tf.Tensor, tf.Tensor] {
  const xs = x instanceof tf.Tensor ? x : tf.tensor2d(x);
  if (xs !== x) owned.push(xs);
  const ys = y instanceof tf.Tensor ? y : tf.tensor2d(y, [y.length, 1]);
  if (ys !== y) owned.push(ys);
  if (xs.shape[0] !== ys.shape[0]) {
    throw new Error(
      `${xName} has ${xs.shape[0]} rows but ${yName} has ${ys.shape[0]}; expected the same number`,
    );
  }
  return [xs, ys];
}
