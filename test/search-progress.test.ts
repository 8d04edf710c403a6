/**
 * Search progress: one line per trial in a script; in a kernel one output that
 * redraws in place, with the best trial so far and its final state last.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { searchProgress } from '../src/search-progress';
import { resetPlotly } from '../src/show';

const trials = [
  { params: { units: 8, lr: 0.01 }, score: 0.9 },
  { params: { units: 16, lr: 0.01 }, score: 0.95 },
  { params: { units: 32, lr: 0.1 }, score: Number.NaN, state: 'failed' as const },
  { params: { units: 64, lr: 0.001 }, score: 0.93 },
];

afterEach(() => {
  delete (globalThis as Record<string, unknown>).__tslab__;
  resetPlotly();
});

describe('in a script', () => {
  test('one line per trial with the best so far, and a summary', () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      const progress = searchProgress({
        trials: 4,
        objective: 'maximize',
        scoreName: 'val_accuracy',
      });
      trials.forEach((trial) => progress.onTrialEnd(trial));
      progress.onSearchEnd();
    } finally {
      console.log = log;
    }
    assert.equal(lines.length, 5);
    assert.match(
      lines[0],
      /^Trial 1\/4 {2}val_accuracy 0\.9000 {2}best 0\.9000 \(trial 1\) {2}units=8 lr=0\.01 {2}\(/,
    );
    assert.match(lines[2], /^Trial 3\/4 {2}failed {2}best 0\.9500 \(trial 2\)/);
    assert.match(lines[3], /best 0\.9500 \(trial 2\)/);
    assert.match(
      lines[4],
      /^Searched 4 of 4 trials in .* · best val_accuracy 0\.9500 \(trial 2\)$/,
    );
  });

  test('minimize picks the lowest score; bad arguments are named', () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      const progress = searchProgress({ trials: 2, objective: 'minimize', scoreName: 'val_loss' });
      progress.onTrialEnd({ params: { a: 1 }, score: 0.3 });
      progress.onTrialEnd({ params: { a: 2 }, score: 0.2 });
    } finally {
      console.log = log;
    }
    assert.match(lines[1], /best 0\.2000 \(trial 2\)/);
    assert.throws(
      () => searchProgress({ trials: 0, objective: 'maximize', scoreName: 's' }),
      /trials is 0; expected a positive integer/,
    );
    assert.throws(
      () => searchProgress({ trials: 3, objective: 'up' as never, scoreName: 's' }),
      /objective is "up"; expected 'maximize' or 'minimize'/,
    );
  });
});

describe('in a kernel', () => {
  test('one live output: status first, throttled redraws with the chart, the summary last', () => {
    const outputs: string[] = [];
    const updates: Record<string, unknown>[] = [];
    const tslab = {
      display: { html: (html: string) => outputs.push(html) },
      newDisplay: () => ({
        html: () => assert.fail('bundle() is used'),
        bundle: (b: Record<string, unknown>) => updates.push(b),
      }),
    };
    (globalThis as Record<string, unknown>).__tslab__ = { require: () => tslab };
    resetPlotly();
    const progress = searchProgress({
      trials: 4,
      objective: 'maximize',
      scoreName: 'val_accuracy',
      updateEveryMs: 60_000,
    });
    trials.forEach((trial) => progress.onTrialEnd(trial));
    progress.onSearchEnd();

    assert.equal(outputs.length, 1, 'plotly.js once, in an output of its own');
    assert.equal(updates.length, 3, 'start, first trial, final state');
    assert.match(updates[0]['text/plain'] as string, /Searching: 4 trials…/);
    assert.match(
      updates[1]['text/plain'] as string,
      /^Trial 1\/4 · best val_accuracy 0\.9000 \(trial 1\) · .* per trial · about .* left/,
    );
    assert.ok(updates[1]['application/vnd.plotly.v1+json'], 'the chart of scores per trial');
    assert.match(
      updates[2]['text/plain'] as string,
      /^Searched 4 of 4 trials .* best val_accuracy 0\.9500 \(trial 2\)/,
    );
    assert.match(updates[2]['text/html'] as string, /class="dl-workbook-plot"/);
  });
});
