/**
 * The fused training engine: the epochs of a dense binary classifier on the
 * cpu backend, run as plain loops over float32 arrays instead of some two
 * hundred tfjs kernel calls per batch, yet number for number what
 * `model.fit` computes.
 *
 * Every operation of tfjs 4.22's training step is mirrored: the same
 * formula, the float32 rounding after each operation, the order of every sum
 * (the cpu matMul sums in blocks of 48, reductions sum in float64 and round
 * once), the order in which gradients arriving by several paths are added,
 * and the seeded dropout masks. So after each epoch the weights, the
 * optimizer's state and the logged loss and accuracy are bit-identical to
 * model.fit's on the same batches; `test/fused.test.ts` checks this for every
 * kind of model that `fusedUnsupportedReason` (in fused-support.ts) accepts.
 *
 * @internal
 */
import * as tf from '@tensorflow/tfjs';
import { addBias, multiplyRowsByRows, sumRows, transpose } from './scratch/matrix';
import {
  activate,
  addPenaltyGradient,
  crossEntropy,
  drawDropout,
  multiplyByDerivative,
  multiplyInPlace,
  penaltyValue,
  type MirroredActivation,
  type Penalty,
} from './fused-layers';
import { assignValues, mirrorOptimizer, type OptimizerMirror } from './fused-optimizers';
import { trainedVariables } from './fused-support';
import { SeededDropout } from './model';

export { fusedUnsupportedReason } from './fused-support';

const f32 = Math.fround;

/**
 * One epoch's logs under tfjs's names (`loss`, `acc`, `val_loss`, `val_acc`),
 * and the batch whose loss stopped being finite, if one did.
 */
export interface EpochResult {
  history: Record<string, (number | tf.Tensor)[]>;
  nonFinite?: { batch: number; loss: number };
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
  kernelPenalty?: Penalty;
  biasPenalty?: Penalty;
  /** Wᵀ, units × inputs, so that the forward product reads rows. */
  kernelT: Float32Array;
  gradKernel: Float32Array;
  gradBias: Float32Array;
  /** z = a·W + b, then f(z), then ∂loss/∂z, each rows × units. */
  z: Float32Array;
  a: Float32Array;
  delta: Float32Array;
  /** The dropout layer after this one, with this step's multipliers and its output. */
  dropout?: { layer: SeededDropout; multipliers: Float32Array; out: Float32Array };
}

/**
 * Trains a model that `fusedUnsupportedReason` accepts, one epoch at a time,
 * on data given once. Each epoch reads the weights and the optimizer's state
 * from tfjs and writes them back, so callbacks between epochs see and may
 * change them as they would with model.fit; a trainer is for one optimizer
 * and one set of weights (`isFor` tells).
 */
