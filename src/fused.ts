/**
 * The fused training engine: the epochs of a dense binary classifier on the
 * cpu backend, run as plain loops over float32 arrays instead of some two
 * hundred tfjs kernel calls per batch, yet number for number what
 * `model.fit` computes.
 *
 * Every operation of tfjs 4.22's training step is mirrored: the same
 * formula, the float32 rounding after each operation, the order of every sum
 * (the cpu matMul sums in blocks of 48, reductions sum in float64 and round
 * once), and the order in which gradients arriving by several paths are
 * added. So after each epoch the weights, the optimizer's state and the
 * logged loss and accuracy are bit-identical to model.fit's on the same
 * batches; `test/fused.test.ts` checks this for every supported kind of
 * model. Anything outside that set (another backend or tfjs version,
 * dropout, regularizers, constraints, class weights, another loss, metric,
 * activation or optimizer) is reported by `fusedUnsupportedReason`, and
 * `train` then uses model.fit.
 *
 * @internal
 */
import * as tf from '@tensorflow/tfjs';
import { addBias, multiplyRowsByRows, sumRows, transpose } from './scratch/matrix';
import {
  assignValues,
  mirrorOptimizer,
  optimizerUnsupportedReason,
  type OptimizerMirror,
} from './fused-optimizers';

/** The tfjs-core version whose arithmetic the engine mirrors. */
export const MIRRORED_TFJS_VERSION = '4.22.0';

const f32 = Math.fround;

/** Hidden and output activations whose forward and backward passes are mirrored. */
type MirroredActivation = 'relu' | 'tanh' | 'sigmoid' | 'linear';
const MIRRORED_ACTIVATIONS: readonly string[] = ['relu', 'tanh', 'sigmoid', 'linear'];

/** The Dense options that change training and that the engine does not mirror. */
const UNMIRRORED_DENSE_OPTIONS = [
  'kernelRegularizer',
  'biasRegularizer',
  'activityRegularizer',
  'kernelConstraint',
  'biasConstraint',
];

/** One epoch's logs under tfjs's names (`loss`, `acc`, `val_loss`, `val_acc`), and where a loss stopped being finite. */
export interface FusedEpochResult {
  history: Record<string, number[]>;
  nonFinite?: { batch: number; loss: number };
}

/**
 * Why the fused engine cannot train `model` exactly as model.fit does, or
 * undefined if it can.
 */
export function fusedUnsupportedReason(
  model: tf.LayersModel,
  { classWeighted = false } = {},
): string | undefined {
  if (tf.getBackend() !== 'cpu') return `the backend is ${tf.getBackend()}, not cpu`;
  if (tf.version_core !== MIRRORED_TFJS_VERSION) {
    return `tfjs is ${tf.version_core}; the fused engine mirrors ${MIRRORED_TFJS_VERSION}`;
  }
  if (!(model instanceof tf.Sequential)) return 'the model is not a tf.Sequential';
  // A replaced fit (a wrapper, a spy) is the caller's to run.
  if (Object.hasOwn(model, 'fit')) return 'its fit method is replaced';
  if (classWeighted) return 'classWeight is set';
  if (model.inputs[0]?.shape.length !== 2) return 'its input is not rows of features';
  for (const layer of model.layers) {
    const reason = layerUnsupportedReason(layer);
    if (reason !== undefined) return `its layer ${layer.name} ${reason}`;
  }
  const last = model.layers.at(-1)?.getConfig();
  if (last?.units !== 1 || last.activation !== 'sigmoid') {
    return 'its last layer is not one sigmoid unit';
  }
  if (model.loss !== 'binaryCrossentropy') return "its loss is not 'binaryCrossentropy'";
  const metrics = model.metricsNames.slice(1);
  if (metrics.length > 1 || (metrics.length === 1 && metrics[0] !== 'acc')) {
    return `its metrics are ${metrics.join(', ')}; only accuracy is mirrored`;
  }
  const expected = model.layers.flatMap((layer) => layer.trainableWeights.map((w) => w.read()));
  const trained = model.trainableWeights.map((w) => w.read());
  if (trained.length !== expected.length || trained.some((v, i) => v !== expected[i])) {
    return 'its trainable weights are not each layer’s kernel and bias in order';
  }
  return optimizerUnsupportedReason(model.optimizer);
}

