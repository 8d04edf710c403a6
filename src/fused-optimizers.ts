/**
 * The optimizers of the fused training engine: tfjs's RMSprop, Adam and SGD
 * updates written out on float32 arrays, operation by operation as tfjs
 * 4.22's `applyGradients` performs them, each result rounded to float32 as
 * its tensor would be, every constant a float32 scalar as tfjs makes it. The
 * optimizer's own state (its slots, step count and Adam's β powers) is read
 * from the tfjs optimizer before an epoch and written back after it, so that
 * training may switch between the fused engine and `model.fit` at any epoch.
 *
 * The state lives in fields that tfjs does not document; `OptimizerFields`
 * names the ones of 4.22 that are used, and `fusedUnsupportedReason` turns
 * the engine off for any other tfjs version.
 *
 * @internal
 */
import * as tf from '@tensorflow/tfjs';

const f32 = Math.fround;

/** The fused engine's view of a tfjs optimizer. */
export interface OptimizerMirror {
  /** Reads the hyperparameters and the state of every variable, creating state as tfjs's first step would. */
  load(): void;
  /** One step: updates `params[k]` in place from `grads[k]`, for every variable k in order. */
  step(params: readonly Float32Array[], grads: readonly Float32Array[]): void;
  /** Writes the state back into the tfjs optimizer. */
  store(): void;
}

/** A slot of optimizer state, as tfjs keeps it: its name and its variable. */
interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/** The fields of tfjs 4.22's optimizers that the mirrors read and write. */
interface OptimizerFields {
  learningRate: number;
  iterations_?: number;
  iterations: number;
  // RMSprop
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: (Slot | undefined)[];
  accumulatedMoments: (Slot | undefined)[];
  // Adam
  beta1: number;
  beta2: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: (Slot | undefined)[];
  accumulatedSecondMoment: (Slot | undefined)[];
  // SGD
  c: tf.Scalar;
}

/**
 * Why `optimizer` cannot be mirrored, or undefined if it can: exactly
 * RMSprop without centering, Adam or plain SGD (not a subclass, whose
 * update may differ).
 */
export function optimizerUnsupportedReason(
  optimizer: tf.Optimizer | undefined,
): string | undefined {
  if (optimizer === undefined) return 'the model is not compiled';
  const kind = optimizer.constructor;
  if (kind === tf.RMSPropOptimizer) {
    return (optimizer as unknown as OptimizerFields).centered
      ? 'its rmsprop is centered'
      : undefined;
  }
  if (kind === tf.AdamOptimizer || kind === tf.SGDOptimizer) return undefined;
  return `its optimizer is ${optimizer.getClassName()}, not rmsprop, adam or sgd`;
}

/** The mirror of `optimizer` for the model variables `variables`, in training order. */
export function mirrorOptimizer(
  optimizer: tf.Optimizer,
  variables: readonly tf.Variable[],
): OptimizerMirror {
  const fields = optimizer as unknown as OptimizerFields;
  if (optimizer.constructor === tf.RMSPropOptimizer) return new RmspropMirror(fields, variables);
  if (optimizer.constructor === tf.AdamOptimizer) return new AdamMirror(fields, variables);
  return new SgdMirror(fields, variables);
}

/** Counts `steps` steps as tfjs's `incrementIterations` does once per step. */
function countSteps(fields: OptimizerFields, steps: number): void {
  fields.iterations_ = fields.iterations + steps;
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

/** Replaces a variable's value by a copy of `values` (tfjs keeps the array it is given). */
export function assignValues(variable: tf.Variable, values: Float32Array): void {
  const value = tf.tensor(values.slice(), variable.shape, 'float32');
  variable.assign(value);
  value.dispose();
}

abstract class Mirror implements OptimizerMirror {
  protected steps = 0;

  constructor(
    protected readonly fields: OptimizerFields,
    protected readonly variables: readonly tf.Variable[],
  ) {}

  abstract load(): void;
  abstract step(params: readonly Float32Array[], grads: readonly Float32Array[]): void;

  store(): void {
    this.storeSlots();
    countSteps(this.fields, this.steps);
    this.steps = 0;
  }

  protected abstract storeSlots(): void;
}

/**
 * tfjs's RMSprop without centering, per element:
 *   s ← s·ρ + g²·(1 − ρ);  m ← m·μ + (g·η) / √(s + ε);  w ← w − m.
 */
class RmspropMirror extends Mirror {
  private meanSquares: Float32Array[] = [];
  private moments: Float32Array[] = [];
  private constants = { rho: 0, oneMinusRho: 0, mu: 0, lr: 0, epsilon: 0 };

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
    params.forEach((w, k) => {
      const [g, s, m] = [grads[k], this.meanSquares[k], this.moments[k]];
      for (let i = 0; i < w.length; i++) {
        const gi = g[i];
        const si = f32(f32(s[i] * rho) + f32(f32(gi * gi) * oneMinusRho));
        s[i] = si;
        const mi = f32(f32(m[i] * mu) + f32(f32(gi * lr) / f32(Math.sqrt(f32(si + epsilon)))));
        m[i] = mi;
        w[i] = w[i] - mi;
      }
    });
    this.steps++;
  }

  protected storeSlots(): void {
    this.variables.forEach((_, i) => {
      assignValues(this.fields.accumulatedMeanSquares[i]!.variable, this.meanSquares[i]);
      assignValues(this.fields.accumulatedMoments[i]!.variable, this.moments[i]);
    });
  }
}

/**
 * tfjs's Adam, per element, with a = 1 − β1ᵗ and b = 1 − β2ᵗ:
 *   m ← m·β1 + g·(1 − β1);  v ← v·β2 + g²·(1 − β2);
 *   w ← (m/a) / (√(v/b) + ε) · (−η) + w;  then β1ᵗ ← β1ᵗ·β1, β2ᵗ ← β2ᵗ·β2.
 */
class AdamMirror extends Mirror {
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
    params.forEach((w, k) => {
      const [g, m, v] = [grads[k], this.firstMoments[k], this.secondMoments[k]];
      for (let i = 0; i < w.length; i++) {
        const gi = g[i];
        const mi = f32(f32(m[i] * beta1) + f32(gi * oneMinusBeta1));
        const vi = f32(f32(v[i] * beta2) + f32(f32(gi * gi) * oneMinusBeta2));
        m[i] = mi;
        v[i] = vi;
        const corrected = f32(f32(mi / a) / f32(f32(Math.sqrt(f32(vi / b))) + epsilon));
        w[i] = f32(corrected * negLr) + w[i];
      }
    });
    this.beta1Power = f32(this.beta1Power * beta1);
    this.beta2Power = f32(this.beta2Power * beta2);
    this.steps++;
  }

  protected storeSlots(): void {
    this.variables.forEach((_, i) => {
      assignValues(this.fields.accumulatedFirstMoment[i]!.variable, this.firstMoments[i]);
      assignValues(this.fields.accumulatedSecondMoment[i]!.variable, this.secondMoments[i]);
    });
    assignValues(this.fields.accBeta1, Float32Array.of(this.beta1Power));
    assignValues(this.fields.accBeta2, Float32Array.of(this.beta2Power));
  }
}

/** tfjs's SGD, per element: w ← c·g + w with c = −η. */
class SgdMirror extends Mirror {
  private c = 0;

  load(): void {
    this.c = this.fields.c.dataSync()[0];
  }

  step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
    const { c } = this;
    params.forEach((w, k) => {
      const g = grads[k];
      for (let i = 0; i < w.length; i++) w[i] = f32(c * g[i]) + w[i];
    });
    this.steps++;
  }

  protected storeSlots(): void {}
}
