/**
 * Objectives for test/search-workers.test.ts, loaded by each worker thread.
 */
import { isMainThread, threadId } from 'node:worker_threads';
import { denseClassifier, disposeModel } from '../../src/model';
import { createRandom } from '../../src/random';
import type { Trial } from '../../src/search/runner';
import { train } from '../../src/train';

/** A bowl in x and n, failing for n = 3; records the thread that ran it. */
export function bowl(trial: Trial<{ x: number; n: number }>): number {
  if (trial.params.n === 3) throw new Error(`n = 3 fails (thread ${threadId})`);
  if (isMainThread) throw new Error('expected to run in a worker thread');
  return (trial.params.x - 0.25) ** 2 + trial.params.n;
}

const random = createRandom('workers');
const rows = Array.from({ length: 60 }, () => [random() * 2 - 1, random() * 2 - 1]);
const labels = rows.map(([a, b]) => (a * b > 0 ? 1 : 0));

/** Validation loss of a small seeded network: the same in any thread. */
export async function network(trial: Trial<{ units: number; learningRate: number }>) {
  const model = denseClassifier({
    inputDim: 2,
    hiddenUnits: [trial.params.units],
    learningRate: trial.params.learningRate,
    seed: trial.seed,
  });
  const history = await train(model, rows.slice(0, 40), labels.slice(0, 40), {
    epochs: 3,
    batchSize: 10,
    validationData: [rows.slice(40), labels.slice(40)],
    seed: trial.seed,
    verbose: false,
    callbacks: [trial.callback('val_loss')],
  });
  disposeModel(model);
  return history.history.val_loss.at(-1)!;
}
