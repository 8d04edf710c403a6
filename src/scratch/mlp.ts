/**
 * A multilayer perceptron in plain TypeScript: dense layers, a hidden
 * activation, one sigmoid output layer and binary cross-entropy, with the
 * forward and backward passes written out by the chain rule.
 *
 * Layer l maps a row a of width n = sizes[l] to z = a·W + b of width
 * m = sizes[l + 1], W stored row-major as n × m (tfjs's kernel layout), then
 * applies the activation. Every buffer is a flat Float32Array or
 * Float64Array allocated once for the largest batch seen, so a training
 * step allocates nothing per number, and all three matrix products of a
 * step (forward, weight gradient, input gradient) run through one kernel
 * whose inner loop is a dot product of two contiguous rows.
 */
import { describeValue, requirePositiveInteger } from '../check';
import { createRandom, deriveSeed } from '../random';
import { activations, LEAKY_RELU_ALPHA, sigmoidOf } from './activations';
import type { Activation, ActivationName } from './activations';
import { addBias, multiplyRowsByRows, sumRows, transpose } from './matrix';
import { rmsprop } from './optimizers';
import { readInputRows, readTargets, requireFinite, toRows } from './rows';
import type { ParameterArray, ScratchOptimizer } from './optimizers';

/** The number type of every weight and intermediate value. */
export type MlpDtype = 'float32' | 'float64';

/**
 * Rows of inputs: an array of rows (arrays or typed arrays), or one flat
 * typed array holding the rows one after another.
 */
export type MlpInput = readonly ArrayLike<number>[] | Float32Array | Float64Array;

/**
 * Targets in [0, 1], usually 0/1 labels: one number per row for a network
 * with one output, or rows of one number per output (also accepted flat).
 */
export type MlpTargets = ArrayLike<number> | readonly ArrayLike<number>[];

/** Options of `createMlp`. */
export interface CreateMlpArgs {
  /** Width of each layer, input first and output last, such as `[2, 8, 1]`. Required. */
  sizes: readonly number[];
  /**
   * Activation of the hidden layers, by name or as an `Activation` object
   * (any `{ name, f, df }`, which runs more slowly than a named one).
   * Defaults to `'relu'`.
   */
  activation?: ActivationName | Activation;
  /** Seed of the initial weights: the same seed gives the same weights. Defaults to 0. */
  seed?: number;
  /** Number type of weights and computations. Defaults to `'float32'`, as in tfjs. */
  dtype?: MlpDtype;
}

/** One layer's weights as plain arrays, in tfjs's layout. */
export interface MlpLayerWeights {
  /** The kernel W, `sizes[l]` rows of `sizes[l + 1]` numbers. */
  kernel: number[][];
  /** The bias b, `sizes[l + 1]` numbers. */
  bias: number[];
}

/**
 * Gradients of the loss for every weight, laid out as the weights are. The
 * arrays belong to the network and the next `backward` overwrites them:
 * copy them to keep them.
 */
export interface MlpGradients {
  /** ∂L/∂W per layer, row-major `sizes[l]` × `sizes[l + 1]`. */
  weights: ParameterArray[];
  /** ∂L/∂b per layer, `sizes[l + 1]` numbers. */
  biases: ParameterArray[];
}

/**
 * Every intermediate value of the last forward pass, row-major, one row per
 * input row. The arrays are views of the network's buffers: the next forward
 * pass overwrites them.
 */
export interface MlpForwardCache {
  /** How many rows went through. */
  rows: number;
  /** The inputs, `rows` × `sizes[0]`. */
  input: ParameterArray;
  /** Pre-activations z = a·W + b per layer, `rows` × `sizes[l + 1]`. */
  z: ParameterArray[];
  /** Activations a = f(z) per layer (sigmoid for the last), `rows` × `sizes[l + 1]`. */
  a: ParameterArray[];
}

/** Options of `Mlp.fit`. */
export interface MlpFitArgs {
  /** Passes over the data. Defaults to 1. */
  epochs?: number;
  /** Rows per gradient step; the last batch of an epoch may be smaller. Defaults to 32. */
  batchSize?: number;
  /**
   * The optimizer, or a function that makes one (called once per `fit`).
   * Defaults to `rmsprop({ learningRate: 0.001 })`, the workbook's classic setup.
   */
  optimizer?: ScratchOptimizer | (() => ScratchOptimizer);
  /** Seed of the order of the rows in each epoch. Defaults to 0. */
  seed?: number;
  /** Whether to shuffle the rows each epoch. Defaults to true. */
  shuffle?: boolean;
  /** Called after each epoch with its number (from 0), loss and accuracy. Defaults to none. */
  onEpochEnd?: (epoch: number, logs: MlpEpochLogs) => void;
}