export class FusedTrainer {
  private readonly layers: LayerState[] = [];
  private readonly optimizer: tf.Optimizer;
  private readonly mirror: OptimizerMirror;
  private readonly variables: tf.Variable[];
  /** The weight arrays and their gradients in training order, for the optimizer. */
  private readonly params: Float32Array[];
  private readonly grads: Float32Array[];
  private readonly x: Float32Array;
  private readonly y: Float32Array;
  private readonly validation?: { x: Float32Array; y: Float32Array; rows: number };
  private readonly input: Float32Array;
  private readonly targets: Float32Array;
  /** Each training row's class weight, where there are class weights. */
  private readonly rowWeight?: Float32Array;
  /** The class weights of the batch's rows, in batch order. */
  private readonly weights: Float32Array;
  private readonly transposedInput: Float32Array;
  private readonly transposedDelta: Float32Array;
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
    classWeight?: Record<number, number>,
  ) {
    this.logsAccuracy = model.metricsNames.includes('acc');
    const rows = Math.min(batchSize, Math.max(x.shape[0], validation?.[0].shape[0] ?? 0));
    for (const layer of model.layers) {
      if (layer instanceof SeededDropout) {
        const size = rows * this.layers[this.layers.length - 1].units;
        this.layers[this.layers.length - 1].dropout = {
          layer,
          multipliers: new Float32Array(size),
          out: new Float32Array(size),
        };
      } else {
        this.layers.push(layerState(layer, rows));
      }
    }
    this.optimizer = model.optimizer;
    this.variables = trainedVariables(model);
    this.mirror = mirrorOptimizer(this.optimizer, this.variables);
    this.params = this.layers.flatMap((l) => [l.kernel, l.bias]);
    this.grads = this.layers.flatMap((l) => [l.gradKernel, l.gradBias]);

    this.x = x.dataSync() as Float32Array;
    this.y = y.dataSync() as Float32Array;
    // tfjs weighs each row's loss by its class's weight, a float32 per row.
    this.rowWeight = classWeight
      ? Float32Array.from(this.y, (label) => classWeight[label])
      : undefined;
    if (validation) {
      const [vx, vy] = validation;
      const data = { x: vx.dataSync() as Float32Array, y: vy.dataSync() as Float32Array };
      this.validation = { ...data, rows: vx.shape[0] };
    }
    const widest = Math.max(...this.layers.map((l) => Math.max(l.inputs, l.units)));
    this.input = new Float32Array(rows * this.layers[0].inputs);
    this.targets = new Float32Array(rows);
    this.weights = new Float32Array(rows);
    this.transposedInput = new Float32Array(rows * widest);
    this.transposedDelta = new Float32Array(rows * widest);
    this.blockSize = (tf.backend() as unknown as { blockSize: number }).blockSize;
    this.epsilon = tf.backend().epsilon();
  }

  /** Whether this trainer still fits `model`: the same optimizer and the same trained weights. */
  isFor(model: tf.LayersModel): boolean {
    const variables = trainedVariables(model);
    return (
      model.optimizer === this.optimizer &&
      variables.length === this.variables.length &&
      variables.every((v, i) => v === this.variables[i])
    );
  }

  /**
   * One epoch over the training rows in `order`, batch by batch as
   * model.fit takes them, then the validation rows if any.
   */
  runEpoch(order: readonly number[]): EpochResult {
    const width = this.layers[0].inputs;
    const { batchSize } = this;
    let [lossTotal, accuracyTotal, seen] = [0, 0, 0];
    let nonFinite: EpochResult['nonFinite'];
    this.load();
    try {
      for (let start = 0, batch = 0; start < order.length; start += batchSize, batch++) {
        const rows = Math.min(batchSize, order.length - start);
        for (let r = 0; r < rows; r++) {
          const source = order[start + r];
          this.input.set(this.x.subarray(source * width, (source + 1) * width), r * width);
          this.targets[r] = this.y[source];
          if (this.rowWeight) this.weights[r] = this.rowWeight[source];
        }
        this.forward(rows, true);
        const scores = this.scoreBatch(rows, { weighted: this.rowWeight !== undefined });
        const loss = this.withPenalties(scores.loss);
        this.backward(rows);
        this.mirror.step(this.params, this.grads);
        // tfjs's BaseLogger: float32 running sums of score × batch size.
        lossTotal = f32(lossTotal + f32(loss * rows));
        accuracyTotal = f32(accuracyTotal + f32(scores.accuracy * rows));
        seen += rows;
        if (!Number.isFinite(loss)) {
          nonFinite = { batch, loss };
          break;
        }
      }
    } finally {
      this.store();
    }

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
      this.forward(rows, false);
      const { loss, accuracy } = this.scoreBatch(rows, { weighted: false, noGradient: true });
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
    this.mirror.load();
  }

  private store(): void {
    for (const layer of this.layers) {
      assignValues(layer.kernelVariable, layer.kernel);
      assignValues(layer.biasVariable, layer.bias);
    }
    this.mirror.store();
  }

  /**
   * z = a·W + b and a = f(z), layer by layer, as tfjs's Dense computes them;
   * in training, each dropout layer then multiplies a by its step's mask.
   */
  private forward(rows: number, training: boolean): void {
    let layerInput = this.input;
    for (const layer of this.layers) {
      const { inputs, units, kernel, kernelT, bias, z, a, dropout } = layer;
      transpose(kernel, inputs, units, kernelT);
      multiplyRowsByRows(layerInput, rows, kernelT, units, inputs, z, this.blockSize);
      addBias(z, rows, bias, units);
      activate(layer.activation, z, a, rows * units);
      layerInput = a;
      if (training && dropout) {
        const count = rows * units;
        const { rate } = dropout.layer;
        drawDropout(rate, dropout.layer.nextTrainingSeed(), dropout.multipliers, count);
        dropout.out.set(a.subarray(0, count));
        multiplyInPlace(dropout.out, dropout.multipliers, count);
        layerInput = dropout.out;
      }
    }
  }

  /**
   * The batch's loss (without penalties; each row's weighed by its class
   * weight where `weighted`) and accuracy as tfjs-layers computes them.
   * Unless `noGradient`, it also writes into the last layer's delta the
   * gradient of that loss with respect to the layer's pre-activation,
   * through every operation of tfjs's binary cross-entropy.
   */
  private scoreBatch(
    rows: number,
    { weighted, noGradient = false }: { weighted: boolean; noGradient?: boolean },
  ): { loss: number; accuracy: number } {
    const last = this.layers[this.layers.length - 1];
    const { targets, weights } = this;
    // Each row's share of a mean over the rows; it is also the gradient of
    // that mean reaching each row.
    const perRow = f32(1 / rows);
    let [lossSum, accuracySum] = [0, 0];
    for (let r = 0; r < rows; r++) {
      const p = last.a[r];
      const upstream = weighted ? f32(perRow * weights[r]) : perRow;
      const { loss, gradient } = crossEntropy(p, targets[r], this.epsilon, upstream);
      lossSum += f32((weighted ? f32(loss * weights[r]) : loss) / rows);
      if ((p > 0.5 ? 1 : 0) === targets[r]) accuracySum += perRow;
      if (!noGradient) last.delta[r] = f32(gradient * f32(p * f32(1 - p)));
    }
    return { loss: f32(lossSum), accuracy: f32(accuracySum) };
  }

  /** The training loss: `loss` plus each layer's L1/L2 penalties, one by one in tfjs's order. */
  private withPenalties(loss: number): number {
    let total = loss;
    for (const layer of this.layers) {
      if (layer.kernelPenalty) total = f32(total + penaltyValue(layer.kernelPenalty, layer.kernel));
      if (layer.biasPenalty) total = f32(total + penaltyValue(layer.biasPenalty, layer.bias));
    }
    return total;
  }

  /**
   * The chain rule from the output back, in tfjs's operations: for each
   * layer ∂W = aᵀ·δ and ∂b = Σ_rows δ, plus its penalties' gradients;
   * δ_prev = (δ·Wᵀ) ⊙ dropout mask ⊙ f'.
   */
  private backward(rows: number): void {
    const { transposedInput, transposedDelta, blockSize } = this;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l];
      const { inputs, units, delta, gradKernel, gradBias } = layer;
      const below = this.layers[l - 1];
      const layerInput = l === 0 ? this.input : (below.dropout?.out ?? below.a);
      transpose(layerInput, rows, inputs, transposedInput);
      transpose(delta, rows, units, transposedDelta);
      multiplyRowsByRows(
        transposedInput,
        inputs,
        transposedDelta,
        units,
        rows,
        gradKernel,
        blockSize,
      );
      sumRows(delta, rows, units, gradBias);
      if (layer.kernelPenalty) addPenaltyGradient(layer.kernelPenalty, layer.kernel, gradKernel);
      if (layer.biasPenalty) addPenaltyGradient(layer.biasPenalty, layer.bias, gradBias);
      if (l === 0) break;
      multiplyRowsByRows(delta, rows, layer.kernel, inputs, units, below.delta, blockSize);
      const count = rows * inputs;
      if (below.dropout) multiplyInPlace(below.delta, below.dropout.multipliers, count);
      multiplyByDerivative(below.activation, below.z, below.a, below.delta, count);
    }
  }
}

