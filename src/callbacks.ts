/**
 * Hooks into `train`: the callback interface, and early stopping that can
 * restore the best weights (which tfjs's own `earlyStopping` cannot).
 */
import * as tf from '@tensorflow/tfjs';
import type { History } from './history';

/** Values logged for one epoch, keyed like the history (`loss`, `val_accuracy`, ...). */
export type EpochLogs = Record<string, number>;

/**
 * Something that follows a training run. Every method is optional; a `true`
 * from `onEpochEnd` asks `train` to stop after that epoch.
 */
export interface TrainingCallback {
  /** `run.epochs` is the most epochs the run will train. */
  onTrainBegin?(model: tf.LayersModel, run: { epochs: number }): void | Promise<void>;
  onEpochEnd?(
    epoch: number,
    logs: EpochLogs,
    model: tf.LayersModel,
  ): boolean | void | Promise<boolean | void>;
  onTrainEnd?(model: tf.LayersModel, history: History): void | Promise<void>;
}

/** Options of `earlyStopping`, named as in Keras. */
export interface EarlyStoppingArgs {
  /** The logged value to watch. Defaults to `'val_loss'`. */
  monitor?: string;
  /** The smallest change that counts as an improvement. Defaults to 0. */
  minDelta?: number;
  /**
   * Epochs in a row without improvement after which training stops (0 and 1
   * both stop at the first such epoch, as in Keras). Defaults to 0.
   */
  patience?: number;
  /**
   * Whether lower (`min`) or higher (`max`) is better. `auto` picks `max` for
   * names containing `acc`, `auc`, `precision`, `recall` or `f1`, else `min`.
   * Defaults to `'auto'`.
   */
  mode?: 'auto' | 'min' | 'max';
  /**
   * At the end of training, put back the weights of the best epoch, whether
   * training stopped early or ran all its epochs. Defaults to false, as in Keras.
   */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when the monitored value has not improved for `patience`
 * epochs, and optionally restores the weights of the best epoch.
 *
 * @example
 * const stopper = earlyStopping({ monitor: 'val_loss', patience: 5, restoreBestWeights: true });
 * await train(model, xTrain, yTrain, { epochs: 200, validationData: [xVal, yVal], callbacks: [stopper] });
 * stopper.bestEpoch; // zero-based epoch whose weights the model now has
 */
export class EarlyStopping implements TrainingCallback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly restoreBestWeights: boolean;

  /** Zero-based epoch with the best monitored value so far; -1 before any. */
  bestEpoch = -1;
  /** The best monitored value so far. */
  bestValue = NaN;
  /** Zero-based epoch after which training was stopped; -1 if it was not. */
  stoppedEpoch = -1;

  private wait = 0;
  private bestWeights: tf.Tensor[] | undefined;

  constructor(args: EarlyStoppingArgs = {}) {
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    const mode = args.mode ?? 'auto';
    if (!['auto', 'min', 'max'].includes(mode)) {
      throw new Error(`earlyStopping: mode is '${mode}'; expected 'auto', 'min' or 'max'`);
    }
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new Error(`earlyStopping: patience is ${args.patience}; expected an integer >= 0`);
    }
    if (!Number.isFinite(this.minDelta)) {
      throw new Error(`earlyStopping: minDelta is ${args.minDelta}; expected a finite number`);
    }
    this.mode =
      mode === 'auto' ? (/acc|auc|precision|recall|f1/.test(this.monitor) ? 'max' : 'min') : mode;
  }

  onTrainBegin(): void {
    this.bestEpoch = -1;
    this.bestValue = NaN;
    this.stoppedEpoch = -1;
    this.wait = 0;
    this.releaseWeights();
  }

  onEpochEnd(epoch: number, logs: EpochLogs, model: tf.LayersModel): boolean {
    const value = logs[this.monitor];
    if (value === undefined) {
      throw new Error(
        `earlyStopping: monitor '${this.monitor}' is not logged; ` +
          `logged are ${Object.keys(logs).join(', ')}` +
          (this.monitor.startsWith('val_')
            ? ' (pass validationData or validationSplit to train)'
            : ''),
      );
    }
    if (this.improves(value)) {
      this.bestEpoch = epoch;
      this.bestValue = value;
      this.wait = 0;
      if (this.restoreBestWeights) {
        this.releaseWeights();
        this.bestWeights = model.getWeights().map((w) => w.clone());
      }
      return false;
    }
    // As in Keras: stop once `patience` epochs in a row brought no improvement.
    this.wait += 1;
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      return true;
    }
    return false;
  }

  onTrainEnd(model: tf.LayersModel): void {
    if (this.bestWeights !== undefined) {
      model.setWeights(this.bestWeights);
      this.releaseWeights();
    }
  }

  private improves(value: number): boolean {
    if (Number.isNaN(value)) return false;
    if (this.bestEpoch < 0) return true;
    return this.mode === 'min'
      ? value < this.bestValue - this.minDelta
      : value > this.bestValue + this.minDelta;
  }

  private releaseWeights(): void {
    if (this.bestWeights !== undefined) tf.dispose(this.bestWeights);
    this.bestWeights = undefined;
  }
}

/** Creates an `EarlyStopping` callback (the Keras-style factory). */
export function earlyStopping(args: EarlyStoppingArgs = {}): EarlyStopping {
  return new EarlyStopping(args);
}
