/**
 * Hyperparameter search: the space, grid and random strategies, the results
 * (best, top, DataFrame, charts), failed trials, bad input, and a retrained
 * best trial reproducing its score.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../src/random';
import { denseClassifier, disposeModel } from '../src/model';
import {
  parallelCoordinatesFigure,
  parameterScoreFigure,
  searchHistoryFigure,
} from '../src/search-plot';
import { runSearch, type TrialRecord } from '../src/search/study';
import { categorical, fixed, float, int } from '../src/search/space';
import { train } from '../src/train';

/** A bowl with its minimum at x = 0.5, n = 2, c = 'b'. */
const bowl = (params: { x: number; n: number; c: string }) =>
  (params.x - 0.5) ** 2 + (params.n - 2) ** 2 + (params.c === 'b' ? 0 : 1);

describe('space', () => {
  test('the helpers build plain, JSON-ready ranges with their defaults', () => {
    assert.deepEqual(int(1, 5), { kind: 'int', low: 1, high: 5, step: 1, log: false });
    assert.deepEqual(float(1e-4, 1e-1, { log: true }), {
      kind: 'float',
      low: 1e-4,
      high: 1e-1,
      log: true,
      gridPoints: 3,
    });
    assert.deepEqual(categorical([16, 32]), { kind: 'categorical', choices: [16, 32] });
    assert.deepEqual(fixed('adam'), { kind: 'fixed', value: 'adam' });
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['low > high', () => int(5, 1), /int\(5, 1\) has low > high; expected low <= high/],
    [
      'a log scale with a bound <= 0',
      () => float(0, 1, { log: true }),
      /float\(0, 1\) is on a log scale with low 0; expected both bounds > 0/,
    ],
    [
      'a negative log bound',
      () => float(-1, 1, { log: true }),
      /with low -1; expected both bounds > 0/,
    ],
    ['a fractional int bound', () => int(1.5, 3), /has low 1\.5; expected a finite integer/],
    ['a NaN bound', () => float(0, NaN), /has high NaN; expected a finite number/],
    ['a zero step', () => int(1, 5, { step: 0 }), /step is 0; expected a positive integer/],
    [
      'no choices',
      () => categorical([]),
      /choices is an empty array; expected a non-empty array of numbers or strings/,
    ],
    ['a repeated choice', () => categorical([1, 2, 1]), /with 1 twice; expected each choice once/],
    ['a NaN fixed value', () => fixed(NaN), /value is NaN; expected a finite number or a string/],
  ];
  for (const [what, make, message] of bad) {
    test(`${what} is an error naming the value`, () => assert.throws(make, message));
  }
});

describe('grid', () => {
  test('runs every combination once, in order, the last parameter fastest', async () => {
    const seen: unknown[] = [];
    const result = await runSearch({
      name: 'grid',
      space: { x: float(0, 1, { gridPoints: 3 }), n: int(1, 3), c: categorical(['a', 'b']) },
      strategy: 'grid',
      direction: 'minimize',
      objective: (trial) => {
        seen.push(trial.params);
        return bowl(trial.params);
      },
    });
    assert.equal(result.trials.length, 18);
    assert.deepEqual(seen[0], { x: 0, n: 1, c: 'a' });
    assert.deepEqual(seen[1], { x: 0, n: 1, c: 'b' });
    assert.deepEqual(seen[2], { x: 0, n: 2, c: 'a' });
    assert.deepEqual(seen[17], { x: 1, n: 3, c: 'b' });
    assert.equal(new Set(seen.map((params) => JSON.stringify(params))).size, 18);
    assert.deepEqual(result.bestParams, { x: 0.5, n: 2, c: 'b' });
    assert.equal(result.bestScore, 0);
    assert.equal(result.best?.number, 10);
  });

  test('spaces float grid points evenly on a log scale', async () => {
    const result = await runSearch({
      name: 'log grid',
      space: { learningRate: float(1e-4, 1e-1, { log: true, gridPoints: 4 }) },
      strategy: 'grid',
      direction: 'maximize',
      objective: (trial) => trial.params.learningRate,
    });
    const values = result.trials.map((trial) => trial.params.learningRate);
    [1e-4, 1e-3, 1e-2, 1e-1].forEach((expected, i) =>
      assert.ok(Math.abs(values[i] / expected - 1) < 1e-12, `${values[i]} vs ${expected}`),
    );
  });

  test('refuses a trial count, which it cannot honour', async () => {
    await assert.rejects(
      runSearch({
        name: 'grid',
        space: { n: int(1, 4) },
        strategy: 'grid',
        trials: 2,
        direction: 'maximize',
        objective: () => 1,
      }),
      /trials is 2 with strategy 'grid', which runs every combination \(4 here\)/,
    );
  });
});

describe('random', () => {
  const space = {
    learningRate: float(1e-4, 1e-1, { log: true }),
    units: int(4, 64, { log: true }),
    dropout: float(0, 0.5),
    batchSize: categorical([16, 32, 64]),
    optimizer: fixed('adam'),
  };
  const run = (seed: number, trials = 200) =>
    runSearch({
      name: 'random',
      space,
      trials,
      seed,
      direction: 'maximize',
      objective: (trial) => -Math.abs(Math.log10(trial.params.learningRate) + 2),
    });

  test('draws within the ranges, evenly on log scales, reproducibly from the seed', async () => {
    const result = await run(1);
    const values = (name: string) => result.trials.map((trial) => trial.params[name] as number);
    assert.ok(values('learningRate').every((v) => v >= 1e-4 && v <= 1e-1));
    assert.ok(values('units').every((v) => Number.isInteger(v) && v >= 4 && v <= 64));
    assert.ok(values('dropout').every((v) => v >= 0 && v <= 0.5));
    assert.deepEqual(new Set(values('batchSize')), new Set([16, 32, 64]));
    assert.ok(result.trials.every((trial) => trial.params.optimizer === 'adam'));
    // Log-uniform: about a third of the draws in each decade of [1e-4, 1e-1].
    const firstDecade = values('learningRate').filter((v) => v < 1e-3).length;
    assert.ok(firstDecade > 45 && firstDecade < 90, `${firstDecade} of 200 below 1e-3`);
    // Log-uniform integers: 4..8 is as wide in log as 32..64, so as often drawn.
    const low = values('units').filter((v) => v <= 8).length;
    const high = values('units').filter((v) => v >= 32).length;
    assert.ok(Math.abs(low - high) < 40, `${low} low vs ${high} high`);

    const again = await run(1, 10);
    assert.deepEqual(
      again.trials.map((trial) => [trial.params, trial.seed]),
      result.trials.slice(0, 10).map((trial) => [trial.params, trial.seed]),
    );
    const other = await run(2, 10);
    assert.notDeepEqual(other.trials[0].params, result.trials[0].params);
    assert.equal(new Set(result.trials.map((trial) => trial.seed)).size, 200);
  });
});

describe('results', () => {
  test('failed trials keep their message, the search goes on, and the charts take the trials', async () => {
    const ended: TrialRecord[] = [];
    let searchEnded = 0;
    const result = await runSearch({
      name: 'failures',
      space: { n: int(1, 6) },
      strategy: 'grid',
      direction: 'maximize',
      scoreName: 'val_accuracy',
      objective: (trial) => {
        if (trial.params.n === 2) throw new Error('out of memory');
        if (trial.params.n === 3) return NaN;
        if (trial.params.n === 4) return 'high' as unknown as number;
        return trial.params.n / 10;
      },
      progress: { onTrialEnd: (trial) => ended.push(trial), onSearchEnd: () => searchEnded++ },
    });
    assert.deepEqual(
      result.trials.map((trial) => trial.state),
      ['complete', 'failed', 'failed', 'failed', 'complete', 'complete'],
    );
    assert.equal(result.trials[1].error, 'Error: out of memory');
    assert.equal(result.trials[2].error, 'the objective returned NaN; expected a finite number');
    assert.equal(result.trials[3].error, 'the objective returned "high"; expected a finite number');
    assert.ok(Number.isNaN(result.trials[1].score));
    assert.equal(result.bestScore, 0.6);
    assert.deepEqual(
      result.top(2).map((row) => [row.trial, row.score, row.n]),
      [
        [6, 0.6, 6],
        [5, 0.5, 5],
      ],
    );
    assert.deepEqual(
      ended.map((trial) => trial.number),
      [1, 2, 3, 4, 5, 6],
    );
    assert.equal(searchEnded, 1);

    const history = searchHistoryFigure(result.trials, result.figureArgs);
    assert.deepEqual(history.data[0].x, [1, 5, 6]);
    assert.match(
      JSON.stringify(history.layout.title),
      /6 trials, 3 failed · best val_accuracy 0\.6 \(trial 6\)/,
    );
    assert.equal(parameterScoreFigure(result.trials, result.figureArgs).data.length, 1);
    assert.equal(parallelCoordinatesFigure(result.trials, result.figureArgs).data.length, 1);
  });

  test('the DataFrame has one row per trial: its state, score, seed and parameters', async () => {
    const result = await runSearch({
      name: 'frame',
      space: { n: int(1, 3), c: categorical(['a', 'b']) },
      strategy: 'grid',
      direction: 'minimize',
      objective: (trial) => {
        if (trial.params.n === 3 && trial.params.c === 'b') throw new Error('bad');
        return trial.params.n;
      },
    });
    const frame = await result.dataFrame();
    assert.deepEqual(frame.shape, [6, 9]);
    assert.deepEqual(frame.columns, [
      'trial',
      'state',
      'score',
      'seed',
      'epochsTrained',
      'durationMs',
      'error',
      'n',
      'c',
    ]);
    assert.deepEqual(frame.column('n').values, [1, 1, 2, 2, 3, 3]);
    assert.deepEqual(frame.column('state').values.at(-1), 'failed');
    assert.deepEqual(frame.column('error').values.at(-1), 'Error: bad');
    assert.deepEqual(
      frame.column('seed').values,
      result.trials.map((trial) => trial.seed),
    );
  });

  test('bestParams says why when no trial completed', async () => {
    const result = await runSearch({
      name: 'all failed',
      space: { n: int(1, 2) },
      strategy: 'grid',
      direction: 'minimize',
      objective: () => {
        throw new Error('nope');
      },
    });
    assert.equal(result.best, undefined);
    assert.throws(
      () => result.bestParams,
      /study "all failed" has no complete trial \(2 trials: 2 failed, 0 pruned\)/,
    );
  });
});

describe('bad input', () => {
  const good = {
    name: 'bad',
    space: { n: int(1, 3) },
    trials: 2,
    direction: 'maximize' as const,
    objective: () => 1,
  };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['an empty space', { space: {} }, /space is an empty object; expected at least one parameter/],
    [
      'a space entry that is no range',
      { space: { n: [1, 2] } },
      /space\.n is an array of 2 items \(\[1,2\]\); expected int\(low, high\)/,
    ],
    ['a reserved parameter name', { space: { score: int(1, 2) } }, /parameter named "score"/],
    [
      'an unknown strategy',
      { strategy: 'bayesian' },
      /strategy is "bayesian"; expected 'grid', 'random', 'halving', 'hyperband'/,
    ],
    ['no trial count', { trials: undefined }, /trials is undefined; expected the number of trials/],
    ['a zero trial count', { trials: 0 }, /runSearch: trials is 0; expected a positive integer/],
    ['no direction', { direction: 'up' }, /direction is "up"; expected 'maximize' or 'minimize'/],
    ['no name', { name: '' }, /name is ""; expected a non-empty string/],
    ['an unknown mode', { mode: 'append' }, /mode is "append"; expected 'fresh' or 'resume'/],
    ['resuming without storage', { mode: 'resume' }, /mode is 'resume' but storage is not given/],
    [
      'several workers for a function',
      { workers: 2 },
      /workers is 2 with a function objective, which cannot be sent to another thread/,
    ],
    ['an objective that is neither', { objective: 42 }, /objective is 42; expected a function/],
    [
      'a missing objective module',
      { objective: { module: '/nowhere/objective.ts' } },
      /objective.module is "\/nowhere\/objective.ts", and \/nowhere\/objective.ts does not exist/,
    ],
    [
      'halving options with random',
      { halving: { maxEpochs: 9 } },
      /halving is given with strategy 'random', which never stops a trial early/,
    ],
    [
      'halving without options',
      { strategy: 'halving' },
      /halving is undefined; expected \{ maxEpochs, minEpochs\?, reductionFactor\? \}/,
    ],
    [
      'a reduction factor below 2',
      { strategy: 'halving', halving: { maxEpochs: 9, reductionFactor: 1 } },
      /halving.reductionFactor is 1; expected an integer >= 2/,
    ],
  ];
  for (const [what, change, message] of cases) {
    test(`${what} is an error before any trial runs`, async () => {
      let calls = 0;
      const objective = (change.objective ?? (() => calls++)) as () => number;
      await assert.rejects(
        runSearch({ ...good, ...change, objective } as Parameters<typeof runSearch>[0]),
        message,
      );
      assert.equal(calls, 0);
    });
  }

  test('trial.report names a bad epoch', async () => {
    const result = await runSearch({
      ...good,
      objective: (trial) => {
        trial.report(-1, 0.5);
        return 1;
      },
    });
    assert.match(
      result.trials[0].error ?? '',
      /trial.report: epoch is -1; expected an integer >= 0/,
    );
  });
});