function layerUnsupportedReason(layer: tf.layers.Layer): string | undefined {
  if (layer.getClassName() !== 'Dense') return `is a ${layer.getClassName()}, not Dense`;
  const config = layer.getConfig();
  if (!MIRRORED_ACTIVATIONS.includes(String(config.activation))) {
    return `has activation ${String(config.activation)}`;
  }
  if (config.useBias !== true) return 'has no bias';
  const extra = UNMIRRORED_DENSE_OPTIONS.find((option) => config[option] != null);
  if (extra !== undefined) return `has a ${extra}`;
  if (!layer.trainable || layer.trainableWeights.length !== 2) return 'is not trainable';
  if (layer.trainableWeights.some((w) => w.dtype !== 'float32')) return 'is not float32';
  return undefined;
}

/** One Dense layer: its weights, their gradients and the per-row buffers of a batch. */
interface LayerState {
  inputs: number;
  units: number;
  activation: MirroredActivation;
  kernelVariable: tf.Variable;
  biasVariable: tf.Variable;
  /** W, inputs × units, row-major as tfjs keeps it. */
  kernel: Float32Array;
  bias: Float32Array;
  /** Wᵀ, units × inputs, so that the forward product reads rows. */
  kernelT: Float32Array;
  gradKernel: Float32Array;
  gradBias: Float32Array;
  /** z = a·W + b, then f(z), then ∂loss/∂z, each rows × units. */
  z: Float32Array;
  a: Float32Array;
  delta: Float32Array;
}

/**
 * Trains a model that `fusedUnsupportedReason` accepts, one epoch at a time,
 * on data given once. Each epoch reads the weights and the optimizer's state
 * from tfjs and writes them back, so callbacks between epochs see and may
 * change the model as they would with model.fit.
 */
export class FusedTrainer {
  private readonly layers: LayerState[];
  private readonly optimizer: OptimizerMirror;
  private readonly x: Float32Array;
  private readonly y: Float32Array;
  private readonly validation?: { x: Float32Array; y: Float32Array; rows: number };
  private readonly input: Float32Array;
  private readonly targets: Float32Array;
  private readonly transposedInput: Float32Array;
  private readonly transposedDelta: Float32Array;
  /** Binary cross-entropy of each row of the batch. */
  private readonly rowLoss: Float32Array;
  private readonly blockSize: number;
  private readonly epsilon: number;
  /** Whether the model was compiled with the accuracy metric, so that tfjs logs `acc`. */
  private readonly logsAccuracy: boolean;

  constructor(
    model: tf.LayersModel,
    x: tf.Tensor,
    y: tf.Tensor,
    validation: [tf.Tensor, tf.Tensor] | undefined,
    private readonly batchSize: number,
  ) {
    this.logsAccuracy = model.metricsNames.includes('acc');
    const rows = Math.min(batchSize, Math.max(x.shape[0], validation?.[0].shape[0] ?? 0));
    this.layers = model.layers.map((layer) => {
      const [kernelVariable, biasVariable] = layer.trainableWeights.map(
        (w) => w.read() as tf.Variable,
      );
      const [inputs, units] = kernelVariable.shape;
      return {
        inputs,
        units,
        activation: layer.getConfig().activation as MirroredActivation,
        kernelVariable,
        biasVariable,
        kernel: new Float32Array(inputs * units),
        bias: new Float32Array(units),
        kernelT: new Float32Array(inputs * units),
        gradKernel: new Float32Array(inputs * units),
        gradBias: new Float32Array(units),
        z: new Float32Array(rows * units),
        a: new Float32Array(rows * units),
        delta: new Float32Array(rows * units),
      };
    });
    const variables = this.layers.flatMap((l) => [l.kernelVariable, l.biasVariable]);
    this.optimizer = mirrorOptimizer(model.optimizer, variables);
    this.x = x.dataSync() as Float32Array;
    this.y = y.dataSync() as Float32Array;
    if (validation) {
      const [vx, vy] = validation;
      const data = { x: vx.dataSync() as Float32Array, y: vy.dataSync() as Float32Array };
      this.validation = { ...data, rows: vx.shape[0] };
    }
    const widest = Math.max(...this.layers.map((l) => Math.max(l.inputs, l.units)));
    this.input = new Float32Array(rows * this.layers[0].inputs);
    this.targets = new Float32Array(rows);
    this.transposedInput = new Float32Array(rows * widest);
    this.transposedDelta = new Float32Array(rows * widest);
    this.rowLoss = new Float32Array(rows);
    this.blockSize = (tf.backend() as unknown as { blockSize: number }).blockSize;
    this.epsilon = tf.backend().epsilon();
  }

