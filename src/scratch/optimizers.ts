/**
 * Optimizers written from their update rules: SGD, momentum, RMSprop and
 * Adam. Each follows its `tf.train` counterpart rule for rule (where ε
 * goes, how the bias is corrected, the defaults), so that the same gradients
 * give the same parameters up to float rounding: the updates are computed
 * in float64 and stored in the parameters' own type. Every constant enters
 * the updates rounded to float32, as tfjs turns each one into a float32
 * scalar: η, μ, ε, β and, separately, 1 − β. The two roundings do not cancel:
 * in tfjs's Adam, 1 − β2 rounds to 0.0010000000475 while the bias correction
 * 1 − β2ᵗ starts from float32(0.999) = 0.99900001287, so the corrected
 * second moment comes out 1.3e-5 too large, a fixed bias in every step that
 * float64 arithmetic with the exact constants would not reproduce.
 *
 * An optimizer updates parameter arrays in place and keeps one state (the
 * velocity, the running averages, the step count) per array, keyed by the
 * array object itself: pass the same array at every step, and one optimizer
 * can serve all the layers of a network.
 */
import { describeValue, requirePositiveNumber } from '../check';

/** An array of parameters that an optimizer updates in place. */
export type ParameterArray = Float32Array | Float64Array;

/** Something that takes one step of a descent method. */
export interface ScratchOptimizer {
  /** The method's name, such as `'adam'`. */
  readonly name: string;
  /** The step size η. */
  readonly learningRate: number;
  /**
   * Updates `params` in place from their gradients `grads` (the same
   * length). The state that the method carries from step to step belongs to
   * this `params` array; another array gets a state of its own.
   */
  step(params: ParameterArray, grads: ArrayLike<number>): void;
}

/** Options of `sgd`. */
export interface SgdArgs {
  /** The step size η. Required, as in `tf.train.sgd`. */
  learningRate: number;
}

/** Options of `momentum`. */
export interface MomentumArgs {
  /** The step size η. Required, as in `tf.train.momentum`. */
  learningRate: number;
  /**
   * How much of the previous velocity each step keeps, μ in [0, 1).
   * Required, as in `tf.train.momentum`.
   */
  momentum: number;
  /** Whether to look ahead along the velocity (Nesterov momentum). Defaults to false. */
  nesterov?: boolean;
}

/** Options of `rmsprop`. */
export interface RmspropArgs {
  /** The step size η. Required, as in `tf.train.rmsprop`. */
  learningRate: number;
  /** Decay ρ of the running mean of squared gradients, in [0, 1). Defaults to 0.9. */
  decay?: number;
  /** Momentum μ of the step, in [0, 1). Defaults to 0 (no momentum). */
  momentum?: number;
  /** ε added to the mean square inside the square root. Defaults to 1e-7, tfjs's epsilon. */
  epsilon?: number;
}

/** Options of `adam`. */
export interface AdamArgs {
  /** The step size η. Defaults to 0.001. */
  learningRate?: number;
  /** Decay β1 of the running mean of gradients, in [0, 1). Defaults to 0.9. */
  beta1?: number;
  /** Decay β2 of the running mean of squared gradients, in [0, 1). Defaults to 0.999. */
  beta2?: number;
  /** ε added to the root of the corrected second moment. Defaults to 1e-7, tfjs's epsilon. */
  epsilon?: number;
}

/** tfjs's `backend.epsilon()` on float32 backends, its default ε. */
const TFJS_EPSILON = 1e-7;

/**
 * Plain gradient descent: w ← w − η·g.
 *
 * @example
 * const optimizer = sgd({ learningRate: 0.1 });
 * optimizer.step(weights, gradients);
 */
export class SgdOptimizer implements ScratchOptimizer {
  readonly name = 'sgd';
  readonly learningRate: number;

  constructor(args: SgdArgs) {
    requirePositiveNumber('learningRate', args.learningRate);
    this.learningRate = args.learningRate;
  }

