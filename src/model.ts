/**
 * Building the workbook's models: small stacks of dense layers with seeded
 * weights, compiled the way Keras users expect.
 */
import * as tf from '@tensorflow/tfjs';
import { describeValue, requirePositiveInteger, requirePositiveNumber } from './check';
import { deriveSeed } from './random';

/** Activations the dense builder accepts for hidden layers. */
export type HiddenActivation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'linear';

/** Optimizers the dense builder accepts, by their Keras names. */
export type OptimizerName = 'rmsprop' | 'adam' | 'sgd';

/** Options of `denseClassifier`. */
export interface DenseClassifierArgs {
  /** Number of input features. Required. */
  inputDim: number;
  /** Units of each hidden layer, first to last. Defaults to `[32]`. */
  hiddenUnits?: number[];
  /** Activation of the hidden layers. Defaults to `'relu'`. */
  activation?: HiddenActivation;
  /** Optimizer. Defaults to `'rmsprop'`. */
  optimizer?: OptimizerName;
  /** Step size of the optimizer. Defaults to Keras's: 0.001 for rmsprop and adam, 0.01 for sgd. */
  learningRate?: number;
  /**
   * Fraction of each hidden layer's outputs set to zero at each training step,
   * in [0, 1): a dropout layer follows every hidden layer. Dropout acts only
   * while training; `predict` and validation use every unit. Its masks are
   * seeded from `seed`, so training stays reproducible. Defaults to 0 (no
   * dropout layers).
   */
  dropout?: number;
  /**
   * L2 penalty factor on the kernels of the hidden and output layers (not the
   * biases), as Keras's `kernelRegularizer: l2(factor)`: the training loss
   * gains `l2 × Σ w²`. tfjs adds the penalty to the training `loss` only, not
   * to `val_loss`. Defaults to 0 (no penalty).
   */
  l2?: number;
  /**
   * Seed of the initial weights and of the dropout masks: the same seed gives
   * the same weights. Dropout and `l2` leave the initial weights unchanged.
   * Defaults to 0.
   */
  seed?: number;
}

/**
 * A binary classifier: dense hidden layers, then one sigmoid unit that outputs
 * the probability of class 1. Compiled with binary cross-entropy and the
 * `accuracy` metric. Weights are Glorot-uniform (as in Keras) and seeded.
 * Layers are named `hidden_1`, `dropout_1`, `hidden_2`, ..., `output`.
 *
 * @example
 * const model = denseClassifier({ inputDim: 30, hiddenUnits: [32], seed: 7 });
 * const regularised = denseClassifier({ inputDim: 30, dropout: 0.3, l2: 1e-3, seed: 7 });
 */
export function denseClassifier(args: DenseClassifierArgs): tf.Sequential {
  const {
    inputDim,
    hiddenUnits = [32],
    activation = 'relu',
    optimizer = 'rmsprop',
    learningRate = optimizer === 'sgd' ? 0.01 : 0.001,
    dropout = 0,
    l2 = 0,
    seed = 0,
  } = args;
  requirePositiveInteger('inputDim', inputDim);
  hiddenUnits.forEach((units, i) => requirePositiveInteger(`hiddenUnits[${i}]`, units));
  requirePositiveNumber('learningRate', learningRate);
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new Error(`dropout is ${describeValue(dropout)}; expected a rate in [0, 1)`);
  }
  if (typeof l2 !== 'number' || !(l2 >= 0) || !Number.isFinite(l2)) {
    throw new Error(`l2 is ${describeValue(l2)}; expected a finite number >= 0`);
  }

  const model = tf.sequential();
  const widths = [...hiddenUnits, 1];
  widths.forEach((units, i) => {
    const isOutput = i === widths.length - 1;
    model.add(
      tf.layers.dense({
        units,
        activation: isOutput ? 'sigmoid' : activation,
        inputDim: i === 0 ? inputDim : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'kernel', i) }),
        kernelRegularizer: l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined,
        name: isOutput ? 'output' : `hidden_${i + 1}`,
      }),
    );
    if (!isOutput && dropout > 0) {
      model.add(
        new SeededDropout({
          rate: dropout,
          seed: deriveSeed(seed, 'dropout', i),
          name: `dropout_${i + 1}`,
        }),
      );
    }
  });
  model.compile({
    optimizer: createOptimizer(optimizer, learningRate),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/** Creates an optimizer from its Keras name; the defaults other than the step size are Keras's. */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.9, 0, 1e-7);
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
    case 'sgd':
      return tf.train.sgd(learningRate);
    default:
      throw new Error(`optimizer is '${String(name)}'; expected 'rmsprop', 'adam' or 'sgd'`);
  }
}

/**
 * The model's output for each row as a flat array: for a `denseClassifier`,
 * the probability of class 1. The tensors made on the way are freed.
 *
 * @example
 * const probabilities = predictProbabilities(model, xTest);
 */
export function predictProbabilities(model: tf.LayersModel, rows: number[][]): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(rows)) as tf.Tensor).dataSync() as Float32Array);
}

/**
 * Frees a model's weights and its optimizer's state. tfjs's `model.dispose()`
 * leaves an optimizer that was passed to `compile` as an object alive.
 */
export function disposeModel(model: tf.LayersModel): void {
  const optimizer = model.optimizer;
  model.dispose();
  optimizer?.dispose();
}

/**
 * Dropout whose mask changes at every training step yet is reproducible.
 * tfjs's own dropout layer passes its fixed `seed` to every call, so it drops
 * the same units at every step, which is hardly dropout; left unseeded it
 * cannot be reproduced. This layer derives a fresh seed for each training
 * call from its seed and a call counter, so two models built with the same
 * seed and trained alike draw the same masks. Outside training it passes its
 * input through.
 *
 * It saves as Keras's `Dropout` with its seed, so `saveModel` writes a
 * standard model; a loaded copy predicts the same, but further training
 * would use tfjs's fixed-mask dropout.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'Dropout';
  /** The fraction of units dropped at each training step. */
  readonly rate: number;
  private readonly seed: number;
  private trainingCalls = 0;

  constructor(args: { rate: number; seed: number; name: string }) {
    super({ name: args.name });
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs.training !== true) return input;
    const seed = this.nextTrainingSeed();
    return tf.tidy(() => tf.dropout(input, this.rate, undefined, seed));
  }

  /**
   * The seed of the next training step's mask, counting the step: called by
   * `call` in training, and by the fused engine, which draws the same mask.
   */
  nextTrainingSeed(): number {
    return deriveSeed(this.seed, 'call', this.trainingCalls++);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
