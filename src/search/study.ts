/**
 * `runSearch`: a hyperparameter search over a space, with a strategy, stored
 * by name in SQLite, run in the main thread or in worker threads, its
 * results as trial records, a DataFrame and the best trial.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { DataFrame } from 'danfojs-node';
import { describeValue, requirePositiveInteger } from '../check';
import type { SearchFigureArgs, SearchTrial, TrialState } from '../search-plot';
import { runTrials, type ObjectiveFunction, type ParamsOf, type StudyConfig } from './runner';
import { checkSpace, type SearchSpace } from './space';
import { StudyStore, type StoredTrial } from './storage';
import {
  STRATEGIES,
  gridCombinations,
  hyperbandBrackets,
  type Direction,
  type Halving,
  type StrategyName,
} from './strategy';
import type { WorkerData, WorkerMessage } from './worker';

/**
 * An objective that runs in worker threads: the path of a module (`.js`, or
 * `.ts` where the `tsx` package is installed) and the name of the function
 * it exports. Functions cannot be sent to another thread, so each worker
 * loads the module itself; whatever the module loads at its top (the data)
 * is loaded once per worker.
 */
export interface ObjectiveModule {
  /** Path of the module, absolute or relative to the current directory. */
  module: string;
  /** Name of the exported objective function. Defaults to `'objective'`. */
  export?: string;
}

/** Options of successive halving and Hyperband. */
export interface HalvingArgs {
  /** Epochs every trial trains before it is first compared. Defaults to 1. */
  minEpochs?: number;
  /** The most epochs a trial trains (as the objective does); no rung lies at or beyond it. Required. */
  maxEpochs: number;
  /** Only the best 1/factor of trials go on at each rung; rungs lie at minEpochs × factor^k. Defaults to 3. */
  reductionFactor?: number;
}

/** What a search hears as it runs; `searchProgress(...)` gives one that shows it. */
export interface SearchListener {
  /** A trial ended (complete, failed or pruned); those of a resumed study come first. */
  onTrialEnd?(trial: TrialRecord): void;
  /** The search is over. */
  onSearchEnd?(): void;
}

/** Options of `runSearch`. */
export interface SearchArgs<S extends SearchSpace> {
  /** The study's name; a stored study is found by it. Required. */
  name: string;
  /** Each parameter's range or choices (`int`, `float`, `categorical`, `fixed`). Required. */
  space: S;
  /**
   * Trains and scores one trial: a function (run in this thread, one trial
   * at a time) or `{ module, export }` (run in worker threads). It may throw
   * or return NaN: that trial is recorded as failed with the message, and
   * the search goes on. Required.
   */
  objective: ObjectiveFunction<ParamsOf<S>> | ObjectiveModule;
  /** Whether a higher or lower score is better. Required. */
  direction: Direction;
  /** What the score is, for tables and charts. Defaults to `'score'`. */
  scoreName?: string;
  /**
   * 'grid' (every combination of grid values), 'random', 'halving'
   * (random trials, the weak stopped at rungs from the values they report)
   * or 'hyperband' (halving in several brackets). Defaults to `'random'`.
   */
  strategy?: StrategyName;
  /** Number of trials. Required, except for 'grid', which runs every combination. */
  trials?: number;
  /** Seed of the parameter draws and of each trial's seed. Defaults to 0. */
  seed?: number;
  /** Options of 'halving' and 'hyperband'; required by them. */
  halving?: HalvingArgs;
  /**
   * SQLite file that keeps the study (created if missing), for resuming and
   * for sharing with other processes. Defaults to none: the study lives in
   * memory (in a temporary file for worker threads) and is lost at the end.
   */
  storage?: string;
  /**
   * What to do when the file already holds a study of this name: 'resume'
   * runs its remaining trials (its finished trials are kept; trials of a
   * process that died are run again), 'fresh' deletes it and starts over.
   * Required when the study exists, and it must then have the same space,
   * strategy, trials, seed, direction and halving.
   */
  mode?: 'fresh' | 'resume';
  /**
   * Worker threads for a module objective. Defaults to one per core
   * (`os.availableParallelism()`); a function objective runs in this thread only.
   */
  workers?: number;
  /** Hears each trial's end, e.g. `searchProgress({...})`. Defaults to none. */
  progress?: SearchListener;
}

