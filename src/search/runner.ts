/**
 * Running trials: the `Trial` an objective receives, and the loop one worker
 * runs (in the main thread or in a worker thread): claim the next trial
 * number from the store, call the objective, record how it ended, repeat
 * until every trial is taken.
 */
import type { TrainingCallback } from '../callbacks';
import { describeValue } from '../check';
import type { TrialState } from '../search-plot';
import type { CategoricalParam, FixedParam, ParamValue, SearchSpace } from './space';
import type { StoredTrial, StudyStore } from './storage';
import {
  bracketOf,
  gridCombinations,
  isPromotable,
  planTrial,
  rungAt,
  type Direction,
  type Halving,
  type StrategyName,
} from './strategy';

/** The parameter values of one trial, typed from the space: numbers for ranges, the choices' type for the rest. */
export type ParamsOf<S extends SearchSpace> = {
  [K in keyof S]: S[K] extends CategoricalParam<infer T>
    ? T
    : S[K] extends FixedParam<infer T>
      ? T
      : number;
};

/** What an objective receives: the values to try, a seed, and a line back to the search. */
export interface Trial<P = Record<string, ParamValue>> {
  /** The trial's number in the study, from 1. */
  readonly number: number;
  /** The values to try, one per parameter of the space. */
  readonly params: P;
  /**
   * A seed for everything random in the trial (weights, shuffles, dropout):
   * training again with the same parameters and this seed gives the same score.
   */
  readonly seed: number;
  /**
   * Records the value watched for early stopping after epoch `epoch` (from 0),
   * such as that epoch's validation accuracy; it must be measured in the
   * direction of the score (higher is better when maximizing). With the
   * 'halving' and 'hyperband' strategies this decides `shouldStop()`; with
   * any strategy it counts the epochs trained.
   */
  report(epoch: number, value: number): void;
  /** Whether the search asks the trial to stop now, its reported values being among the weak ones. */
  shouldStop(): boolean;
  /**
   * A callback for `train` that reports `logs[monitor]` after each epoch and
   * stops training when the search asks, e.g. `callbacks: [trial.callback('val_accuracy')]`.
   */
  callback(monitor: string): TrainingCallback;
}

/** An objective run in the main thread: a function from a trial to its score. */
export type ObjectiveFunction<P = Record<string, ParamValue>> = (
  trial: Trial<P>,
) => number | Promise<number>;

/** The settings of a study that decide its trials, as stored with it. */
export interface StudyConfig {
  space: SearchSpace;
  strategy: StrategyName;
  trials: number;
  seed: number;
  direction: Direction;
  halving: Halving | null;
}

/**
 * Runs trials of study `name` until none is left to claim, calling
 * `onTrialEnd` with each one's record as it ends.
 *
 * @internal
 */
export async function runTrials(
  store: StudyStore,
  name: string,
  config: StudyConfig,
  objective: ObjectiveFunction,
  onTrialEnd: (trial: StoredTrial) => void,
): Promise<void> {
  const grid = config.strategy === 'grid' ? gridCombinations(config.space) : undefined;
  for (;;) {
    const claimed = store.claimTrial(name, config.trials, (number) =>
      planTrial(config.space, config.strategy, config.seed, number, grid),
    );
    if (claimed === undefined) return;
    const trial = new RunningTrial(store, name, config, claimed);
    const started = performance.now();
    const end = await runOne(objective, trial);
    const durationMs = performance.now() - started;
    store.finishTrial(name, trial.number, { ...end, durationMs });
    onTrialEnd({ ...claimed, ...end, durationMs, reports: trial.reports });
  }
}

/** Calls the objective and says how the trial ended: an error or a bad score fails it, the study goes on. */
async function runOne(
  objective: ObjectiveFunction,
  trial: RunningTrial,
): Promise<{ state: TrialState; score: number; error?: string }> {
  let score: unknown;
  try {
    score = await objective(trial);
  } catch (error) {
    if (trial.stopped) return { state: 'pruned', score: trial.lastValue() };
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { state: 'failed', score: NaN, error: message };
  }
  if (trial.stopped) return { state: 'pruned', score: trial.lastValue() };
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    return {
      state: 'failed',
      score: NaN,
      error: `the objective returned ${describeValue(score)}; expected a finite number`,
    };
  }
  return { state: 'complete', score };
}

class RunningTrial implements Trial {
  readonly number: number;
  readonly params: Record<string, ParamValue>;
  readonly seed: number;
  readonly reports: { epoch: number; value: number }[] = [];
  stopped = false;

  constructor(
    private readonly store: StudyStore,
    private readonly study: string,
    private readonly config: StudyConfig,
    planned: { number: number; params: Record<string, ParamValue>; seed: number },
  ) {
    this.number = planned.number;
    // A copy per trial, so an objective that changes it changes nothing stored.
    this.params = { ...planned.params };
    this.seed = planned.seed;
  }

  report(epoch: number, value: number): void {
    if (!Number.isInteger(epoch) || epoch < 0) {
      throw new Error(
        `trial.report: epoch is ${describeValue(epoch)}; expected an integer >= 0 (the epoch's index, from 0)`,
      );
    }
    if (typeof value !== 'number') {
      throw new Error(`trial.report: value is ${describeValue(value)}; expected a number`);
    }
    this.store.report(this.study, this.number, epoch, value);
    const previous = this.reports.findIndex((report) => report.epoch === epoch);
    if (previous >= 0) this.reports.splice(previous, 1);
    this.reports.push({ epoch, value });

    const { halving, direction } = this.config;
    if (halving === null || this.stopped) return;
    const bracket = bracketOf(halving, this.number);
    if (rungAt(halving, bracket, epoch) < 0) return;
    const competing = this.store.valuesAt(this.study, epoch, halving.brackets, bracket);
    if (!isPromotable(value, competing, halving.reductionFactor, direction)) this.stopped = true;
  }

  shouldStop(): boolean {
    return this.stopped;
  }

  callback(monitor: string): TrainingCallback {
    if (typeof monitor !== 'string') {
      throw new Error(
        `trial.callback: monitor is ${describeValue(monitor)}; expected a logged name such as 'val_accuracy'`,
      );
    }
    return {
      onEpochEnd: (epoch, logs) => {
        if (!(monitor in logs)) {
          throw new Error(
            `trial.callback: the epoch's logs have no ${JSON.stringify(monitor)}; ` +
              `expected one of ${Object.keys(logs).join(', ')}`,
          );
        }
        this.report(epoch, logs[monitor]);
        return this.stopped;
      },
    };
  }

  /** The value reported for the latest epoch, or NaN when none was. */
  lastValue(): number {
    if (this.reports.length === 0) return NaN;
    return this.reports.reduce((last, report) => (report.epoch > last.epoch ? report : last)).value;
  }
}