/** Loss and accuracy, of one epoch of `fit` or of `evaluate`. */
export interface MlpEpochLogs {
  /** Mean binary cross-entropy of the epoch's batches, weighted by their size, as in Keras. */
  loss: number;
  /** Share of outputs on the right side of 0.5, over the epoch's batches. */
  accuracy: number;
}

/** What `fit` measured. */
export interface MlpHistory {
  /** Loss of each epoch. */
  loss: number[];
  /** Accuracy of each epoch. */
  accuracy: number[];
  /** Loss of each batch, before its update, in the order trained. */
  batchLoss: number[];
}

/** Keras's ε: probabilities are clipped to [ε, 1 − ε] before the logarithm. */
const CLIP_EPSILON = 1e-7;

/** Hidden activations with a loop of their own; anything else calls `f` and `df`. */
type ActivationKind = 'relu' | 'sigmoid' | 'tanh' | 'leakyRelu' | 'linear' | 'custom';

/**
 * Creates a multilayer perceptron: dense layers with Glorot-uniform weights
 * drawn from `seed`, zero biases, the hidden activation, and a sigmoid
 * output for binary cross-entropy.
 *
 * @example
 * const mlp = createMlp({ sizes: [2, 8, 1], activation: 'tanh', seed: 1 });
 * const history = mlp.fit(xTrain, yTrain, { epochs: 200, batchSize: 4 });
 */
export function createMlp(args: CreateMlpArgs): Mlp {
  return new Mlp(args);
}

/** A multilayer perceptron; see {@link createMlp}. */
export class Mlp {
  /** Width of each layer, input first. */
  readonly sizes: readonly number[];
  /** The hidden activation. */
  readonly activation: Activation;
  /** Number type of weights and computations. */
  readonly dtype: MlpDtype;
  /** W per layer, row-major `sizes[l]` × `sizes[l + 1]`; trained in place. */
  readonly weights: readonly ParameterArray[];
  /** b per layer; trained in place. */
  readonly biases: readonly ParameterArray[];

  private readonly kind: ActivationKind;
  private readonly alpha: number;
  private readonly clipLow: number;
  private readonly clipHigh: number;
  private readonly gradients: MlpGradients;
  private capacity = 0;
  private input: ParameterArray;
  private targets: ParameterArray;
  private z: ParameterArray[] = [];
  private a: ParameterArray[] = [];
  private delta: ParameterArray[] = [];
  /** Scratch space for transposed copies, sized for the widest layer. */
  private readonly transposedKernel: ParameterArray;
  private transposedInput: ParameterArray;
  private transposedDelta: ParameterArray;
  /** Rows of the last forward pass; 0 before the first. */
  private rows = 0;

  constructor(args: CreateMlpArgs) {
    const { sizes, activation = 'relu', seed = 0, dtype = 'float32' } = args;
    if (!Array.isArray(sizes) || sizes.length < 2) {
      throw new Error(
        `sizes is ${describeValue(sizes)}; expected at least two layer widths, such as [2, 8, 1]`,
      );
    }
    sizes.forEach((size, i) => requirePositiveInteger(`sizes[${i}]`, size));
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new Error(`dtype is ${describeValue(dtype)}; expected 'float32' or 'float64'`);
    }
    this.sizes = sizes.slice();
    this.dtype = dtype;
    [this.activation, this.kind] = resolveActivation(activation);
    this.alpha = this.kind === 'leakyRelu' ? LEAKY_RELU_ALPHA : 0;
    const round = dtype === 'float32' ? Math.fround : (x: number) => x;
    this.clipLow = round(CLIP_EPSILON);
    this.clipHigh = round(1 - CLIP_EPSILON);

