/**
 * Training progress, shown where the code runs: in a tslab kernel one output
 * that redraws in place (the loss and metric curves, the epoch, time per
 * epoch and time left), in a script one line per epoch. `train` reports to it
 * through the callback interface; it never trains, and training never draws.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochLogs, TrainingCallback } from './callbacks';
import type { History } from './history';
import { newLiveOutput, type MimeBundle } from './kernel';
import { historyFigure } from './plot';
import { ensurePlotly, figureBundle } from './show';
import { escapeHtml } from './text';

/** Options of `trainingProgress`. */
export interface TrainingProgressArgs {
  /** Least time between two redraws of the live chart, in ms. Defaults to 250 (four a second). */
  updateEveryMs?: number;
  /** Title of the live chart. Defaults to "Training". */
  title?: string;
}

/**
 * Reports training progress: inside a tslab kernel, one output with the
 * training and validation curves and a status line (epoch, time per epoch,
 * time left), redrawn in place at most every `updateEveryMs` and once more at
 * the end, so the saved notebook keeps the final state; in a script, one line
 * per epoch. `train` uses one unless `verbose` is false.
 *
 * @example
 * await train(model, xTrain, yTrain, { epochs: 50, verbose: false, callbacks: [trainingProgress({ title: 'Run 2' })] });
 */
export function trainingProgress(args: TrainingProgressArgs = {}): TrainingCallback {
  const live = newLiveOutput();
  return live === undefined ? new EpochLines() : new LiveChart(live, args);
}

/** Formats one epoch's logs as a single line, e.g. `Epoch 3/10  loss 0.6931  accuracy 0.5120  (41 ms)`. */
export function formatEpoch(epoch: number, epochs: number, logs: EpochLogs, ms: number): string {
  const width = String(epochs).length;
  const values = Object.entries(logs).map(([key, value]) => `${key} ${value.toFixed(4)}`);
  return `Epoch ${String(epoch + 1).padStart(width)}/${epochs}  ${values.join('  ')}  (${Math.round(ms)} ms)`;
}

/** Formats a duration for a status line: "850 ms", "12.3 s", "4 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** Keeps the clock of a run: when it began and when the last epoch ended. */
class Clock {
  epochs = 0;
  private began = 0;
  private lastEpochEnd = 0;

  begin(epochs: number): void {
    this.epochs = epochs;
    this.began = this.lastEpochEnd = performance.now();
  }

  /** Milliseconds the epoch that just ended took. */
  lap(): number {
    const now = performance.now();
    const ms = now - this.lastEpochEnd;
    this.lastEpochEnd = now;
    return ms;
  }

  elapsed(): number {
    return performance.now() - this.began;
  }
}

/** One line per epoch, for scripts and terminals. */
class EpochLines implements TrainingCallback {
  private readonly clock = new Clock();

  onTrainBegin(_model: tf.LayersModel, run: { epochs: number }): void {
    this.clock.begin(run.epochs);
  }

  onEpochEnd(epoch: number, logs: EpochLogs): void {
    console.log(formatEpoch(epoch, this.clock.epochs, logs, this.clock.lap()));
  }
}

/** One notebook output with the curves so far, redrawn in place. */
class LiveChart implements TrainingCallback {
  private readonly clock = new Clock();
  private readonly history: History = { epoch: [], history: {} };
  private lastDraw = -Infinity;

  constructor(
    private readonly output: { update(bundle: MimeBundle): boolean },
    private readonly args: TrainingProgressArgs,
  ) {}

  onTrainBegin(_model: tf.LayersModel, run: { epochs: number }): void {
    this.clock.begin(run.epochs);
    this.history.epoch = [];
    this.history.history = {};
    // The chart redraws many times; plotly.js goes out once, in an output of its own.
    ensurePlotly();
    this.output.update(this.status(`Training ${run.epochs} epochs…`));
  }

  onEpochEnd(epoch: number, logs: EpochLogs): void {
    this.clock.lap();
    this.history.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history.history[key] ??= []).push(value);
    if (performance.now() - this.lastDraw >= (this.args.updateEveryMs ?? 250)) this.draw(false);
  }

  onTrainEnd(): void {
    this.draw(true);
  }

  private draw(final: boolean): void {
    this.lastDraw = performance.now();
    const done = this.history.epoch.length;
    if (done === 0) {
      this.output.update(
        this.status(final ? 'Training stopped before its first epoch ended.' : 'Training…'),
      );
      return;
    }
    const perEpoch = this.clock.elapsed() / done;
    const last = Object.entries(this.history.history)
      .map(([key, values]) => `${key} ${values[values.length - 1].toFixed(4)}`)
      .join(' · ');
    const line = final
      ? `Trained ${done} of ${this.clock.epochs} epochs in ${formatDuration(this.clock.elapsed())} ` +
        `(${formatDuration(perEpoch)} per epoch) · ${last}`
      : `Epoch ${done}/${this.clock.epochs} · ${formatDuration(perEpoch)} per epoch · ` +
        `at most ${formatDuration(perEpoch * (this.clock.epochs - done))} left · ${last}`;
    const title = this.args.title ?? 'Training';
    const chart = figureBundle(historyFigure(this.history, { title }), { includePlotly: false });
    // JupyterLab's plotly renderer shows only the figure, so its title carries the status too.
    const plotlyJson = chart['application/vnd.plotly.v1+json'] as { layout?: { title?: unknown } };
    if (plotlyJson.layout) plotlyJson.layout.title = { text: `${title} · ${escapeHtml(line)}` };
    this.output.update({
      ...chart,
      'text/html': this.status(line)['text/html'] + chart['text/html'],
      'text/plain': `${line}\n${chart['text/plain'] as string}`,
    });
  }

  private status(line: string): MimeBundle {
    return {
      'text/html': `<div class="dl-workbook-progress" style="font-family: monospace; margin: 4px 0">${escapeHtml(line)}</div>`,
      'text/plain': line,
    };
  }
}