  /**
   * One epoch over the training rows in `order`, batch by batch as
   * model.fit takes them, then the validation rows if any.
   */
  runEpoch(order: readonly number[]): FusedEpochResult {
    this.load();
    const width = this.layers[0].inputs;
    const { batchSize } = this;
    let [lossTotal, accuracyTotal, seen] = [0, 0, 0];
    let nonFinite: FusedEpochResult['nonFinite'];
    for (let start = 0, batch = 0; start < order.length; start += batchSize, batch++) {
      const rows = Math.min(batchSize, order.length - start);
      for (let r = 0; r < rows; r++) {
        const source = order[start + r];
        this.input.set(this.x.subarray(source * width, (source + 1) * width), r * width);
        this.targets[r] = this.y[source];
      }
      this.forward(this.input, rows);
      const { loss, accuracy } = this.batchScores(rows);
      this.backward(rows);
      this.optimizer.step(
        this.layers.flatMap((l) => [l.kernel, l.bias]),
        this.layers.flatMap((l) => [l.gradKernel, l.gradBias]),
      );
      // tfjs's BaseLogger: float32 running sums of score × batch size.
      lossTotal = f32(lossTotal + f32(loss * rows));
      accuracyTotal = f32(accuracyTotal + f32(accuracy * rows));
      seen += rows;
      if (!Number.isFinite(loss)) {
        nonFinite = { batch, loss };
        break;
      }
    }
    this.store();

    const perRow = f32(1 / seen);
    const history: Record<string, number[]> = { loss: [f32(perRow * lossTotal)] };
    if (this.logsAccuracy) history.acc = [f32(perRow * accuracyTotal)];
    if (this.validation && nonFinite === undefined) {
      const { loss, accuracy } = this.evaluate(this.validation);
      history.val_loss = [loss];
      if (this.logsAccuracy) history.val_acc = [accuracy];
    }
    return { history, nonFinite };
  }

  /** Loss and accuracy over `data` in batches of batchSize, as tfjs's testLoop sums them. */
  private evaluate(data: { x: Float32Array; y: Float32Array; rows: number }): {
    loss: number;
    accuracy: number;
  } {
    const width = this.layers[0].inputs;
    let [lossSum, accuracySum] = [0, 0];
    for (let start = 0; start < data.rows; start += this.batchSize) {
      const rows = Math.min(this.batchSize, data.rows - start);
      this.input.set(data.x.subarray(start * width, (start + rows) * width));
      this.targets.set(data.y.subarray(start, start + rows));
      this.forward(this.input, rows);
      const { loss, accuracy } = this.batchScores(rows);
      lossSum = f32(lossSum + f32(rows * loss));
      accuracySum = f32(accuracySum + f32(rows * accuracy));
    }
    return { loss: f32(lossSum / data.rows), accuracy: f32(accuracySum / data.rows) };
  }

  private load(): void {
    for (const layer of this.layers) {
      layer.kernel.set(layer.kernelVariable.dataSync());
      layer.bias.set(layer.biasVariable.dataSync());
    }
    this.optimizer.load();
  }

  private store(): void {
    for (const layer of this.layers) {
      assignValues(layer.kernelVariable, layer.kernel);
      assignValues(layer.biasVariable, layer.bias);
    }
    this.optimizer.store();
  }

  /** z = a·W + b and a = f(z), layer by layer, as tfjs's Dense computes them. */
  private forward(input: Float32Array, rows: number): void {
    let layerInput = input;
    for (const layer of this.layers) {
      const { inputs, units, kernel, kernelT, bias, z, a } = layer;
      transpose(kernel, inputs, units, kernelT);
      multiplyRowsByRows(layerInput, rows, kernelT, units, inputs, z, this.blockSize);
      addBias(z, rows, bias, units);
      activate(layer.activation, z, a, rows * units);
      layerInput = a;
    }
  }

  /**
   * The batch's loss and accuracy as tfjs-layers computes them, and, into
   * the last layer's delta, the gradient of the loss with respect to its
   * pre-activation, through every operation of tfjs's binary cross-entropy.
   */
  private batchScores(rows: number): { loss: number; accuracy: number } {
    const last = this.layers[this.layers.length - 1];
    const { rowLoss, targets } = this;
    // Each row's share of a mean over the rows; it is also the gradient of
    // that mean reaching each row.
    const perRow = f32(1 / rows);
    let [lossSum, accuracySum] = [0, 0];
    for (let r = 0; r < rows; r++) {
      const p = last.a[r];
      const { loss, gradient } = crossEntropy(p, targets[r], this.epsilon, perRow);
      rowLoss[r] = loss;
      lossSum += f32(loss / rows);
      if ((p > 0.5 ? 1 : 0) === targets[r]) accuracySum += perRow;
      last.delta[r] = f32(gradient * f32(p * f32(1 - p)));
    }
    return { loss: f32(lossSum), accuracy: f32(accuracySum) };
  }

