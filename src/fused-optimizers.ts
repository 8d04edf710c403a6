/**
 * The optimizers of the fused training engine: tfjs's RMSprop, Adam and SGD
 * updates written out on float32 arrays, operation by operation as tfjs
 * 4.22's `applyGradients` performs them, each result rounded to float32 as
 * its tensor would be, every constant a float32 scalar as tfjs makes it. The
 * optimizer's own state (its slots, step count and Adam's β powers) is read
 * from the tfjs optimizer before an epoch and written back after it, so that
 * training may switch between the fused engine and `model.fit` at any epoch.
 *
 * The state lives in fields that tfjs does not document; the `...Fields`
 * interfaces name the ones of 4.22 that are used, and the support check
 * turns the engine off for any other tfjs version.
 *
 * @internal
 */
import * as tf from '@tensorflow/tfjs';

const f32 = Math.fround;

/** The fused engine's view of a tfjs optimizer. */
export interface OptimizerMirror {
  /**
   * Reads the hyperparameters and the state of every variable, creating the
   * state as tfjs's first step would.
   */
  load(): void;
  /** One step: updates `params[k]` in place from `grads[k]`, for every variable k in order. */
  step(params: readonly Float32Array[], grads: readonly Float32Array[]): void;
  /** Writes the state back into the tfjs optimizer and counts the steps taken. */
  store(): void;
}

/** A slot of optimizer state, as tfjs keeps it: its name and its variable. */
interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/** What every tfjs 4.22 optimizer keeps: the step count behind `iterations`. */
interface OptimizerFields {
  learningRate: number;
  iterations_?: number;
  iterations: number;
}

interface RmspropFields extends OptimizerFields {
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: (Slot | undefined)[];
  accumulatedMoments: (Slot | undefined)[];
}

interface AdamFields extends OptimizerFields {
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: (Slot | undefined)[];
  accumulatedSecondMoment: (Slot | undefined)[];
}

interface SgdFields extends OptimizerFields {
  /** −η as a float32 scalar. */
  c: tf.Scalar;
}

/**
 * Why `optimizer` cannot be mirrored for `variables`, or undefined if it
 * can: exactly RMSprop without centering, Adam or plain SGD (not a
 * subclass, whose update may differ), with no state kept for weights of
 * other shapes (an optimizer shared with another model).
 */
export function optimizerUnsupportedReason(
  optimizer: tf.Optimizer | undefined,
  variables: readonly tf.Variable[],
): string | undefined {
  if (optimizer === undefined) return 'the model is not compiled';
  let slots: (Slot | undefined)[][];
  if (optimizer.constructor === tf.RMSPropOptimizer) {
    const fields = optimizer as unknown as RmspropFields;
    if (fields.centered) return 'its rmsprop is centered';
    slots = [fields.accumulatedMeanSquares, fields.accumulatedMoments];
  } else if (optimizer.constructor === tf.AdamOptimizer) {
    const fields = optimizer as unknown as AdamFields;
    slots = [fields.accumulatedFirstMoment, fields.accumulatedSecondMoment];
  } else if (optimizer.constructor === tf.SGDOptimizer) {
    slots = [];
  } else {
    return `its optimizer is ${optimizer.getClassName()}, not rmsprop, adam or sgd`;
  }
  const fits = (slot: Slot | undefined, i: number) =>
    slot === undefined ||
    (i < variables.length && tf.util.arraysEqual(slot.variable.shape, variables[i].shape));
  if (!slots.every((kept) => kept.length <= variables.length && kept.every(fits))) {
    return (
      'its optimizer holds state for weights of other shapes ' +
      '(is it shared with another model?)'
    );
  }
  return undefined;
}

/** The mirror of `optimizer` for the model variables `variables`, in training order. */
export function mirrorOptimizer(
  optimizer: tf.Optimizer,
  variables: readonly tf.Variable[],
): OptimizerMirror {
  if (optimizer.constructor === tf.RMSPropOptimizer) {
    return new RmspropMirror(optimizer as unknown as RmspropFields, variables);
  }
  if (optimizer.constructor === tf.AdamOptimizer) {
    return new AdamMirror(optimizer as unknown as AdamFields, variables);
  }
  return new SgdMirror(optimizer as unknown as SgdFields);
}

/** Replaces a variable's value by a copy of `values` (tfjs keeps the array it is given). */
export function assignValues(variable: tf.Variable, values: Float32Array): void {
  const value = tf.tensor(values.slice(), variable.shape, 'float32');
  variable.assign(value);
  value.dispose();
}

/**
 * The state array of slot i, created first (zeros, not trainable, named
 * after the variable) where tfjs's first step would create it.
 */
function slotValues(
  slots: (Slot | undefined)[],
  i: number,
  variable: tf.Variable,
  suffix: string,
): Float32Array {
  slots[i] ??= {
    originalName: `${variable.name}/${suffix}`,
    variable: tf.tidy(() => tf.zerosLike(variable).variable(false)),
  };
  return Float32Array.from(slots[i]!.variable.dataSync());
}

/**
 * tfjs's RMSprop without centering, per element:
 *   s ← s·ρ + g²·(1 − ρ);  m ← m·μ + (g·η) / √(s + ε);  w ← w − m.
 */
class RmspropMirror implements OptimizerMirror {
  private meanSquares: Float32Array[] = [];
  private moments: Float32Array[] = [];
  private constants = { rho: 0, oneMinusRho: 0, mu: 0, lr: 0, epsilon: 0 };
  private steps = 0;

  constructor(
    private readonly fields: RmspropFields,
    private readonly variables: readonly tf.Variable[],
  ) {}