/** One trial of a search, as stored. It is a `SearchTrial`, so the search charts take it as is. */
export interface TrialRecord<P = Record<string, number | string>> extends SearchTrial {
  /** The trial's number, from 1. */
  number: number;
  /** The values it tried. */
  params: P & Record<string, number | string>;
  /** Its score; NaN when it failed; for a pruned trial its last reported value. */
  score: number;
  /** How it ended. */
  state: TrialState;
  /** The seed it was given: training again with `params` and this seed gives `score` again. */
  seed: number;
  /** Epochs it reported (`trial.report`): the compute it used. */
  epochsTrained: number;
  /** Its run time in ms. */
  durationMs: number;
  /** Why it failed, for a failed trial. */
  error?: string;
  /** The values it reported, by epoch. */
  reports: { epoch: number; value: number }[];
}

/** One trial as a flat row: the trials table's columns, then one per parameter. */
export type TrialRow = Record<string, number | string>;

/** The trials of a search and the best of them. */
export class SearchResult<P = Record<string, number | string>> {
  /** Options for the search charts: `searchHistoryFigure(result.trials, result.figureArgs)`. */
  readonly figureArgs: SearchFigureArgs;

  constructor(
    /** The study's name. */
    readonly name: string,
    /** Whether a higher or lower score was better. */
    readonly direction: Direction,
    /** What the score is. */
    readonly scoreName: string,
    /** Every trial, by number (complete, failed and pruned). */
    readonly trials: TrialRecord<P>[],
  ) {
    this.figureArgs = { objective: direction, scoreName };
  }

  /** The best complete trial, or undefined when none completed. */
  get best(): TrialRecord<P> | undefined {
    return this.ranked()[0];
  }

  /** The parameters of the best complete trial; throws when none completed. */
  get bestParams(): P {
    return this.requireBest().params;
  }

  /** The score of the best complete trial; throws when none completed. */
  get bestScore(): number {
    return this.requireBest().score;
  }

  /** Epochs trained over all trials (as reported): the search's compute. */
  get epochsTrained(): number {
    return this.trials.reduce((sum, trial) => sum + trial.epochsTrained, 0);
  }

  /** The best `n` complete trials as rows, best first, for `showTable`. Defaults to 5. */
  top(n = 5): TrialRow[] {
    requirePositiveInteger('top: n', n);
    return this.ranked()
      .slice(0, n)
      .map((trial) => this.row(trial));
  }

  /** Every trial as a row: trial, state, score, seed, epochsTrained, durationMs, error, then the parameters. */
  rows(): TrialRow[] {
    return this.trials.map((trial) => this.row(trial));
  }

  /** The trials as a danfo.js DataFrame, one row per trial (columns as `rows()`). Loads danfo.js on first use. */
  async dataFrame(): Promise<DataFrame> {
    const { DataFrame } = await import('danfojs-node');
    return new DataFrame(this.rows());
  }

  private ranked(): TrialRecord<P>[] {
    const sign = this.direction === 'maximize' ? -1 : 1;
    // Ties go to the earlier trial.
    return this.trials
      .filter((trial) => trial.state === 'complete')
      .sort((a, b) => sign * (a.score - b.score) || a.number - b.number);
  }

  private requireBest(): TrialRecord<P> {
    const best = this.best;
    if (best === undefined) {
      const states = this.trials.map((trial) => trial.state);
      throw new Error(
        `study ${JSON.stringify(this.name)} has no complete trial (${this.trials.length} trials: ` +
          `${(['failed', 'pruned'] as const).map((s) => `${states.filter((x) => x === s).length} ${s}`).join(', ')}); ` +
          'see the error of each failed trial in result.trials',
      );
    }
    return best;
  }

  private row(trial: TrialRecord<P>): TrialRow {
    return {
      trial: trial.number,
      state: trial.state,
      score: trial.score,
      seed: trial.seed,
      epochsTrained: trial.epochsTrained,
      durationMs: Math.round(trial.durationMs),
      error: trial.error ?? '',
      ...trial.params,
    };
  }
}

/** Studies running in this process, by file and name, so a resume keeps their running trials. */
const ACTIVE = new Map<string, number>();

