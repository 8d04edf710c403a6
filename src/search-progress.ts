/**
 * Progress of a hyperparameter search, shown where the code runs: in a tslab
 * kernel one output that redraws in place (trials done, best so far, time per
 * trial, time left, and the score per trial chart), in a script one line per
 * trial. A search reports each finished trial to it; it never runs trials.
 */
import { describeValue, requirePositiveInteger } from './check';
import { newLiveOutput, type MimeBundle } from './kernel';
import { formatDuration } from './progress';
import { searchHistoryFigure, type SearchFigureArgs, type SearchTrial } from './search-plot';
import { ensurePlotly, figureBundle } from './show';
import { escapeHtml } from './text';

/** Options of `searchProgress`. */
export interface SearchProgressArgs extends SearchFigureArgs {
  /** How many trials the search will run. Required. */
  trials: number;
  /** Least time between two redraws of the live chart, in ms. Defaults to 250. */
  updateEveryMs?: number;
  /** Title of the live chart. Defaults to "Search". */
  title?: string;
}

/** What a search tells its progress display. */
export interface SearchProgress {
  /** A trial finished (complete, failed or pruned). */
  onTrialEnd(trial: SearchTrial): void;
  /** The search is over: the final state is drawn (and kept by a saved notebook). */
  onSearchEnd(): void;
}

/**
 * Creates the progress display of a search of `args.trials` trials.
 *
 * @example
 * const progress = searchProgress({ trials: 20, objective: 'maximize', scoreName: 'val_accuracy' });
 * for (const params of grid) progress.onTrialEnd({ params, score: await objective(params) });
 * progress.onSearchEnd();
 */
export function searchProgress(args: SearchProgressArgs): SearchProgress {
  if (args === null || typeof args !== 'object') {
    throw new Error(
      `searchProgress: args is ${describeValue(args)}; expected { trials, objective, scoreName }`,
    );
  }
  requirePositiveInteger('trials', args.trials);
  if (args.objective !== 'maximize' && args.objective !== 'minimize') {
    throw new Error(
      `searchProgress: objective is ${describeValue(args.objective)}; expected 'maximize' or 'minimize'`,
    );
  }
  const live = newLiveOutput();
  const state = new SearchState(args);
  if (live === undefined) {
    return {
      onTrialEnd: (trial) => console.log(state.add(trial).line()),
      onSearchEnd: () => console.log(state.summary()),
    };
  }
  ensurePlotly();
  let lastDraw = -Infinity;
  const draw = (line: string) => {
    lastDraw = performance.now();
    const status: MimeBundle = {
      'text/html': `<div class="dl-workbook-progress" style="font-family: monospace; margin: 4px 0">${escapeHtml(line)}</div>`,
      'text/plain': line,
    };
    if (state.completed() === 0) return void live.update(status);
    const chart = figureBundle(
      searchHistoryFigure(state.trials, { ...args, title: args.title ?? 'Search' }),
    );
    live.update({
      ...chart,
      'text/html': status['text/html'] + chart['text/html'],
      'text/plain': `${line}\n${chart['text/plain'] as string}`,
    });
  };
  draw(`Searching: ${args.trials} trials…`);
  lastDraw = -Infinity; // the first finished trial draws at once
  return {
    onTrialEnd(trial) {
      state.add(trial);
      if (performance.now() - lastDraw >= (args.updateEveryMs ?? 250)) draw(state.status());
    },
    onSearchEnd: () => draw(state.summary()),
  };
}

/** The trials so far, the best of them and the clock. */
class SearchState {
  readonly trials: SearchTrial[] = [];
  private readonly began = performance.now();
  private lastEnd = this.began;
  private lastMs = 0;

  constructor(private readonly args: SearchProgressArgs) {}

  add(trial: SearchTrial): this {
    if (trial === null || typeof trial !== 'object' || typeof trial.params !== 'object') {
      throw new Error(
        `onTrialEnd: trial is ${describeValue(trial)}; expected { params, score, state? }`,
      );
    }
    this.trials.push(trial);
    const now = performance.now();
    this.lastMs = now - this.lastEnd;
    this.lastEnd = now;
    return this;
  }

  completed(): number {
    return this.trials.filter(
      (t) => (t.state ?? 'complete') === 'complete' && Number.isFinite(t.score),
    ).length;
  }

  /** The best complete trial as "0.9561 (trial 3)", or "none yet". */
  best(): string {
    let best = -1;
    this.trials.forEach((trial, i) => {
      if ((trial.state ?? 'complete') !== 'complete' || !Number.isFinite(trial.score)) return;
      const better =
        best < 0 ||
        (this.args.objective === 'maximize'
          ? trial.score > this.trials[best].score
          : trial.score < this.trials[best].score);
      if (better) best = i;
    });
    return best < 0 ? 'none yet' : `${this.trials[best].score.toFixed(4)} (trial ${best + 1})`;
  }

  /** One line for the trial just added, as a script prints it. */
  line(): string {
    const trial = this.trials[this.trials.length - 1];
    const width = String(this.args.trials).length;
    const outcome =
      (trial.state ?? 'complete') === 'complete'
        ? `${this.args.scoreName} ${trial.score.toFixed(4)}`
        : trial.state;
    const params = Object.entries(trial.params)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ');
    return (
      `Trial ${String(this.trials.length).padStart(width)}/${this.args.trials}  ${outcome}  ` +
      `best ${this.best()}  ${params}  (${formatDuration(this.lastMs)})`
    );
  }

  /** The live status line. */
  status(): string {
    const done = this.trials.length;
    const perTrial = (this.lastEnd - this.began) / done;
    const failed = this.trials.filter((t) => t.state === 'failed').length;
    return (
      `Trial ${done}/${this.args.trials} · best ${this.args.scoreName} ${this.best()} · ` +
      `${formatDuration(perTrial)} per trial · about ${formatDuration(perTrial * (this.args.trials - done))} left` +
      (failed > 0 ? ` · ${failed} failed` : '')
    );
  }

  summary(): string {
    return (
      `Searched ${this.trials.length} of ${this.args.trials} trials in ` +
      `${formatDuration(performance.now() - this.began)} · best ${this.args.scoreName} ${this.best()}`
    );
  }
}
