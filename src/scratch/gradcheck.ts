/**
 * Gradient checking: compares a gradient computed by hand (backpropagation)
 * with one measured by central differences, in float64. Agreement to about
 * 1e-7 relative says the backward pass is right; a wrong derivative
 * anywhere shows as an error of 1e-3 or more.
 */
import { describeValue, requirePositiveNumber } from '../check';
import type { Mlp, MlpInput, MlpTargets } from './mlp';

/** Options of `gradientCheck`. */
export interface GradientCheckArgs {
  /** The loss at `params`. Required. */
  loss: (params: Float64Array) => number;
  /** The gradient to check at `params`, one number per parameter. Required. */
  gradient: (params: Float64Array) => ArrayLike<number>;
  /** Where to check; left as it was on return. Required. */
  params: Float64Array;
  /** The step h of the central difference (J(w + h) − J(w − h)) / 2h. Defaults to 1e-5. */
  epsilon?: number;
}

/** How far a gradient is from its numerical estimate. */
export interface GradientCheckResult {
  /**
   * The relative error of the whole gradient, ‖analytic − numerical‖ /
   * max(‖analytic‖, ‖numerical‖): the number to judge a backward pass by
   * (below about 1e-7 in float64 when it is right). 0 when both are 0.
   */
  relativeError: number;
  /**
   * The largest of `relativeErrors`. It can exceed 1e-7 for a correct
   * backward pass where one derivative is tiny and rounding dominates it.
   */
  maxRelativeError: number;
  /** |analytic − numerical| / max(|analytic|, |numerical|) per parameter; 0 where both are 0. */
  relativeErrors: Float64Array;
  /** The gradient that was checked. */
  analytic: Float64Array;
  /** The central-difference estimate of each partial derivative. */
  numerical: Float64Array;
}

/** Options of `checkMlpGradients`. */
export interface CheckMlpGradientsArgs {
  /** The step h of the central difference. Defaults to 1e-5. */
  epsilon?: number;
}

/**
 * Checks `gradient` against central differences of `loss`: for each
 * parameter w_i, (J(w + h·e_i) − J(w − h·e_i)) / 2h, whose error shrinks
 * with h² rather than h. `params` is changed during the check and put back.
 *
 * @example
 * const result = gradientCheck({
 *   loss: (w) => w[0] ** 2 * w[1],
 *   gradient: (w) => [2 * w[0] * w[1], w[0] ** 2],
 *   params: Float64Array.of(1.5, -2),
 * });
 * result.relativeError;  // about 1e-11
 */
export function gradientCheck(args: GradientCheckArgs): GradientCheckResult {
  const { loss, gradient, params, epsilon = 1e-5 } = args;
  if (!(params instanceof Float64Array) || params.length === 0) {
    throw new Error(`params is ${describeValue(params)}; expected a non-empty Float64Array`);
  }
  requirePositiveNumber('epsilon', epsilon);

  const analytic = Float64Array.from(gradient(params));
  if (analytic.length !== params.length) {
    throw new Error(
      `gradient returned ${analytic.length} numbers; expected ${params.length}, one per parameter`,
    );
  }
  const numerical = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const saved = params[i];
    params[i] = saved + epsilon;
    const above = loss(params);
    params[i] = saved - epsilon;
    const below = loss(params);
    params[i] = saved;
    numerical[i] = (above - below) / (2 * epsilon);
  }

  const relativeErrors = analytic.map((a, i) => relativeError(a, numerical[i]));
  const maxRelativeError = relativeErrors.reduce((max, e) => Math.max(max, e), 0);
  const norm = (v: ArrayLike<number>) => {
    let sum = 0;
    for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
    return Math.sqrt(sum);
  };
  const difference = norm(analytic.map((a, i) => a - numerical[i]));
  const scale = Math.max(norm(analytic), norm(numerical));
  return {
    relativeError: scale === 0 ? 0 : difference / scale,
    maxRelativeError,
    relativeErrors,
    analytic,
    numerical,
  };
}

/**
 * Checks the backward pass of a float64 network on the rows `x` and
 * targets `y`: every weight and bias, in the order of `mlp.parameters()`.
 * The network's weights are the same afterwards.
 */
export function checkMlpGradients(
  mlp: Mlp,
  x: MlpInput,
  y: MlpTargets,
  args: CheckMlpGradientsArgs = {},
): GradientCheckResult {
  if (mlp.dtype !== 'float64') {
    throw new Error(
      `mlp.dtype is ${describeValue(mlp.dtype)}; expected 'float64', since float32 ` +
        `rounding swamps central differences (createMlp({ ..., dtype: 'float64' }))`,
    );
  }
  const arrays = mlp.parameters();
  const original = concatenate(arrays);
  const load = (params: Float64Array) => {
    let offset = 0;
    for (const array of arrays) {
      array.set(params.subarray(offset, offset + array.length));
      offset += array.length;
    }
  };
  try {
    return gradientCheck({
      params: original.slice(),
      epsilon: args.epsilon,
      loss: (params) => {
        load(params);
        return mlp.loss(x, y);
      },
      gradient: (params) => {
        load(params);
        mlp.forward(x);
        mlp.backward(y);
        return concatenate(mlp.gradientArrays());
      },
    });
  } finally {
    load(original);
  }
}

function relativeError(analytic: number, numerical: number): number {
  const scale = Math.max(Math.abs(analytic), Math.abs(numerical));
  return scale === 0 ? 0 : Math.abs(analytic - numerical) / scale;
}

function concatenate(arrays: readonly ArrayLike<number>[]): Float64Array {
  const total = arrays.reduce((sum, array) => sum + array.length, 0);
  const out = new Float64Array(total);
  let offset = 0;
  for (const array of arrays) {
    out.set(array, offset);
    offset += array.length;
  }
  return out;
}