  load(): void {
    const { fields } = this;
    this.constants = {
      rho: f32(fields.decay),
      oneMinusRho: f32(1 - fields.decay),
      mu: f32(fields.momentum),
      lr: f32(fields.learningRate),
      epsilon: f32(fields.epsilon),
    };
    this.meanSquares = this.variables.map((v, i) =>
      slotValues(fields.accumulatedMeanSquares, i, v, 'rms'),
    );
    this.moments = this.variables.map((v, i) =>
      slotValues(fields.accumulatedMoments, i, v, 'momentum'),
    );
  }

  step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
    const { rho, oneMinusRho, mu, lr, epsilon } = this.constants;
    for (let k = 0; k < params.length; k++) {
      const [w, g, s, m] = [params[k], grads[k], this.meanSquares[k], this.moments[k]];
      for (let i = 0; i < w.length; i++) {
        const gi = g[i];
        const si = f32(f32(s[i] * rho) + f32(f32(gi * gi) * oneMinusRho));
        s[i] = si;
        const mi = f32(f32(m[i] * mu) + f32(f32(gi * lr) / f32(Math.sqrt(f32(si + epsilon)))));
        m[i] = mi;
        w[i] = w[i] - mi;
      }
    }
    this.steps++;
  }

  store(): void {
    this.variables.forEach((_, i) => {
      assignValues(this.fields.accumulatedMeanSquares[i]!.variable, this.meanSquares[i]);
      assignValues(this.fields.accumulatedMoments[i]!.variable, this.moments[i]);
    });
    this.fields.iterations_ = this.fields.iterations + this.steps;
    this.steps = 0;
  }
}

/**
 * tfjs's Adam, per element, with a = 1 − β1ᵗ and b = 1 − β2ᵗ:
 *   m ← m·β1 + g·(1 − β1);  v ← v·β2 + g²·(1 − β2);
 *   w ← (m/a) / (√(v/b) + ε) · (−η) + w;  then β1ᵗ ← β1ᵗ·β1, β2ᵗ ← β2ᵗ·β2.
 */
class AdamMirror implements OptimizerMirror {
  private firstMoments: Float32Array[] = [];
  private secondMoments: Float32Array[] = [];
  private beta1Power = 0;
  private beta2Power = 0;
  private constants = {
    beta1: 0,
    oneMinusBeta1: 0,
    beta2: 0,
    oneMinusBeta2: 0,
    negLr: 0,
    epsilon: 0,
  };
  private steps = 0;

  constructor(
    private readonly fields: AdamFields,
    private readonly variables: readonly tf.Variable[],
  ) {}

  load(): void {
    const { fields } = this;
    this.constants = {
      beta1: f32(fields.beta1),
      oneMinusBeta1: f32(1 - fields.beta1),
      beta2: f32(fields.beta2),
      oneMinusBeta2: f32(1 - fields.beta2),
      negLr: f32(-fields.learningRate),
      epsilon: f32(fields.epsilon),
    };
    this.beta1Power = fields.accBeta1.dataSync()[0];
    this.beta2Power = fields.accBeta2.dataSync()[0];
    this.firstMoments = this.variables.map((v, i) =>
      slotValues(fields.accumulatedFirstMoment, i, v, 'm'),
    );
    this.secondMoments = this.variables.map((v, i) =>
      slotValues(fields.accumulatedSecondMoment, i, v, 'v'),
    );
  }

  step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
    const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, negLr, epsilon } = this.constants;
    const a = f32(1 - this.beta1Power);
    const b = f32(1 - this.beta2Power);
    for (let k = 0; k < params.length; k++) {
      const [w, g, m, v] = [params[k], grads[k], this.firstMoments[k], this.secondMoments[k]];
      for (let i = 0; i < w.length; i++) {
        const gi = g[i];
        const mi = f32(f32(m[i] * beta1) + f32(gi * oneMinusBeta1));
        const vi = f32(f32(v[i] * beta2) + f32(f32(gi * gi) * oneMinusBeta2));
        m[i] = mi;
        v[i] = vi;
        const corrected = f32(f32(mi / a) / f32(f32(Math.sqrt(f32(vi / b))) + epsilon));
        w[i] = f32(corrected * negLr) + w[i];
      }
    }
    this.beta1Power = f32(this.beta1Power * beta1);
    this.beta2Power = f32(this.beta2Power * beta2);
    this.steps++;
  }

  store(): void {
    this.variables.forEach((_, i) => {
      assignValues(this.fields.accumulatedFirstMoment[i]!.variable, this.firstMoments[i]);
      assignValues(this.fields.accumulatedSecondMoment[i]!.variable, this.secondMoments[i]);
    });
    assignValues(this.fields.accBeta1, Float32Array.of(this.beta1Power));
    assignValues(this.fields.accBeta2, Float32Array.of(this.beta2Power));
    this.fields.iterations_ = this.fields.iterations + this.steps;
    this.steps = 0;
  }
}

/** tfjs's SGD, per element: w ← c·g + w with c = −η. */
class SgdMirror implements OptimizerMirror {
  private c = 0;
  private steps = 0;

  constructor(private readonly fields: SgdFields) {}

  load(): void {
    this.c = this.fields.c.dataSync()[0];
  }

  step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
    const { c } = this;
    for (let k = 0; k < params.length; k++) {
      const [w, g] = [params[k], grads[k]];
      for (let i = 0; i < w.length; i++) w[i] = f32(c * g[i]) + w[i];
    }
    this.steps++;
  }

  store(): void {
    this.fields.iterations_ = this.fields.iterations + this.steps;
    this.steps = 0;
  }
}