/**
 * Runs a hyperparameter search: trials chosen by `strategy` from `space`,
 * each scored by `objective`, and returns every trial with the best.
 *
 * @example
 * const result = await runSearch({
 *   name: 'tune', space: { learningRate: float(1e-4, 1e-1, { log: true }), units: int(4, 32) },
 *   strategy: 'random', trials: 20, direction: 'maximize', scoreName: 'val_accuracy',
 *   objective: async (trial) => {
 *     const model = denseClassifier({ inputDim: 30, hiddenUnits: [trial.params.units],
 *       learningRate: trial.params.learningRate, seed: trial.seed });
 *     const history = await train(model, xTrain, yTrain, { epochs: 20, validationData: [xVal, yVal],
 *       seed: trial.seed, verbose: false, callbacks: [trial.callback('val_accuracy')] });
 *     disposeModel(model);
 *     return history.history.val_accuracy.at(-1)!;
 *   },
 * });
 * result.bestParams; result.top(5); await result.dataFrame();
 */
export async function runSearch<S extends SearchSpace>(
  args: SearchArgs<S>,
): Promise<SearchResult<ParamsOf<S>>> {
  const checked = checkArgs(args as unknown as SearchArgs<SearchSpace>);
  const { name, config, objective, storage, workers, progress } = checked;

  let file = storage;
  let temporary: string | undefined;
  if (file === undefined && typeof objective !== 'function') {
    temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-workbook-search-'));
    file = path.join(temporary, 'study.db');
  }
  const key = `${path.resolve(file ?? ':memory:')}\0${name}`;
  const store = new StudyStore(file ?? ':memory:');
  ACTIVE.set(key, (ACTIVE.get(key) ?? 0) + 1);
  try {
    openStudy(store, name, config, args.mode, ACTIVE.get(key)! > 1);
    const report = (trial: StoredTrial) => progress?.onTrialEnd?.(toRecord(trial));
    for (const trial of store.trials(name)) if (trial.state !== 'running') report(trial);

    if (typeof objective === 'function') {
      await runTrials(store, name, config, objective as ObjectiveFunction, report);
    } else {
      const remaining = config.trials - store.trials(name).length;
      const data: WorkerData = {
        storage: path.resolve(file!),
        name,
        config,
        module: objective.module,
        exportName: objective.exportName,
        // Read without choosing one: undefined until the main thread has used tfjs.
        backend: tf.engine().backendName as string | undefined,
      };
      await runWorkers(Math.max(1, Math.min(workers, remaining)), data, report);
    }
    const trials = store.trials(name).filter((trial) => trial.state !== 'running');
    progress?.onSearchEnd?.();
    return new SearchResult(
      name,
      config.direction,
      checked.scoreName,
      trials.map(toRecord),
    ) as SearchResult<ParamsOf<S>>;
  } finally {
    ACTIVE.set(key, ACTIVE.get(key)! - 1);
    if (ACTIVE.get(key) === 0) ACTIVE.delete(key);
    store.close();
    if (temporary !== undefined) fs.rmSync(temporary, { recursive: true, force: true });
  }
}

/** Creates, replaces or resumes the stored study as `mode` says, refusing to reuse it silently. */
function openStudy(
  store: StudyStore,
  name: string,
  config: StudyConfig,
  mode: 'fresh' | 'resume' | undefined,
  selfActive: boolean,
): void {
  if (mode === 'fresh') {
    store.createStudy(name, config as unknown as Record<string, unknown>);
    return;
  }
  const stored = store.createIfMissing(name, config as unknown as Record<string, unknown>);
  if (stored === undefined) return;
  if (mode === undefined) {
    const finished = store.trials(name).filter((trial) => trial.state !== 'running').length;
    throw new Error(
      `runSearch: ${store.path} already holds a study named ${JSON.stringify(name)} ` +
        `(${finished} of ${String(stored.trials)} trials finished); expected mode: 'resume' to ` +
        "run its remaining trials or mode: 'fresh' to delete it and start over",
    );
  }
  for (const key of Object.keys(config) as (keyof StudyConfig)[]) {
    const [was, now] = [JSON.stringify(stored[key]), JSON.stringify(config[key])];
    if (was !== now) {
      throw new Error(
        `runSearch: cannot resume study ${JSON.stringify(name)}: it was stored with ${key} ` +
          `${shortJson(was)}, now ${key} is ${shortJson(now)}; expected the same ${key}, ` +
          "or mode: 'fresh' to start over, or another name",
      );
    }
  }
  store.clearAbandoned(name, selfActive);
}

