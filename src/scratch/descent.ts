/**
 * Gradient descent on a function of a few variables, recording the path it
 * takes: the rule w ← w − η·∂J/∂w run step by step, so that a notebook can
 * draw the path on the loss contours and quote its values.
 */
import { describeValue, requirePositiveNumber } from '../check';
import type { ScratchOptimizer } from './optimizers';

/** Options of `gradientDescent`. */
export interface GradientDescentArgs {
  /** The gradient ∂J/∂w at w, one number per variable. Required. */
  gradient: (w: number[]) => ArrayLike<number>;
  /** The loss J(w), recorded at every point of the path. Defaults to none: `losses` stays empty. */
  loss?: (w: number[]) => number;
  /** Where the descent starts, one number per variable. Required. */
  start: number[];
  /**
   * The step size η. Required without an optimizer. With one, the
   * optimizer's own step size is used, and this may be left out; when given
   * it must equal the optimizer's.
   */
  learningRate?: number;
  /** How many steps to take (0 or more). Required. */
  steps: number;
  /** How to turn gradients into steps. Defaults to none: plain w ← w − η·∂J/∂w. */
  optimizer?: ScratchOptimizer;
}

/** Where gradient descent went. */
export interface DescentPath {
  /** Every point visited, the start first: `steps + 1` points. */
  path: number[][];
  /** J at each point of `path`, when a loss was given; otherwise empty. */
  losses: number[];
}

/**
 * Runs gradient descent from `start` for `steps` steps and returns every
 * point visited. Without an optimizer each step is w ← w − η·∂J/∂w; with
 * one, the optimizer takes the steps (momentum, RMSprop, Adam). Steps that
 * diverge are recorded as they are, to infinity and NaN if it comes to that.
 *
 * @example
 * // J(w) = w², ∂J/∂w = 2w: each step multiplies w by 1 − 2·0.1 = 0.8.
 * const { path } = gradientDescent({
 *   gradient: ([w]) => [2 * w], start: [1], learningRate: 0.1, steps: 10,
 * });
 * path[10][0];  // 0.8 ** 10 = 0.107...
 */
export function gradientDescent(args: GradientDescentArgs): DescentPath {
  const { gradient, loss, start, steps, optimizer } = args;
  const learningRate = checkLearningRate(args);
  if (typeof gradient !== 'function') {
    throw new Error(`gradient is ${describeValue(gradient)}; expected a function of w`);
  }
  if (!Array.isArray(start) || start.length === 0 || !start.every(Number.isFinite)) {
    throw new Error(
      `start is ${describeValue(start)}; expected a non-empty array of finite numbers`,
    );
  }
  if (!Number.isInteger(steps) || steps < 0) {
    throw new Error(`steps is ${describeValue(steps)}; expected an integer >= 0`);
  }

  const w = Float64Array.from(start);
  const path = [start.slice()];
  const losses = loss === undefined ? [] : [loss(start.slice())];
  for (let step = 1; step <= steps; step++) {
    const g = gradient(Array.from(w));
    if (g?.length !== w.length) {
      throw new Error(
        `gradient returned ${describeValue(g)} at step ${step}; ` +
          `expected ${w.length} numbers, one per variable`,
      );
    }
    if (optimizer === undefined) {
      for (let i = 0; i < w.length; i++) w[i] -= learningRate * g[i];
    } else {
      optimizer.step(w, g);
    }
    const point = Array.from(w);
    path.push(point);
    if (loss !== undefined) losses.push(loss(point.slice()));
  }
  return { path, losses };
}

/** The step size in use: the given one, or the optimizer's. */
function checkLearningRate(args: GradientDescentArgs): number {
  const { learningRate, optimizer } = args;
  if (optimizer === undefined) {
    requirePositiveNumber('learningRate', learningRate as number);
    return learningRate as number;
  }
  if (learningRate !== undefined && learningRate !== optimizer.learningRate) {
    throw new Error(
      `learningRate is ${describeValue(learningRate)} but the optimizer's is ` +
        `${optimizer.learningRate}; expected one of them, or the same value in both`,
    );
  }
  return optimizer.learningRate;
}
