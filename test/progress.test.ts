/**
 * Training progress: one line per epoch in a script, and in a kernel one
 * output that redraws in place, throttled, with its final state last.
 */
import assert from 'node:assert/strict';
import { afterEach, before, describe, test } from 'node:test';
import { setupBackend } from '../src/backend';
import { denseClassifier, disposeModel } from '../src/model';
import { formatDuration, formatEpoch, trainingProgress } from '../src/progress';
import { resetPlotly } from '../src/show';
import { train } from '../src/train';

before(async () => {
  await setupBackend({ verbose: false });
});

/** A stand-in tslab kernel that records every output and in-place update. */
function fakeKernel() {
  const outputs: { html: string; live: boolean }[] = [];
  const updates: string[] = [];
  const display = { html: (html: string) => outputs.push({ html, live: false }) };
  const tslab = {
    display,
    newDisplay: () => ({ html: (html: string) => updates.push(html) }),
  };
  (globalThis as Record<string, unknown>).__tslab__ = { require: () => tslab };
  resetPlotly();
  return { outputs, updates };
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).__tslab__;
  resetPlotly();
});

const x = [
  [0, 1],
  [1, 0],
  [1, 1],
  [0, 0],
];
const y = [1, 1, 0, 0];

describe('in a script', () => {
  test('train prints one line per epoch, and nothing when verbose is false', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      const model = denseClassifier({ inputDim: 2, hiddenUnits: [2] });
      await train(model, x, y, { epochs: 3 });
      await train(model, x, y, { epochs: 2, verbose: false });
      disposeModel(model);
    } finally {
      console.log = log;
    }
    assert.equal(lines.length, 3);
    assert.match(lines[2], /^Epoch 3\/3 {2}loss \d\.\d{4} {2}accuracy \d\.\d{4} {2}\(\d+ ms\)$/);
  });

  test('formatEpoch and formatDuration', () => {
    assert.equal(formatEpoch(2, 10, { loss: 0.69314 }, 41.4), 'Epoch  3/10  loss 0.6931  (41 ms)');
    assert.equal(formatDuration(850.4), '850 ms');
    assert.equal(formatDuration(12_340), '12.3 s');
    assert.equal(formatDuration(245_000), '4 min 05 s');
  });
});

describe('in a kernel', () => {
  test('one live output: plotly.js once on its own, a start line, throttled redraws, the final state last', async () => {
    const kernel = fakeKernel();
    const model = denseClassifier({ inputDim: 2, hiddenUnits: [2] });
    // A long interval: only the first epoch redraws, then the end.
    await train(model, x, y, {
      epochs: 5,
      verbose: false,
      callbacks: [trainingProgress({ updateEveryMs: 60_000 })],
    });
    disposeModel(model);

    assert.equal(kernel.outputs.length, 1, 'plotly.js in one output of its own');
    assert.match(kernel.outputs[0].html, /^<script data-library="plotly\.js">/);
    assert.equal(kernel.updates.length, 3, 'start line, first epoch, final state');
    assert.match(kernel.updates[0], /Training 5 epochs…/);
    assert.match(kernel.updates[1], /Epoch 1\/5 · .* per epoch · at most .* left · loss \d\.\d{4}/);
    assert.match(
      kernel.updates[2],
      /Trained 5 of 5 epochs in .* per epoch\) · loss \d\.\d{4} · accuracy/,
    );
    for (const update of kernel.updates.slice(1)) {
      assert.match(update, /class="dl-workbook-plot"/);
      assert.doesNotMatch(update, /data-library="plotly\.js"/, 'redraws never resend plotly.js');
    }
  });

  test('with no throttle every epoch redraws; train uses the live chart by default', async () => {
    const kernel = fakeKernel();
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      const model = denseClassifier({ inputDim: 2, hiddenUnits: [2] });
      await train(model, x, y, {
        epochs: 4,
        verbose: false,
        callbacks: [trainingProgress({ updateEveryMs: 0 })],
      });
      await train(model, x, y, { epochs: 2 });
      disposeModel(model);
    } finally {
      console.log = log;
    }
    // 1 start + 4 epochs + 1 final, then the default one: 1 start + at least 1 epoch + 1 final.
    assert.ok(kernel.updates.length >= 6 + 3, String(kernel.updates.length));
    assert.match(kernel.updates.at(-1)!, /Trained 2 of 2 epochs/);
    assert.deepEqual(lines, [], 'no lines printed in a kernel');
  });
});
