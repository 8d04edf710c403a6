/**
 * Building the workbook's models: small stacks of dense layers with seeded
 * weights, compiled the way Keras users expect.
 */
import * as tf from '@tensorflow/tfjs';
import { requirePositiveInteger, requirePositiveNumber } from './check';
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
  /** Seed of the initial weights: the same seed gives the same weights. Defaults to 0. */
  seed?: number;
}

/**
 * A binary classifier: dense hidden layers, then one sigmoid unit that outputs
 * the probability of class 1. Compiled with binary cross-entropy and the
 * `accuracy` metric. Weights are Glorot-uniform (as in Keras) and seeded.
 *
 * @example
 * const model = denseClassifier({ inputDim: 30, hiddenUnits: [32], seed: 7 });
 */
export function denseClassifier(args: DenseClassifierArgs): tf.Sequential {
  const {
    inputDim,
    hiddenUnits = [32],
    activation = 'relu',
    optimizer = 'rmsprop',
    learningRate = optimizer === 'sgd' ? 0.01 : 0.001,
    seed = 0,
  } = args;
  requirePositiveInteger('inputDim', inputDim);
  hiddenUnits.forEach((units, i) => requirePositiveInteger(`hiddenUnits[${i}]`, units));
  requirePositiveNumber('learningRate', learningRate);

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
        name: isOutput ? 'output' : `hidden_${i + 1}`,
      }),
    );
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