    const random = (layer: number) => createRandom(deriveSeed(seed, 'scratch-kernel', layer));
    const [weights, biases]: ParameterArray[][] = [[], []];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const next = random(l);
      const kernel = this.allocate(fanIn * fanOut);
      for (let i = 0; i < kernel.length; i++) kernel[i] = (2 * next() - 1) * limit;
      weights.push(kernel);
      biases.push(this.allocate(fanOut));
    }
    [this.weights, this.biases] = [weights, biases];
    this.gradients = {
      weights: this.weights.map((w) => this.allocate(w.length)),
      biases: this.biases.map((b) => this.allocate(b.length)),
    };
    this.input = this.allocate(0);
    this.targets = this.allocate(0);
    this.transposedInput = this.allocate(0);
    this.transposedDelta = this.allocate(0);
    this.transposedKernel = this.allocate(Math.max(...this.weights.map((w) => w.length)));
  }

  /** Number of outputs, the width of the last layer. */
  get outputs(): number {
    return this.sizes[this.sizes.length - 1];
  }

  /**
   * The intermediates of the last forward pass (of `forward`, `predict`,
   * `loss`, `trainStep` or `fit`), as views that the next pass overwrites.
   */
  get cache(): MlpForwardCache {
    if (this.rows === 0) throw new Error('cache is empty: run forward(x) first');
    const { rows, sizes } = this;
    return {
      rows,
      input: this.input.subarray(0, rows * sizes[0]),
      z: this.z.map((z, l) => z.subarray(0, rows * sizes[l + 1])),
      a: this.a.map((a, l) => a.subarray(0, rows * sizes[l + 1])),
    };
  }

  /**
   * Runs `x` through the network and returns the outputs (the probability
   * of class 1 for one output), `rows` × `outputs`, as a new array. Every
   * intermediate stays in `cache` for `backward` and for display.
   */
  forward(x: MlpInput): ParameterArray {
    const rows = this.loadInput(x);
    this.forwardRows(rows);
    return this.a[this.a.length - 1].slice(0, rows * this.outputs);
  }

  /**
   * Gradients of the mean binary cross-entropy between the last forward
   * pass's outputs and `y`, for every weight and bias, by the chain rule:
   *
   *     δ_last = (p − y) / count          (0 where p was clipped)
   *     ∂L/∂W_l = a_{l−1}ᵀ·δ_l,  ∂L/∂b_l = Σ_rows δ_l
   *     δ_{l−1} = (δ_l·W_lᵀ) ⊙ f'(z_{l−1})
   *
   * where count = rows × outputs. The returned arrays are reused by the
   * next call.
   */
  backward(y: MlpTargets): MlpGradients {
    if (this.rows === 0) throw new Error('backward needs a forward pass first: run forward(x)');
    this.loadTargets(y, this.rows);
    this.backwardRows(this.rows);
    return this.gradients;
  }

  /** Mean binary cross-entropy on `x` against `y`, probabilities clipped to [1e-7, 1 − 1e-7]. */
  loss(x: MlpInput, y: MlpTargets): number {
    return this.evaluate(x, y).loss;
  }

  /** Loss and accuracy (outputs above 0.5 count as 1) on `x` against `y`. */
  evaluate(x: MlpInput, y: MlpTargets): MlpEpochLogs {
    const rows = this.loadInput(x);
    this.loadTargets(y, rows);
    this.forwardRows(rows);
    const accuracy = this.batchCorrect(rows) / (rows * this.outputs);
    return { loss: this.batchLoss(rows), accuracy };
  }

  /** The outputs for `x`, `rows` × `outputs`, as a new array (the same as `forward`). */
  predict(x: MlpInput): ParameterArray {
    return this.forward(x);
  }

  /**
   * One gradient step on one batch: forward, backward, then `optimizer`
   * updates every weight and bias. Returns the batch's loss before the step.
   */
  trainStep(x: MlpInput, y: MlpTargets, optimizer: ScratchOptimizer): number {
    const rows = this.loadInput(x);
    this.loadTargets(y, rows);
    this.forwardRows(rows);
    const loss = this.batchLoss(rows);
    this.backwardRows(rows);
    this.applyGradients(optimizer);
    return loss;
  }

  /**
   * Mini-batch training: each epoch shuffles the rows (seeded), then takes
   * one optimizer step per batch. Returns the loss and accuracy of each
   * epoch, measured on each batch before its step, as Keras does.
   */
  fit(x: MlpInput, y: MlpTargets, args: MlpFitArgs = {}): MlpHistory {
    const { epochs = 1, batchSize = 32, seed = 0, shuffle = true, onEpochEnd } = args;
    requirePositiveInteger('epochs', epochs);
    requirePositiveInteger('batchSize', batchSize);
    const optimizer = resolveOptimizer(args.optimizer);
    const [inputs, outputs] = [this.sizes[0], this.outputs];
    const xAll = readInputRows(x, this.sizes[0], this.dtype);
    const rowCount = xAll.length / inputs;
    const yAll = readTargets(y, rowCount, this.outputs);
    const batchRows = Math.min(batchSize, rowCount);
    this.ensureCapacity(batchRows);

    const order = Int32Array.from({ length: rowCount }, (_, i) => i);
    const random = createRandom(deriveSeed(seed, 'scratch-fit'));
    const history: MlpHistory = { loss: [], accuracy: [], batchLoss: [] };
    for (let epoch = 0; epoch < epochs; epoch++) {
      // Read the buffers each epoch: onEpochEnd may call loss() or predict()
      // on more rows than a batch, which replaces them with larger ones.
      this.ensureCapacity(batchRows);
      const { input, targets } = this;
      if (shuffle) shuffleInPlace(order, random);
      let lossSum = 0;
      let correct = 0;
      for (let start = 0; start < rowCount; start += batchRows) {
        const rows = Math.min(batchRows, rowCount - start);
        for (let r = 0; r < rows; r++) {
          const source = order[start + r];
          copyRow(xAll, source * inputs, input, r * inputs, inputs);
          copyRow(yAll, source * outputs, targets, r * outputs, outputs);
        }
        this.forwardRows(rows);
        const loss = this.batchLoss(rows);
        correct += this.batchCorrect(rows);
        this.backwardRows(rows);
        this.applyGradients(optimizer);
        history.batchLoss.push(loss);
        lossSum += loss * rows;
      }
      const logs = { loss: lossSum / rowCount, accuracy: correct / (rowCount * outputs) };
      history.loss.push(logs.loss);
      history.accuracy.push(logs.accuracy);
      onEpochEnd?.(epoch, logs);
    }
    return history;
  }

  /** Each layer's kernel and bias as plain arrays, ready for `tf.tensor2d` and `setWeights`. */
  getWeights(): MlpLayerWeights[] {
    return this.weights.map((kernel, l) => ({
      kernel: toRows(kernel, this.sizes[l + 1]),
      bias: Array.from(this.biases[l]),
    }));
  }

  /** Replaces every kernel and bias; `layers` has the shapes that `getWeights` returns. */
  setWeights(layers: readonly MlpLayerWeights[]): void {
    if (!Array.isArray(layers) || layers.length !== this.weights.length) {
      throw new Error(
        `layers is ${describeValue(layers)}; ` +
          `expected ${this.weights.length} layers of { kernel, bias }`,
      );
    }
    layers.forEach((layer, l) => {
      const [n, m] = [this.sizes[l], this.sizes[l + 1]];
      const kernel = layer?.kernel;
      const isShaped = Array.isArray(kernel) && kernel.length === n;
      if (!isShaped || kernel.some((row) => row?.length !== m)) {
        throw new Error(
          `layers[${l}].kernel is ${describeValue(kernel)}; expected ${n} rows of ${m} numbers`,
        );
      }
      if (layer.bias?.length !== m) {
        throw new Error(`layers[${l}].bias is ${describeValue(layer.bias)}; expected ${m} numbers`);
      }
      requireFinite(`layers[${l}].kernel`, kernel.flat());
      requireFinite(`layers[${l}].bias`, layer.bias);
    });
    layers.forEach((layer, l) => {
      this.weights[l].set(layer.kernel.flat());
      this.biases[l].set(layer.bias);
    });
  }

  /** Every weight array in tfjs's order: W0, b0, W1, b1, ...; live, not copies. */
  parameters(): ParameterArray[] {
    return this.weights.flatMap((w, l) => [w, this.biases[l]]);
  }

  /** The gradients of `backward` in the order of `parameters()`. */
  gradientArrays(): ParameterArray[] {
    return this.gradients.weights.flatMap((w, l) => [w, this.gradients.biases[l]]);
  }

  private allocate(length: number): ParameterArray {
    return this.dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  }

  /** Grows the per-row buffers to hold `rows` rows; they never shrink. */
  private ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    const widths = this.sizes.slice(1);
    this.input = this.allocate(rows * this.sizes[0]);
    this.targets = this.allocate(rows * this.outputs);
    this.z = widths.map((m) => this.allocate(rows * m));
    this.a = widths.map((m) => this.allocate(rows * m));
    this.delta = widths.map((m) => this.allocate(rows * m));
    this.transposedInput = this.allocate(rows * Math.max(...this.sizes));
    this.transposedDelta = this.allocate(rows * Math.max(...widths));
    this.capacity = rows;
    this.rows = 0;
  }

  /** Copies `x` into the input buffer; returns its number of rows. */
  private loadInput(x: MlpInput): number {
    const flat = readInputRows(x, this.sizes[0], this.dtype);
    const rows = flat.length / this.sizes[0];
    this.ensureCapacity(rows);
    this.input.set(flat);
    return rows;
  }

  private loadTargets(y: MlpTargets, rows: number): void {
    this.targets.set(readTargets(y, rows, this.outputs));
  }

  /**
   * z_l = a_{l−1}·W_l + b_l, a_l = f(z_l), layer by layer. The product runs
   * as a_{l−1}·(W_lᵀ)ᵀ on a transposed copy of W_l, so that its inner loop
   * reads both operands along rows.
   */
  private forwardRows(rows: number): void {
    const { sizes, weights, biases, z, a, transposedKernel } = this;
    const last = weights.length - 1;
    let layerInput = this.input;
    for (let l = 0; l <= last; l++) {
      const [n, m] = [sizes[l], sizes[l + 1]];
      transpose(weights[l], n, m, transposedKernel);
      multiplyRowsByRows(layerInput, rows, transposedKernel, m, n, z[l]);
      addBias(z[l], rows, biases[l], m);
      if (l === last) applySigmoid(z[l], a[l], rows * m);
      else this.activate(z[l], a[l], rows * m);
      layerInput = a[l];
    }
    this.rows = rows;
  }

  /**
   * The chain rule from the output back: ∂L/∂W_l = a_{l−1}ᵀ·δ_l, computed
   * as (a_{l−1}ᵀ)·(δ_lᵀ)ᵀ on transposed copies; ∂L/∂b_l = Σ_rows δ_l; and
   * δ_{l−1} = (δ_l·W_lᵀ) ⊙ f'(z_{l−1}), which reads W_l along rows as it is.
   */
  private backwardRows(rows: number): void {
    const { sizes, weights, z, a, delta, gradients, transposedInput, transposedDelta } = this;
    const last = weights.length - 1;
    const count = rows * sizes[last + 1];
    outputDelta(a[last], this.targets, count, this.clipLow, this.clipHigh, delta[last]);
    for (let l = last; l >= 0; l--) {
      const [n, m] = [sizes[l], sizes[l + 1]];
      transpose(l === 0 ? this.input : a[l - 1], rows, n, transposedInput);
      transpose(delta[l], rows, m, transposedDelta);
      multiplyRowsByRows(transposedInput, n, transposedDelta, m, rows, gradients.weights[l]);
      sumRows(delta[l], rows, m, gradients.biases[l]);
      if (l === 0) break;
      multiplyRowsByRows(delta[l], rows, weights[l], n, m, delta[l - 1]);
      this.multiplyByDerivative(z[l - 1], a[l - 1], delta[l - 1], rows * n);
    }
  }

  private applyGradients(optimizer: ScratchOptimizer): void {
    for (let l = 0; l < this.weights.length; l++) {
      optimizer.step(this.weights[l], this.gradients.weights[l]);
      optimizer.step(this.biases[l], this.gradients.biases[l]);
    }
  }

  /** Mean clipped binary cross-entropy of the outputs against the loaded targets. */
  private batchLoss(rows: number): number {
    const p = this.a[this.a.length - 1];
    const y = this.targets;
    const count = rows * this.outputs;
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const clipped = Math.min(Math.max(p[i], this.clipLow), this.clipHigh);
      const yi = y[i];
      if (yi !== 0) sum -= yi * Math.log(clipped);
      if (yi !== 1) sum -= (1 - yi) * Math.log(1 - clipped);
    }
    return sum / count;
  }

  /** How many outputs fall on the side of 0.5 that the targets name. */
  private batchCorrect(rows: number): number {
    const p = this.a[this.a.length - 1];
    const y = this.targets;
    const count = rows * this.outputs;
    let correct = 0;
    for (let i = 0; i < count; i++) if ((p[i] > 0.5 ? 1 : 0) === y[i]) correct++;
    return correct;
  }

  private activate(z: ParameterArray, a: ParameterArray, count: number): void {
    const alpha = this.alpha;
    switch (this.kind) {
      case 'relu':
        for (let i = 0; i < count; i++) a[i] = z[i] > 0 ? z[i] : 0;
        return;
      case 'leakyRelu':
        for (let i = 0; i < count; i++) a[i] = z[i] > 0 ? z[i] : alpha * z[i];
        return;
      case 'sigmoid':
        applySigmoid(z, a, count);
        return;
      case 'tanh':
        for (let i = 0; i < count; i++) a[i] = Math.tanh(z[i]);
        return;
      case 'linear':
        a.set(z.subarray(0, count));
        return;
      default: {
        const { f } = this.activation;
        for (let i = 0; i < count; i++) a[i] = f(z[i]);
      }
    }
  }

  /** delta ← delta ⊙ f'(z), with f' written through a = f(z) where that is cheaper. */
  private multiplyByDerivative(
    z: ParameterArray,
    a: ParameterArray,
    delta: ParameterArray,
    count: number,
  ): void {
    const alpha = this.alpha;
    switch (this.kind) {
      case 'relu':
        for (let i = 0; i < count; i++) if (!(z[i] > 0)) delta[i] = 0;
        return;
      case 'leakyRelu':
        for (let i = 0; i < count; i++) if (!(z[i] > 0)) delta[i] *= alpha;
        return;
      case 'sigmoid':
        for (let i = 0; i < count; i++) delta[i] *= a[i] * (1 - a[i]);
        return;
      case 'tanh':
        for (let i = 0; i < count; i++) delta[i] *= 1 - a[i] * a[i];
        return;
      case 'linear':
        return;
      default: {
        const { df } = this.activation;
        for (let i = 0; i < count; i++) delta[i] *= df(z[i]);
      }
    }
  }
}

