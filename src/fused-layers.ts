/**
 * The per-layer arithmetic of the fused training engine, each function the
 * float32 mirror of what tfjs 4.22 computes for one piece of a dense
 * classifier: activations and their gradients, the library's seeded dropout,
 * the L1/L2 penalties of tfjs-layers' `L1L2` regularizer, and tfjs-layers'
 * binary cross-entropy. Every result is rounded to float32 where tfjs stores
 * a tensor, and each sum is taken in float64 and rounded once, as tfjs's cpu
 * kernels do.
 *
 * @internal
 */
import { createRandom } from './random';

const f32 = Math.fround;

/** The activations whose forward and backward passes the engine mirrors. */
export const MIRRORED_ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear'] as const;

/** One of `MIRRORED_ACTIVATIONS`. */
export type MirroredActivation = (typeof MIRRORED_ACTIVATIONS)[number];

/** The factors of an L1L2 regularizer on one weight array; 0 turns a part off. */
export interface Penalty {
  l1: number;
  l2: number;
}

/** a = f(z) for `count` values. */
export function activate(
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

/** delta ← delta ⊙ f'(z) by tfjs's gradient of each activation (a = f(z)). */
export function multiplyByDerivative(
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

/**
 * The multipliers of one dropout step, as `tf.dropout(x, rate, undefined,
 * seed)` draws them: uniform numbers from Alea seeded with `seed`, then
 * floor(u + keep) / keep, which is 1 / keep for a kept unit and 0 for a
 * dropped one (keep = 1 − rate).
 */
export function drawDropout(rate: number, seed: number, out: Float32Array, count: number): void {
  const keep = f32(1 - rate);
  const random = createRandom(seed);
  for (let i = 0; i < count; i++) out[i] = f32(Math.floor(f32(f32(random()) + keep)) / keep);
}

/** values ← values ⊙ multipliers: dropout forward, and its gradient backward. */
export function multiplyInPlace(
  values: Float32Array,
  multipliers: Float32Array,
  count: number,
): void {
  for (let i = 0; i < count; i++) values[i] *= multipliers[i];
}

/** The penalty added to the loss: Σ l1·|w| then Σ l2·w², each summed in float64. */
export function penaltyValue({ l1, l2 }: Penalty, w: Float32Array): number {
  let value = 0;
  if (l1 !== 0) {
    const factor = f32(l1);
    let sum = 0;
    for (let i = 0; i < w.length; i++) sum += f32(factor * Math.abs(w[i]));
    value = f32(value + f32(sum));
  }
  if (l2 !== 0) {
    const factor = f32(l2);
    let sum = 0;
    for (let i = 0; i < w.length; i++) sum += f32(factor * f32(w[i] * w[i]));
    value = f32(value + f32(sum));
  }
  return value;
}

/**
 * grad ← the penalty's gradient + grad, the paths added as tfjs's tape
 * meets them: the L2 part (l2 · 2w), then the L1 part (l1 · sign w, −l1 at
 * 0), then the gradient through the layer that `grad` holds.
 */
export function addPenaltyGradient({ l1, l2 }: Penalty, w: Float32Array, grad: Float32Array): void {
  const [factor1, factor2] = [f32(l1), f32(l2)];
  for (let i = 0; i < w.length; i++) {
    const wi = w[i];
    let penalty = l2 !== 0 ? f32(factor2 * f32(2 * wi)) : 0;
    if (l1 !== 0) {
      const part = f32(factor1 * (wi > 0 ? 1 : wi !== wi ? NaN : -1));
      penalty = l2 !== 0 ? f32(penalty + part) : part;
    }
    grad[i] = penalty + grad[i];
  }
}

/**
 * One row's binary cross-entropy as tfjs-layers computes it from the
 * probability p (clipped to [ε, 1 − ε], turned back into a logit, then the
 * stable sigmoid cross-entropy max(l, 0) − l·y + log1p(e^−|l|)), and its
 * gradient with respect to p for an upstream gradient `upstream`, by the
 * gradients tfjs registers for each of those operations.
 */
export function crossEntropy(
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