  step(params: ParameterArray, grads: ArrayLike<number>): void {
    requireSameLength(params, grads);
    const lr = Math.fround(this.learningRate);
    for (let i = 0; i < params.length; i++) params[i] -= lr * grads[i];
  }
}

/**
 * Gradient descent with momentum, as `tf.train.momentum` does it: the
 * velocity sums past gradients, and the step is η times the velocity.
 *
 *     v ← μ·v + g
 *     w ← w − η·v                (Nesterov: w ← w − η·(g + μ·v))
 *
 * with v = 0 before the first step. (Keras writes v ← μ·v − η·g, w ← w + v;
 * the two agree while η stays fixed.)
 */
export class MomentumOptimizer implements ScratchOptimizer {
  readonly name = 'momentum';
  readonly learningRate: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  private readonly velocities = new WeakMap<ParameterArray, ParameterArray>();

  constructor(args: MomentumArgs) {
    requirePositiveNumber('learningRate', args.learningRate);
    requireFraction('momentum', args.momentum);
    this.learningRate = args.learningRate;
    this.momentum = args.momentum;
    this.nesterov = args.nesterov ?? false;
  }

  step(params: ParameterArray, grads: ArrayLike<number>): void {
    requireSameLength(params, grads);
    const velocity = stateArray(this.velocities, params);
    const [lr, mu] = [this.learningRate, this.momentum].map(Math.fround);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      const v = mu * velocity[i] + g;
      velocity[i] = v;
      params[i] -= this.nesterov ? lr * (g + mu * v) : lr * v;
    }
  }
}

/**
 * RMSprop as `tf.train.rmsprop` does it without centering: each weight's
 * step is divided by the root of a running mean of its squared gradients,
 * and the momentum term accumulates the scaled steps.
 *
 *     s ← ρ·s + (1 − ρ)·g²
 *     m ← μ·m + η·g / √(s + ε)
 *     w ← w − m
 *
 * with s = m = 0 before the first step. ε sits inside the square root, where
 * tfjs puts it; some texts add it after the root instead.
 */
export class RmspropOptimizer implements ScratchOptimizer {
  readonly name = 'rmsprop';
  readonly learningRate: number;
  readonly decay: number;
  readonly momentum: number;
  readonly epsilon: number;
  private readonly meanSquares = new WeakMap<ParameterArray, ParameterArray>();
  private readonly moments = new WeakMap<ParameterArray, ParameterArray>();

  constructor(args: RmspropArgs) {
    const { learningRate, decay = 0.9, momentum = 0, epsilon = TFJS_EPSILON } = args;
    requirePositiveNumber('learningRate', learningRate);
    requireFraction('decay', decay);
    requireFraction('momentum', momentum);
    requireNonNegative('epsilon', epsilon);
    this.learningRate = learningRate;
    this.decay = decay;
    this.momentum = momentum;
    this.epsilon = epsilon;
  }

  step(params: ParameterArray, grads: ArrayLike<number>): void {
    requireSameLength(params, grads);
    const meanSquare = stateArray(this.meanSquares, params);
    const moment = stateArray(this.moments, params);
    const [lr, rho, oneMinusRho, mu, epsilon] = [
      this.learningRate,
      this.decay,
      1 - this.decay,
      this.momentum,
      this.epsilon,
    ].map(Math.fround);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      const s = rho * meanSquare[i] + oneMinusRho * g * g;
      meanSquare[i] = s;
      const m = mu * moment[i] + (lr * g) / Math.sqrt(s + epsilon);
      moment[i] = m;
      params[i] -= m;
    }
  }
}

/**
 * Adam as `tf.train.adam` does it: running means of the gradient and of its
 * square, each divided by its bias correction, and ε added after the square
 * root.
 *
 *     m ← β1·m + (1 − β1)·g
 *     v ← β2·v + (1 − β2)·g²
 *     w ← w − η·(m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)
 *
 * with m = v = 0 before the first step and t = 1 at the first step. t
 * counts the steps taken on this parameter array (tfjs counts calls of
 * `applyGradients`: the same when every array takes one step per step).
 */
