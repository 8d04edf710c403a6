/**
 * Successive halving and Hyperband: trials report a value per epoch, the
 * weak are stopped at the rungs, the best is kept, and less is trained.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom } from '../src/random';
import { denseClassifier, disposeModel } from '../src/model';
import { float } from '../src/search/space';
import { runSearch, type SearchArgs } from '../src/search/study';
import { hyperbandBrackets, isPromotable, rungAt } from '../src/search/strategy';
import { train } from '../src/train';

describe('rules', () => {
  test('rungs lie at minEpochs × factor^k below maxEpochs, later in later brackets', () => {
    const halving = { minEpochs: 1, maxEpochs: 27, reductionFactor: 3, brackets: 4 };
    const rungs = (bracket: number) =>
      Array.from({ length: 27 }, (_, epoch) => epoch).filter(
        (epoch) => rungAt(halving, bracket, epoch) >= 0,
      );
    assert.deepEqual(rungs(0), [0, 2, 8]); // after epochs 1, 3 and 9
    assert.deepEqual(rungs(1), [2, 8]);
    assert.deepEqual(rungs(2), [8]);
    assert.deepEqual(rungs(3), []);
    assert.equal(hyperbandBrackets(1, 27, 3), 4);
    assert.equal(hyperbandBrackets(2, 9, 3), 2);
  });

  test('a value goes on when among the best 1/factor, or the best while there are fewer', () => {
    assert.equal(isPromotable(0.9, [0.9], 3, 'maximize'), true);
    assert.equal(isPromotable(0.8, [0.9, 0.8], 3, 'maximize'), false);
    assert.equal(isPromotable(0.8, [0.9, 0.8, 0.7, 0.6, 0.5, 0.4], 3, 'maximize'), true);
    assert.equal(isPromotable(0.7, [0.9, 0.8, 0.7, 0.6, 0.5, 0.4], 3, 'maximize'), false);
    assert.equal(isPromotable(0.2, [0.9, 0.2, 0.5], 3, 'minimize'), true);
    assert.equal(isPromotable(NaN, [NaN], 3, 'maximize'), false);
    assert.equal(isPromotable(0.1, [NaN, 0.1, 0.2], 3, 'maximize'), false);
  });
});

describe('on a synthetic objective', () => {
  // Each trial's value rises with the epochs toward its quality x, so the
  // order of trials is the same at every epoch.
  const base = {
    name: 'halving',
    space: { x: float(0, 1) },
    trials: 27,
    seed: 4,
    direction: 'maximize' as const,
    halving: { minEpochs: 1, maxEpochs: 9, reductionFactor: 3 },
    objective: async (trial: {
      params: { x: number };
      report: (e: number, v: number) => void;
      shouldStop: () => boolean;
    }) => {
      let value = 0;
      for (let epoch = 0; epoch < 9; epoch++) {
        value = trial.params.x * (1 - 0.5 ** (epoch + 1));
        trial.report(epoch, value);
        if (trial.shouldStop()) break;
      }
      return value;
    },
  } satisfies Partial<SearchArgs<{ x: ReturnType<typeof float> }>>;

  test('halving stops weak trials at the rungs and keeps the best', async () => {
    const halving = await runSearch({ ...base, strategy: 'halving' });
    const random = await runSearch({ ...base, strategy: 'random', halving: undefined });
    assert.deepEqual(
      halving.trials.map((trial) => trial.params),
      random.trials.map((trial) => trial.params),
    );
    const pruned = halving.trials.filter((trial) => trial.state === 'pruned');
    const complete = halving.trials.filter((trial) => trial.state === 'complete');
    assert.ok(pruned.length >= 15, `${pruned.length} of 27 pruned`);
    assert.ok(pruned.every((trial) => [1, 3].includes(trial.epochsTrained)));
    assert.ok(complete.every((trial) => trial.epochsTrained === 9));
    for (const trial of pruned) {
      assert.equal(trial.score, trial.reports.at(-1)!.value);
      assert.equal(trial.error, undefined);
    }
    assert.deepEqual(halving.bestParams, random.bestParams);
    assert.equal(halving.bestScore, random.bestScore);
    assert.equal(random.epochsTrained, 27 * 9);
    assert.ok(
      halving.epochsTrained < 0.5 * random.epochsTrained,
      `${halving.epochsTrained} epochs`,
    );
  });

  test('Hyperband judges each bracket from its own first rung, the last never', async () => {
    const result = await runSearch({ ...base, strategy: 'hyperband' });
    // minEpochs 1, maxEpochs 9, factor 3: brackets first judge after 1, 3 and 9 epochs.
    const bracket = (k: number) => result.trials.filter((trial) => (trial.number - 1) % 3 === k);
    const epochs = (k: number) => new Set(bracket(k).map((trial) => trial.epochsTrained));
    assert.ok([...epochs(0)].every((e) => [1, 3, 9].includes(e)));
    assert.ok([...epochs(1)].every((e) => [3, 9].includes(e)));
    assert.ok(epochs(0).has(1) && epochs(1).has(3), 'both judged brackets stopped some trials');
    assert.deepEqual([...epochs(2)], [9]);
    assert.ok(bracket(2).every((trial) => trial.state === 'complete'));
    const best = Math.max(...result.trials.map((trial) => trial.params.x));
    assert.equal(result.bestParams.x, best);
  });
});

test('trial.callback reports to the search and stops train', async () => {
  const random = createRandom('halving');
  const rows = Array.from({ length: 40 }, () => [random() * 2 - 1, random() * 2 - 1]);
  const labels = rows.map(([a, b]) => (a + b > 0 ? 1 : 0));
  const trained = new Map<number, number>();
  const result = await runSearch({
    name: 'callback',
    space: { learningRate: float(1e-4, 1e-1, { log: true }) },
    strategy: 'halving',
    trials: 6,
    seed: 2,
    direction: 'maximize',
    halving: { minEpochs: 1, maxEpochs: 9 },
    objective: async (trial) => {
      const model = denseClassifier({
        inputDim: 2,
        hiddenUnits: [4],
        learningRate: trial.params.learningRate,
        seed: trial.seed,
      });
      const history = await train(model, rows, labels, {
        epochs: 9,
        batchSize: 20,
        validationData: [rows, labels],
        seed: trial.seed,
        verbose: false,
        callbacks: [trial.callback('val_accuracy')],
      });
      disposeModel(model);
      trained.set(trial.number, history.epoch.length);
      return history.history.val_accuracy.at(-1)!;
    },
  });
  const pruned = result.trials.filter((trial) => trial.state === 'pruned');
  assert.ok(pruned.length >= 1);
  for (const trial of result.trials) {
    assert.equal(trial.epochsTrained, trained.get(trial.number));
    assert.equal(trial.reports.length, trial.epochsTrained);
    if (trial.state === 'pruned') assert.ok([1, 3].includes(trial.epochsTrained));
    else assert.equal(trial.epochsTrained, 9);
  }

  await assert.rejects(
    runSearch({
      name: 'bad monitor',
      space: { learningRate: float(1e-3, 1e-2) },
      trials: 1,
      direction: 'maximize',
      objective: async (trial) => {
        const model = denseClassifier({ inputDim: 2, hiddenUnits: [2] });
        try {
          await train(model, rows, labels, {
            epochs: 1,
            verbose: false,
            callbacks: [trial.callback('val_acc')],
          });
        } finally {
          disposeModel(model);
        }
        return 1;
      },
    }).then((r) => {
      throw new Error(r.trials[0].error);
    }),
    /trial.callback: the epoch's logs have no "val_acc"; expected one of loss, accuracy/,
  );
});