/** Runs `count` worker threads on the study until every trial is taken. */
function runWorkers(
  count: number,
  data: WorkerData,
  report: (trial: StoredTrial) => void,
): Promise<void> {
  const entry = workerEntry();
  const needsTsx = [entry, data.module].some((file) => /\.[cm]?ts$/.test(file));
  let tsx: string | undefined;
  if (needsTsx) {
    try {
      tsx = require.resolve('tsx/cjs/api', { paths: [path.dirname(data.module), __dirname] });
    } catch {
      throw new Error(
        `runSearch: objective.module ${JSON.stringify(data.module)} is TypeScript, which a worker ` +
          'thread loads only with the tsx package; expected tsx installed (npm install tsx) or a ' +
          'module compiled to JavaScript',
      );
    }
  }
  const bootstrap =
    "const { workerData } = require('node:worker_threads');" +
    'if (workerData.tsx) require(workerData.tsx).register();' +
    'require(workerData.entry);';

  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let running = count;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const worker of workers) void worker.terminate();
      reject(error);
    };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(bootstrap, {
        eval: true,
        workerData: { ...data, tsx, entry },
      });
      workers.push(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'trial') {
          try {
            report(message.trial);
          } catch (error) {
            fail(error as Error);
          }
        } else if (message.type === 'error') {
          fail(new Error(message.message));
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0 && !failed)
          fail(new Error(`runSearch: a worker thread exited with code ${code}`));
        if (--running === 0 && !failed) resolve();
      });
    }
  });
}

/** The worker's entry file: compiled JavaScript in dist/, TypeScript when run from src/ with tsx. */
function workerEntry(): string {
  const js = path.join(__dirname, 'worker.js');
  return fs.existsSync(js) ? js : path.join(__dirname, 'worker.ts');
}

function toRecord(trial: StoredTrial): TrialRecord {
  return {
    number: trial.number,
    state: trial.state as TrialState,
    params: trial.params,
    score: trial.score,
    seed: trial.seed,
    epochsTrained: trial.reports.length,
    durationMs: trial.durationMs,
    ...(trial.error === undefined ? {} : { error: trial.error }),
    reports: trial.reports,
  };
}

function shortJson(json: string): string {
  return json.length <= 80 ? json : `${json.slice(0, 80)}…`;
}

interface CheckedArgs {
  name: string;
  config: StudyConfig;
  objective: ObjectiveFunction | { module: string; exportName: string };
  scoreName: string;
  storage?: string;
  workers: number;
  progress?: SearchListener;
}

/** Checks every option before anything runs; each error names the option, its value and what was expected. */
function checkArgs(args: SearchArgs<SearchSpace>): CheckedArgs {
  const caller = 'runSearch';
  if (args === null || typeof args !== 'object') {
    throw new Error(
      `${caller}: args is ${describeValue(args)}; expected { name, space, objective, direction, trials, ... }`,
    );
  }
  const { name, space, direction, strategy = 'random', seed = 0, mode, storage, progress } = args;
  const scoreName = args.scoreName ?? 'score';
  if (typeof name !== 'string' || name.trim() === '') {
    throw new Error(`${caller}: name is ${describeValue(name)}; expected a non-empty string`);
  }
  checkSpace(caller, space);
  if (direction !== 'maximize' && direction !== 'minimize') {
    throw new Error(
      `${caller}: direction is ${describeValue(direction)}; expected 'maximize' or 'minimize'`,
    );
  }
  if (typeof scoreName !== 'string' || scoreName === '') {
    throw new Error(
      `${caller}: scoreName is ${describeValue(scoreName)}; expected a non-empty string`,
    );
  }
  if (!(STRATEGIES as readonly unknown[]).includes(strategy)) {
    throw new Error(
      `${caller}: strategy is ${describeValue(strategy)}; expected ${STRATEGIES.map((s) => `'${s}'`).join(', ')}`,
    );
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new Error(`${caller}: seed is ${describeValue(seed)}; expected a finite number`);
  }
  if (mode !== undefined && mode !== 'fresh' && mode !== 'resume') {
    throw new Error(`${caller}: mode is ${describeValue(mode)}; expected 'fresh' or 'resume'`);
  }
  if (
    storage !== undefined &&
    (typeof storage !== 'string' || storage === '' || storage === ':memory:')
  ) {
    throw new Error(
      `${caller}: storage is ${describeValue(storage)}; expected the path of a SQLite file, or none for a study in memory`,
    );
  }
  if (mode === 'resume' && storage === undefined) {
    throw new Error(
      `${caller}: mode is 'resume' but storage is not given; expected the SQLite file that holds the study`,
    );
  }

  let trials: number;
  if (strategy === 'grid') {
    const size = gridCombinations(space).length;
    if (args.trials !== undefined) {
      throw new Error(
        `${caller}: trials is ${describeValue(args.trials)} with strategy 'grid', which runs every ` +
          `combination (${size} here); expected no trials option, or strategy 'random' for a set number`,
      );
    }
    trials = size;
  } else {
    if (args.trials === undefined) {
      throw new Error(
        `${caller}: trials is undefined; expected the number of trials for strategy '${strategy}'`,
      );
    }
    requirePositiveInteger(`${caller}: trials`, args.trials);
    trials = args.trials;
  }

  const halving = checkHalving(caller, strategy, args.halving);
  const objective = checkObjective(caller, args.objective);
  const workers = args.workers ?? (typeof objective === 'function' ? 1 : os.availableParallelism());
  requirePositiveInteger(`${caller}: workers`, workers);
  if (typeof objective === 'function' && workers > 1) {
    throw new Error(
      `${caller}: workers is ${workers} with a function objective, which cannot be sent to another ` +
        "thread; expected workers: 1, or objective: { module: '/path/to/objective.ts', export: 'objective' }",
    );
  }
  if (progress !== undefined && (progress === null || typeof progress !== 'object')) {
    throw new Error(
      `${caller}: progress is ${describeValue(progress)}; expected { onTrialEnd, onSearchEnd } such as searchProgress(...)`,
    );
  }
  return {
    name,
    config: { space, strategy, trials, seed, direction, halving },
    objective,
    scoreName,
    storage,
    workers,
    progress,
  };
}

