/**
 * Activation functions and their derivatives, one number at a time. The
 * derivatives at the kinks follow tfjs's gradients, so that scratch and
 * framework agree everywhere: relu'(0) = 0 and leakyRelu'(0) = alpha.
 */
import { describeValue } from '../check';

/** The activations the scratch network knows by name. */
export type ActivationName = 'relu' | 'sigmoid' | 'tanh' | 'leakyRelu' | 'linear';

/** A scalar activation function together with its derivative. */
export interface Activation {
  /** A short name for tables and legends, such as `'relu'`. */
  readonly name: string;
  /** The function itself, f(x). */
  f(x: number): number;
  /** Its derivative with respect to x, f'(x). */
  df(x: number): number;
}

/** A leaky relu, which remembers its slope for negative inputs. */
export interface LeakyReluActivation extends Activation {
  /** The slope for x < 0. */
  readonly alpha: number;
}

/**
 * The slope of `leakyRelu` for negative inputs: 0.2, the default of tfjs's
 * `tf.leakyRelu` op. (tfjs's `tf.layers.leakyReLU` layer defaults to 0.3.)
 */
export const LEAKY_RELU_ALPHA = 0.2;

/** relu(x) = max(0, x); relu'(x) = 1 for x > 0, else 0. */
export const relu: Activation = {
  name: 'relu',
  f: (x) => (x > 0 ? x : 0),
  df: (x) => (x > 0 ? 1 : 0),
};

/** σ(x) = 1 / (1 + e^−x); σ'(x) = σ(x)·(1 − σ(x)). */
export const sigmoid: Activation = {
  name: 'sigmoid',
  f: sigmoidOf,
  df: (x) => {
    const s = sigmoidOf(x);
    return s * (1 - s);
  },
};

/** tanh(x) = (e^x − e^−x) / (e^x + e^−x); tanh'(x) = 1 − tanh(x)². */
export const tanh: Activation = {
  name: 'tanh',
  f: Math.tanh,
  df: (x) => {
    const t = Math.tanh(x);
    return 1 - t * t;
  },
};

/** leakyRelu(x) = x for x > 0, else 0.2·x; its derivative is 1 for x > 0, else 0.2. */
export const leakyRelu: LeakyReluActivation = leakyReluWithSlope(LEAKY_RELU_ALPHA);

/** linear(x) = x; linear'(x) = 1. A network with only this activation is a linear model. */
export const linear: Activation = {
  name: 'linear',
  f: (x) => x,
  df: () => 1,
};

/** Every named activation, for lookups by name and for plotting them all. */
export const activations: Readonly<Record<ActivationName, Activation>> = {
  relu,
  sigmoid,
  tanh,
  leakyRelu,
  linear,
};

/**
 * A leaky relu with slope `alpha` for negative inputs: x for x > 0, else
 * alpha·x. The derivative at 0 is alpha, as in tfjs.
 */
export function leakyReluWithSlope(alpha: number): LeakyReluActivation {
  if (!Number.isFinite(alpha)) {
    throw new Error(`alpha is ${describeValue(alpha)}; expected a finite number`);
  }
  return {
    name: 'leakyRelu',
    alpha,
    f: (x) => (x > 0 ? x : alpha * x),
    df: (x) => (x > 0 ? 1 : alpha),
  };
}

/**
 * The logistic function, computed so that neither branch overflows: for
 * x < 0, e^x / (1 + e^x) instead of 1 / (1 + e^−x).
 *
 * @internal
 */
export function sigmoidOf(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
