/**
 * Repeating an experiment over seeds and summarising it: one seed shows what
 * happened once, several show how much of it was luck.
 */
import { describeValue } from './check';

/** Scores of one run, keyed by name: `{ valLoss: 0.31, valAccuracy: 0.9 }`. */
export type Scores = Record<string, number>;

/** Options of `repeatRuns`. */
export interface RepeatRunsArgs<S extends Scores> {
  /** The seeds to run with, one run each, in this order. Required. */
  seeds: readonly number[];
  /** One run of the experiment with the given seed, resolving to its scores. Required. */
  run: (seed: number) => Promise<S> | S;
}

/** Each run's scores, and their mean and standard deviation over the runs. */
export interface RepeatedRuns<S extends Scores> {
  /** The scores of each run: `runs[i]` is the run with `seeds[i]`. */
  runs: S[];
  /** The mean of each score over the runs. */
  mean: S;
  /**
   * The sample standard deviation of each score over the runs (dividing by
   * n − 1, as pandas and `numpy.std(ddof=1)` do); NaN for a single run.
   */
  std: S;
}

/**
 * Runs `run` once per seed, one after the other, and summarises the scores.
 * Every run must give the same score names; a score that is NaN in any run
 * makes its mean and standard deviation NaN. The result's parts are plain
 * objects of numbers, ready for `showTable` or a DataFrame.
 *
 * @example
 * const result = await repeatRuns({
 *   seeds: [1, 2, 3],
 *   run: async (seed) => {
 *     const model = denseClassifier({ inputDim: 30, dropout: 0.2, seed });
 *     const history = await train(model, xTrain, yTrain, { epochs: 20, validationData: [xVal, yVal], seed, verbose: false });
 *     disposeModel(model);
 *     return { valLoss: history.history.val_loss.at(-1)! };
 *   },
 * });
 * result.mean.valLoss; // ± result.std.valLoss
 */
export async function repeatRuns<S extends Scores>(
  args: RepeatRunsArgs<S>,
): Promise<RepeatedRuns<S>> {
  if (typeof args !== 'object' || args === null) {
    throw new Error(
      `repeatRuns: args is ${describeValue(args)}; expected an object such as ` +
        '{ seeds: [1, 2, 3], run: async (seed) => ({ loss: ... }) }',
    );
  }
  const { seeds, run } = args;
  if (!Array.isArray(seeds) || seeds.length === 0) {
    throw new Error(
      `repeatRuns: seeds is ${describeValue(seeds)}; expected a non-empty array of numbers such as [1, 2, 3]`,
    );
  }
  const bad = seeds.findIndex((seed) => typeof seed !== 'number' || !Number.isFinite(seed));
  if (bad >= 0) {
    throw new Error(
      `repeatRuns: seeds[${bad}] is ${describeValue(seeds[bad])}; expected a finite number`,
    );
  }
  if (typeof run !== 'function') {
    throw new Error(
      `repeatRuns: run is ${describeValue(run)}; expected a function from a seed to scores`,
    );
  }

  const runs: S[] = [];
  for (const seed of seeds) {
    const scores = await run(seed);
    checkScores(scores, runs[0], `repeatRuns: the run with seed ${seed}`);
    runs.push(scores);
  }
  return { runs, ...summarize(runs) };
}

/**
 * The mean and sample standard deviation (n − 1) of each key over `records`,
 * which all have the keys of the first; the standard deviation is NaN for a
 * single record. Shared with cross-validation and the learning curve.
 *
 * @internal
 */
export function summarize<S extends Scores>(records: readonly S[]): { mean: S; std: S } {
  const mean: Scores = {};
  const std: Scores = {};
  for (const key of Object.keys(records[0])) {
    const values = records.map((record) => record[key]);
    const n = values.length;
    const average = values.reduce((sum, x) => sum + x, 0) / n;
    const squares = values.reduce((sum, x) => sum + (x - average) ** 2, 0);
    mean[key] = average;
    std[key] = n > 1 ? Math.sqrt(squares / (n - 1)) : NaN;
  }
  return { mean: mean as S, std: std as S };
}

/**
 * Checks that `scores` is a plain object of numbers with the same keys as
 * `first` (when given); `context` starts the message.
 */
function checkScores(scores: unknown, first: Scores | undefined, context: string): void {
  if (typeof scores !== 'object' || scores === null || Array.isArray(scores)) {
    throw new Error(
      `${context} gave ${describeValue(scores)}; expected an object of numbers such as { loss: 0.3 }`,
    );
  }
  const entries = Object.entries(scores);
  if (entries.length === 0) {
    throw new Error(`${context} gave an empty object; expected at least one score`);
  }
  const wrong = entries.find(([, value]) => typeof value !== 'number');
  if (wrong !== undefined) {
    throw new Error(`${context} gave ${wrong[0]} = ${describeValue(wrong[1])}; expected a number`);
  }
  if (first === undefined) return;
  const expected = Object.keys(first);
  const keys = Object.keys(scores);
  if (keys.length !== expected.length || expected.some((key) => !keys.includes(key))) {
    throw new Error(
      `${context} gave the scores ${keys.join(', ')}; expected the first run's ${expected.join(', ')}`,
    );
  }
}