  /**
   * The chain rule from the output back, in tfjs's operations:
   * ∂W = aᵀ·δ and ∂b = Σ_rows δ for each layer, δ_prev = (δ·Wᵀ) ⊙ f'.
   */
  private backward(rows: number): void {
    const { transposedInput, transposedDelta, blockSize } = this;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l];
      const { inputs, units, delta } = layer;
      const layerInput = l === 0 ? this.input : this.layers[l - 1].a;
      transpose(layerInput, rows, inputs, transposedInput);
      transpose(delta, rows, units, transposedDelta);
      multiplyRowsByRows(
        transposedInput,
        inputs,
        transposedDelta,
        units,
        rows,
        layer.gradKernel,
        blockSize,
      );
      sumRows(delta, rows, units, layer.gradBias);
      if (l === 0) break;
      const below = this.layers[l - 1];
      multiplyRowsByRows(delta, rows, layer.kernel, inputs, units, below.delta, blockSize);
      multiplyByDerivative(below.activation, below.z, below.a, below.delta, rows * inputs);
    }
  }
}

/**
 * One row's binary cross-entropy as tfjs-layers computes it, from the
 * probability p (clipped to [ε, 1 − ε], turned back into a logit, then the
 * stable sigmoid cross-entropy max(l, 0) − l·y + log1p(e^−|l|)), and its
 * gradient with respect to p for an upstream gradient `upstream`, by the
 * gradients tfjs registers for each of those operations.
 */
function crossEntropy(
  p: number,
  y: number,
  epsilon: number,
  upstream: number,
): { loss: number; gradient: number } {
  const high = 1 - epsilon;
  const c = p > high ? f32(high) : p < epsilon ? f32(epsilon) : p;
  const s = f32(1 - c);
  const d = f32(c / s);
  const logit = f32(Math.log(d));
  const e = f32(Math.exp(-Math.abs(logit)));
  const loss = f32(f32(Math.max(0, logit) - f32(logit * y)) + f32(Math.log1p(e)));

  // Backwards through add, log1p, exp, neg, abs, then sub, mul and relu;
  // the three paths into the logit are added in the order tfjs's tape
  // meets them: the product, the absolute value, the relu.
  const gradExp = f32(upstream / f32(e + 1));
  const gradAbs = -f32(gradExp * e);
  const logitSign = logit > 0 ? 1 : logit !== logit ? NaN : -1;
  const logitStep = logit > 0 ? 1 : logit !== logit ? NaN : 0;
  const gradLogit = f32(
    f32(f32(-upstream * y) + f32(gradAbs * logitSign)) + f32(upstream * logitStep),
  );
  const gradD = f32(gradLogit / d);
  const gradS = -f32(f32(gradD * c) / f32(s * s));
  const gradC = f32(f32(gradD / s) + -gradS);
  const clipped = !(p >= f32(epsilon) && p <= f32(high));
  return { loss, gradient: clipped ? 0 : gradC };
}

function activate(
  activation: MirroredActivation,
  z: Float32Array,
  a: Float32Array,
  count: number,
): void {
  switch (activation) {
    case 'relu':
      for (let i = 0; i < count; i++) a[i] = Math.max(0, z[i]);
      return;
    case 'tanh':
      for (let i = 0; i < count; i++) a[i] = Math.tanh(z[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < count; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
      return;
    case 'linear':
      a.set(z.subarray(0, count));
  }
}

/** delta ← delta ⊙ f'(z) by tfjs's gradient of each activation. */
function multiplyByDerivative(
  activation: MirroredActivation,
  z: Float32Array,
  a: Float32Array,
  delta: Float32Array,
  count: number,
): void {
  switch (activation) {
    case 'relu':
      for (let i = 0; i < count; i++) {
        const zi = z[i];
        delta[i] *= zi > 0 ? 1 : zi !== zi ? NaN : 0;
      }
      return;
    case 'tanh':
      for (let i = 0; i < count; i++) delta[i] *= f32(1 - f32(a[i] * a[i]));
      return;
    case 'sigmoid':
      for (let i = 0; i < count; i++) delta[i] *= f32(a[i] * f32(1 - a[i]));
      return;
    case 'linear':
  }
}