describe('reproducibility', () => {
  test('retraining the best parameters with the trial seed gives the trial score', async () => {
    const random = createRandom('search');
    const rows = Array.from({ length: 80 }, () => [random() * 2 - 1, random() * 2 - 1]);
    const labels = rows.map(([a, b]) => (a * b > 0 ? 1 : 0));
    const [xTrain, yTrain] = [rows.slice(0, 60), labels.slice(0, 60)];
    const [xVal, yVal] = [rows.slice(60), labels.slice(60)];
    const fit = async (params: { units: number; learningRate: number }, seed: number) => {
      const model = denseClassifier({
        inputDim: 2,
        hiddenUnits: [params.units],
        learningRate: params.learningRate,
        dropout: 0.1,
        seed,
      });
      const history = await train(model, xTrain, yTrain, {
        epochs: 4,
        batchSize: 16,
        validationData: [xVal, yVal],
        seed,
        verbose: false,
      });
      disposeModel(model);
      return history.history.val_loss.at(-1)!;
    };

    const tensors = tf.memory().numTensors;
    const result = await runSearch({
      name: 'retrain',
      space: { units: int(2, 8), learningRate: float(1e-3, 1e-1, { log: true }) },
      trials: 4,
      seed: 3,
      direction: 'minimize',
      objective: (trial) => fit(trial.params, trial.seed),
    });
    const scores = result.trials.map((trial) => trial.score);
    assert.equal(new Set(scores).size, 4, `distinct scores ${scores}`);
    const best = result.best!;
    assert.equal(await fit(best.params, best.seed), best.score);
    assert.equal(tf.memory().numTensors, tensors);
  });
});