export class AdamOptimizer implements ScratchOptimizer {
  readonly name = 'adam';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly states = new WeakMap<ParameterArray, AdamState>();

  constructor(args: AdamArgs = {}) {
    const { learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = TFJS_EPSILON } = args;
    requirePositiveNumber('learningRate', learningRate);
    requireFraction('beta1', beta1);
    requireFraction('beta2', beta2);
    requireNonNegative('epsilon', epsilon);
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  step(params: ParameterArray, grads: ArrayLike<number>): void {
    requireSameLength(params, grads);
    let state = this.states.get(params);
    if (state === undefined) {
      state = { m: emptyLike(params), v: emptyLike(params), beta1Power: 1, beta2Power: 1 };
      this.states.set(params, state);
    }
    const [lr, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon] = [
      this.learningRate,
      this.beta1,
      1 - this.beta1,
      this.beta2,
      1 - this.beta2,
      this.epsilon,
    ].map(Math.fround);
    // tfjs keeps β1ᵗ and β2ᵗ in float32 variables.
    state.beta1Power = Math.fround(state.beta1Power * beta1);
    state.beta2Power = Math.fround(state.beta2Power * beta2);
    const firstCorrection = 1 - state.beta1Power;
    const secondCorrection = 1 - state.beta2Power;
    const { m, v } = state;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      const mi = beta1 * m[i] + oneMinusBeta1 * g;
      const vi = beta2 * v[i] + oneMinusBeta2 * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] -= lr * (mi / firstCorrection / (Math.sqrt(vi / secondCorrection) + epsilon));
    }
  }
}

/** Plain gradient descent, w ← w − η·g; see {@link SgdOptimizer}. */
export function sgd(args: SgdArgs): SgdOptimizer {
  return new SgdOptimizer(args);
}

/** Gradient descent with momentum, as `tf.train.momentum`; see {@link MomentumOptimizer}. */
export function momentum(args: MomentumArgs): MomentumOptimizer {
  return new MomentumOptimizer(args);
}

/** RMSprop, as `tf.train.rmsprop` without centering; see {@link RmspropOptimizer}. */
export function rmsprop(args: RmspropArgs): RmspropOptimizer {
  return new RmspropOptimizer(args);
}

/** Adam, as `tf.train.adam`; see {@link AdamOptimizer}. */
export function adam(args: AdamArgs = {}): AdamOptimizer {
  return new AdamOptimizer(args);
}

/** What Adam carries between steps for one parameter array. */
interface AdamState {
  m: ParameterArray;
  v: ParameterArray;
  /** β1ᵗ and β2ᵗ after t steps. */
  beta1Power: number;
  beta2Power: number;
}

/** The state array of `params` in `states`, created as zeros on first use. */
function stateArray(
  states: WeakMap<ParameterArray, ParameterArray>,
  params: ParameterArray,
): ParameterArray {
  let state = states.get(params);
  if (state === undefined) {
    state = emptyLike(params);
    states.set(params, state);
  }
  return state;
}

/** Zeros of the same type and length as `params`, so that state rounds as the weights do. */
function emptyLike(params: ParameterArray): ParameterArray {
  return params instanceof Float32Array
    ? new Float32Array(params.length)
    : new Float64Array(params.length);
}

function requireSameLength(params: ParameterArray, grads: ArrayLike<number>): void {
  if (grads?.length !== params.length) {
    throw new Error(
      `grads is ${describeValue(grads)}; expected ${params.length} numbers, one per parameter`,
    );
  }
}

function requireFraction(name: string, value: number): void {
  if (!(value >= 0 && value < 1)) {
    throw new Error(`${name} is ${describeValue(value)}; expected a number in [0, 1)`);
  }
}

function requireNonNegative(name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new Error(`${name} is ${describeValue(value)}; expected a finite number >= 0`);
  }
}
