/**
 * Trials in worker threads: an objective module loaded by each worker gives
 * the same trials as the same function run in the main thread.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { setupBackend } from '../src/backend';
import * as objectives from './support/search-objective';
import { float, int } from '../src/search/space';
import { runSearch, type TrialRecord } from '../src/search/study';

const MODULE = path.join(__dirname, 'support', 'search-objective.ts');

/** What must not depend on where a trial ran. */
const essentials = (trials: TrialRecord[]) =>
  trials.map(({ number, state, params, seed, score, reports }) => ({
    number,
    state,
    params,
    seed,
    score,
    reports,
  }));

// As a notebook does first; the workers then take the same backend, quietly.
before(() => setupBackend({ verbose: false }));

describe('worker threads', () => {
  test('run a module objective, each trial once, with failures recorded', async () => {
    const ended: number[] = [];
    const result = await runSearch({
      name: 'bowl',
      space: { x: float(0, 1, { gridPoints: 5 }), n: int(1, 4) },
      strategy: 'grid',
      direction: 'minimize',
      objective: { module: MODULE, export: 'bowl' },
      workers: 2,
      progress: { onTrialEnd: (trial) => ended.push(trial.number) },
    });
    assert.equal(result.trials.length, 20);
    assert.deepEqual(
      [...ended].sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const failed = result.trials.filter((trial) => trial.state === 'failed');
    assert.deepEqual(
      failed.map((trial) => trial.params.n),
      [3, 3, 3, 3, 3],
    );
    const threads = new Set(failed.map((trial) => /thread (\d+)/.exec(trial.error!)![1]));
    assert.ok(threads.size >= 1 && !threads.has('0'));
    assert.deepEqual(result.bestParams, { x: 0.25, n: 1 });
    assert.equal(result.bestScore, 1);
  });

  test('give the same trials as the main thread, network training included', async () => {
    const args = {
      name: 'network',
      space: { units: int(2, 8), learningRate: float(1e-3, 1e-1, { log: true }) },
      trials: 6,
      seed: 11,
      direction: 'minimize' as const,
    };
    const inThreads = await runSearch({
      ...args,
      objective: { module: MODULE, export: 'network' },
      workers: 3,
    });
    const inMain = await runSearch({ ...args, objective: objectives.network });
    assert.deepEqual(essentials(inThreads.trials), essentials(inMain.trials));
    assert.ok(inThreads.trials.every((trial) => trial.epochsTrained === 3));
  });

  test('a missing export is an error naming the module and its functions', async () => {
    await assert.rejects(
      runSearch({
        name: 'missing',
        space: { n: int(1, 2) },
        trials: 2,
        direction: 'minimize',
        objective: { module: MODULE, export: 'objective' },
        workers: 1,
      }),
      /objective\.module ".*search-objective\.ts" exports no function named "objective"; expected one of its exported functions \(bowl, network\)/,
    );
  });
});
