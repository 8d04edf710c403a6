/**
 * How a search chooses its trials and stops weak ones early.
 *
 * - `grid`: every combination of the parameters' grid values, in order.
 * - `random`: each parameter drawn independently for each trial.
 * - `halving` (asynchronous successive halving, as Optuna's
 *   `SuccessiveHalvingPruner` and ASHA): random trials that report a value
 *   each epoch; at epochs minEpochs × factor^k (the rungs) a trial goes on
 *   only if its value is among the best 1/factor of the values reported
 *   at that rung so far, otherwise it is stopped ('pruned').
 * - `hyperband`: several successive-halving brackets side by side, each
 *   with a later first rung, trials assigned to them in turn, so that a
 *   slow starter has a bracket where it is not judged early.
 *
 * The parameters and the seed of trial n depend only on the study's seed
 * and n, never on which worker runs it or when, so a resumed or parallel
 * search tries exactly what a single uninterrupted one would. Pruning
 * decisions depend on the values reported before, so with several workers
 * they depend on timing.
 *
 * @internal
 */
import { createRandom, deriveSeed } from '../random';
import { gridValues, sampleValue, type ParamValue, type SearchSpace } from './space';

/** The strategies a search can use. */
export const STRATEGIES = ['grid', 'random', 'halving', 'hyperband'] as const;

/** How the trials are chosen: see `SearchArgs.strategy`. */
export type StrategyName = (typeof STRATEGIES)[number];

/** Whether a higher or a lower score is better. */
export type Direction = 'maximize' | 'minimize';

/** Successive halving and Hyperband, resolved. */
export interface Halving {
  minEpochs: number;
  maxEpochs: number;
  reductionFactor: number;
  /** Number of Hyperband brackets; 1 for plain successive halving. */
  brackets: number;
}

/** What trial n tries. */
export interface PlannedTrial {
  params: Record<string, ParamValue>;
  seed: number;
}

/** Every combination of grid values, the last parameter changing fastest. */
export function gridCombinations(space: SearchSpace): Record<string, ParamValue>[] {
  let combinations: Record<string, ParamValue>[] = [{}];
  for (const [name, param] of Object.entries(space)) {
    const values = gridValues(param);
    combinations = combinations.flatMap((combination) =>
      values.map((value) => ({ ...combination, [name]: value })),
    );
  }
  return combinations;
}

/** The parameters and seed of trial `number` (from 1). */
export function planTrial(
  space: SearchSpace,
  strategy: StrategyName,
  seed: number,
  number: number,
  grid?: Record<string, ParamValue>[],
): PlannedTrial {
  const trialSeed = deriveSeed(seed, 'trial', number);
  if (strategy === 'grid') {
    return { params: (grid ?? gridCombinations(space))[number - 1], seed: trialSeed };
  }
  const random = createRandom(deriveSeed(seed, 'params', number));
  const params: Record<string, ParamValue> = {};
  for (const [name, param] of Object.entries(space)) params[name] = sampleValue(param, random);
  return { params, seed: trialSeed };
}

/**
 * The rung index when `epoch` (from 0) ends a rung of the trial's bracket,
 * else -1. Bracket b starts at minEpochs × factor^b epochs.
 */
export function rungAt(halving: Halving, bracket: number, epoch: number): number {
  const epochs = epoch + 1;
  let rung = halving.minEpochs * halving.reductionFactor ** bracket;
  for (let k = 0; rung < halving.maxEpochs; k++, rung *= halving.reductionFactor) {
    if (epochs === rung) return k;
    if (epochs < rung) return -1;
  }
  return -1;
}

/** The Hyperband bracket of trial `number`: trials take the brackets in turn. */
export function bracketOf(halving: Halving, number: number): number {
  return (number - 1) % halving.brackets;
}

/**
 * Whether a value at a rung is among the best 1/factor of `competing` (all
 * values reported at that rung, its own included). Until the rung has
 * `factor` values, only the best one goes on, as in Optuna. NaN counts as
 * the worst value.
 */
export function isPromotable(
  value: number,
  competing: readonly number[],
  reductionFactor: number,
  direction: Direction,
): boolean {
  if (Number.isNaN(value)) return false;
  const kept = Math.max(1, Math.floor(competing.length / reductionFactor));
  const worst = direction === 'maximize' ? -Infinity : Infinity;
  const sorted = competing
    .map((v) => (Number.isNaN(v) ? worst : v))
    .sort((a, b) => (direction === 'maximize' ? b - a : a - b));
  const threshold = sorted[kept - 1];
  return direction === 'maximize' ? value >= threshold : value <= threshold;
}

/**
 * The number of Hyperband brackets: one per first rung minEpochs × factor^b
 * up to maxEpochs, the last of which stops no trial (as Optuna's
 * `HyperbandPruner`: floor(log_factor(max / min)) + 1).
 */
export function hyperbandBrackets(
  minEpochs: number,
  maxEpochs: number,
  reductionFactor: number,
): number {
  let brackets = 0;
  for (let first = minEpochs; first <= maxEpochs; first *= reductionFactor) brackets++;
  return Math.max(1, brackets);
}
