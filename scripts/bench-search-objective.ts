/**
 * The objective timed by scripts/bench-search.ts, loaded by each worker
 * thread: a seeded dense classifier (50 inputs, one hidden layer) on 1000
 * training rows, 4 epochs in batches of 128, scored by its final validation
 * accuracy on 200 more rows. `train` runs it on the fused engine, whose
 * steps allocate nothing, so two threads on two cores do not slow each
 * other down (tfjs's per-operation allocations did: about 1.4 times the
 * trials of one worker where this reaches about 1.9).
 */
import { denseClassifier, disposeModel } from '../src/model';
import { createRandom } from '../src/random';
import type { Trial } from '../src/search/runner';
import { train } from '../src/train';

const random = createRandom('bench-search');
const rows = Array.from({ length: 1200 }, () => Array.from({ length: 50 }, () => random() * 2 - 1));
const labels = rows.map((row) => (row[0] + row[1] * row[2] > 0 ? 1 : 0));

export async function objective(
  trial: Trial<{ units: number; learningRate: number }>,
): Promise<number> {
  const model = denseClassifier({
    inputDim: 50,
    hiddenUnits: [trial.params.units],
    learningRate: trial.params.learningRate,
    seed: trial.seed,
  });
  const history = await train(model, rows.slice(0, 1000), labels.slice(0, 1000), {
    epochs: 4,
    batchSize: 128,
    validationData: [rows.slice(1000), labels.slice(1000)],
    seed: trial.seed,
    verbose: false,
  });
  disposeModel(model);
  return history.history.val_accuracy.at(-1)!;
}