/** The state of one Dense layer, with buffers for `rows` rows. */
function layerState(layer: tf.layers.Layer, rows: number): LayerState {
  const [kernelVariable, biasVariable] = layer.weights.map((w) => w.read() as tf.Variable);
  const [inputs, units] = kernelVariable.shape;
  const config = layer.getConfig();
  return {
    inputs,
    units,
    activation: config.activation as MirroredActivation,
    kernelVariable,
    biasVariable,
    kernel: new Float32Array(inputs * units),
    bias: new Float32Array(units),
    kernelPenalty: penaltyOf(config.kernelRegularizer),
    biasPenalty: penaltyOf(config.biasRegularizer),
    kernelT: new Float32Array(inputs * units),
    gradKernel: new Float32Array(inputs * units),
    gradBias: new Float32Array(units),
    z: new Float32Array(rows * units),
    a: new Float32Array(rows * units),
    delta: new Float32Array(rows * units),
  };
}

/** A regularizer's L1 and L2 factors from its serialized config, if it has any. */
function penaltyOf(serialized: unknown): Penalty | undefined {
  const config = (serialized as { config?: { l1?: number; l2?: number } } | null)?.config;
  const penalty = { l1: config?.l1 ?? 0, l2: config?.l2 ?? 0 };
  return penalty.l1 !== 0 || penalty.l2 !== 0 ? penalty : undefined;
}
