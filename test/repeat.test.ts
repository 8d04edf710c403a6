import assert from 'node:assert/strict';
import { test } from 'node:test';
import { repeatRuns } from '../src/repeat';

test('repeatRuns gives each run, the mean and the sample standard deviation (n − 1)', async () => {
  const result = await repeatRuns({
    seeds: [1, 2, 3],
    run: async (seed) => ({ loss: [1, 2, 6][seed - 1], accuracy: [0.5, 0.75, 1][seed - 1] }),
  });
  assert.deepEqual(result.runs, [
    { loss: 1, accuracy: 0.5 },
    { loss: 2, accuracy: 0.75 },
    { loss: 6, accuracy: 1 },
  ]);
  // loss: mean 9 / 3 = 3; squared deviations 4 + 1 + 9 = 14, over n − 1 = 2 gives 7.
  // accuracy: mean 0.75; squared deviations 1/16 + 0 + 1/16 = 1/8, over 2 gives 1/16.
  assert.deepEqual(result.mean, { loss: 3, accuracy: 0.75 });
  assert.deepEqual(result.std, { loss: Math.sqrt(7), accuracy: 0.25 });
});

test('repeatRuns runs one seed at a time, in the order given', async () => {
  const events: string[] = [];
  await repeatRuns({
    seeds: [30, 10, 20],
    run: async (seed) => {
      events.push(`start ${seed}`);
      await new Promise((resolve) => setTimeout(resolve, seed / 10));
      events.push(`end ${seed}`);
      return { seed };
    },
  });
  assert.deepEqual(events, ['start 30', 'end 30', 'start 10', 'end 10', 'start 20', 'end 20']);
});

test('repeatRuns with one seed has a NaN standard deviation; a NaN score gives NaN summaries', async () => {
  const single = await repeatRuns({ seeds: [4], run: () => ({ loss: 0.5 }) });
  assert.deepEqual(single.mean, { loss: 0.5 });
  assert.ok(Number.isNaN(single.std.loss));

  const diverged = await repeatRuns({
    seeds: [1, 2],
    run: (seed) => ({ loss: seed === 2 ? NaN : 0.3, accuracy: 0.5 }),
  });
  assert.ok(Number.isNaN(diverged.mean.loss));
  assert.deepEqual(diverged.std.accuracy, 0);
});

test('repeatRuns refuses bad seeds and runs, naming the seed and the score', async () => {
  const run = () => ({ loss: 1 });
  await assert.rejects(
    repeatRuns({ seeds: [], run }),
    /repeatRuns: seeds is an empty array; expected a non-empty array of numbers such as \[1, 2, 3\]/,
  );
  await assert.rejects(
    repeatRuns({ seeds: [1, NaN], run }),
    /repeatRuns: seeds\[1\] is NaN; expected a finite number/,
  );
  await assert.rejects(
    repeatRuns({ seeds: [1], run: 'train' as never }),
    /repeatRuns: run is "train"; expected a function from a seed to scores/,
  );
  await assert.rejects(
    repeatRuns({ seeds: [1], run: () => 0.5 as never }),
    /repeatRuns: the run with seed 1 gave 0.5; expected an object of numbers such as \{ loss: 0.3 \}/,
  );
  await assert.rejects(
    repeatRuns({ seeds: [1], run: () => ({ loss: '0.5' }) as never }),
    /repeatRuns: the run with seed 1 gave loss = "0.5"; expected a number/,
  );
  await assert.rejects(
    repeatRuns({
      seeds: [1, 2],
      run: (seed): Record<string, number> =>
        seed === 1 ? { loss: 1, accuracy: 1 } : { loss: 1, acc: 1 },
    }),
    /repeatRuns: the run with seed 2 gave the scores loss, acc; expected the first run's loss, accuracy/,
  );
});