function applySigmoid(z: ParameterArray, a: ParameterArray, count: number): void {
  for (let i = 0; i < count; i++) a[i] = sigmoidOf(z[i]);
}

/**
 * ∂L/∂z of the output layer: sigmoid and cross-entropy together give
 * (p − y) / count, and 0 where clipping held p fixed (as tfjs's clip does).
 */
function outputDelta(
  p: ParameterArray,
  y: ParameterArray,
  count: number,
  low: number,
  high: number,
  delta: ParameterArray,
): void {
  for (let i = 0; i < count; i++) {
    const pi = p[i];
    delta[i] = pi >= low && pi <= high ? (pi - y[i]) / count : 0;
  }
}

function copyRow(
  from: ArrayLike<number>,
  fromStart: number,
  to: ParameterArray,
  toStart: number,
  length: number,
): void {
  for (let i = 0; i < length; i++) to[toStart + i] = from[fromStart + i];
}

/** Fisher-Yates, in place, with the seeded generator. */
function shuffleInPlace(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
}

function resolveActivation(activation: ActivationName | Activation): [Activation, ActivationKind] {
  if (typeof activation === 'string') {
    if (!Object.hasOwn(activations, activation)) {
      throw new Error(
        `activation is ${describeValue(activation)}; expected one of ` +
          `${Object.keys(activations)
            .map((name) => `'${name}'`)
            .join(', ')} ` +
          'or an { name, f, df } object',
      );
    }
    return [activations[activation], activation];
  }
  if (typeof activation?.f !== 'function' || typeof activation?.df !== 'function') {
    throw new Error(
      `activation is ${describeValue(activation)}; expected a name or an { name, f, df } object`,
    );
  }
  const names = Object.keys(activations) as ActivationName[];
  const named = names.find((name) => activations[name] === activation);
  // Any other object, even a leaky relu of another slope, runs through f and df.
  return [activation, named ?? 'custom'];
}

function resolveOptimizer(optimizer: MlpFitArgs['optimizer']): ScratchOptimizer {
  if (optimizer === undefined) return rmsprop({ learningRate: 0.001 });
  const resolved = typeof optimizer === 'function' ? optimizer() : optimizer;
  if (typeof resolved?.step !== 'function') {
    throw new Error(
      `optimizer is ${describeValue(optimizer)}; ` +
        'expected a ScratchOptimizer such as rmsprop({ learningRate: 0.001 })',
    );
  }
  return resolved;
}