function checkHalving(
  caller: string,
  strategy: StrategyName,
  halving: HalvingArgs | undefined,
): Halving | null {
  if (strategy !== 'halving' && strategy !== 'hyperband') {
    if (halving !== undefined) {
      throw new Error(
        `${caller}: halving is given with strategy '${strategy}', which never stops a trial early; ` +
          "expected strategy 'halving' or 'hyperband', or no halving option",
      );
    }
    return null;
  }
  if (halving === null || typeof halving !== 'object') {
    throw new Error(
      `${caller}: halving is ${describeValue(halving)}; expected { maxEpochs, minEpochs?, reductionFactor? } ` +
        `for strategy '${strategy}'`,
    );
  }
  const { minEpochs = 1, maxEpochs, reductionFactor = 3 } = halving;
  requirePositiveInteger(`${caller}: halving.minEpochs`, minEpochs);
  requirePositiveInteger(`${caller}: halving.maxEpochs`, maxEpochs);
  if (
    typeof reductionFactor !== 'number' ||
    !Number.isInteger(reductionFactor) ||
    reductionFactor < 2
  ) {
    throw new Error(
      `${caller}: halving.reductionFactor is ${describeValue(reductionFactor)}; expected an integer >= 2`,
    );
  }
  if (minEpochs >= maxEpochs) {
    throw new Error(
      `${caller}: halving.minEpochs is ${minEpochs} and maxEpochs ${maxEpochs}; expected minEpochs < maxEpochs`,
    );
  }
  const brackets =
    strategy === 'hyperband' ? hyperbandBrackets(minEpochs, maxEpochs, reductionFactor) : 1;
  return { minEpochs, maxEpochs, reductionFactor, brackets };
}

function checkObjective(
  caller: string,
  objective: unknown,
): ObjectiveFunction | { module: string; exportName: string } {
  if (typeof objective === 'function') return objective as ObjectiveFunction;
  const expected =
    "expected a function (trial) => score, or { module: '/path/to/objective.ts', export: 'objective' } for worker threads";
  if (objective === null || typeof objective !== 'object') {
    throw new Error(`${caller}: objective is ${describeValue(objective)}; ${expected}`);
  }
  const { module, export: exportName = 'objective' } = objective as ObjectiveModule;
  if (typeof module !== 'string' || module === '') {
    throw new Error(`${caller}: objective.module is ${describeValue(module)}; ${expected}`);
  }
  const file = path.resolve(module);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${caller}: objective.module is ${describeValue(module)}, and ${file} does not exist; expected the path of a module`,
    );
  }
  if (typeof exportName !== 'string' || exportName === '') {
    throw new Error(
      `${caller}: objective.export is ${describeValue(exportName)}; expected a function's name`,
    );
  }
  return { module: file, exportName };
}
