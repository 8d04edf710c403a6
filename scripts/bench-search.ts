/**
 * `npm run bench` (second part): trials per minute of a hyperparameter
 * search with one worker thread against one per core, on the same trials
 * (scripts/bench-search-objective.ts: a dense classifier, 4 epochs of 1000 rows).
 * The speed-up is read here, never asserted by a timed test.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { setupBackend } from '../src/backend';
import { float, int } from '../src/search/space';
import { runSearch } from '../src/search/study';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '200' } } });
const trials = Number(values.trials);
if (!Number.isInteger(trials) || trials < 2) {
  throw new Error(`--trials is ${values.trials}; expected an integer of at least 2`);
}

interface Speed {
  /** Trials per minute from the call to its return, worker start-up included. */
  perMinute: number;
  /** Trials per minute after each worker's first trial (start-up and JIT warm-up excluded). */
  warmPerMinute: number;
  best: number;
}

async function trialsPerMinute(workers: number): Promise<Speed> {
  const started = performance.now();
  const ends: number[] = [];
  const result = await runSearch({
    name: `bench-${workers}`,
    space: { units: int(64, 128), learningRate: float(1e-3, 1e-1, { log: true }) },
    trials,
    seed: 1,
    direction: 'maximize',
    objective: { module: path.join(__dirname, 'bench-search-objective.ts') },
    workers,
    progress: { onTrialEnd: () => ends.push(performance.now()) },
  });
  const minutes = (performance.now() - started) / 60_000;
  const warmMinutes = (ends[ends.length - 1] - ends[workers - 1]) / 60_000;
  return {
    perMinute: trials / minutes,
    warmPerMinute: (trials - workers) / warmMinutes,
    best: result.bestScore,
  };
}

async function main(): Promise<void> {
  await setupBackend({ verbose: false });
  const cores = os.availableParallelism();
  // A first short run warms up the disk cache and tsx's compile cache, so neither row pays for it.
  await runSearch({
    name: 'warm-up',
    space: { units: int(64, 64), learningRate: float(1e-2, 1e-2) },
    trials: 1,
    direction: 'maximize',
    objective: { module: path.join(__dirname, 'bench-search-objective.ts') },
    workers: 1,
  });
  const one = await trialsPerMinute(1);
  const all = await trialsPerMinute(cores);
  console.log(
    `\nsearch trials per minute, ${trials} trials (dense 50 -> 64..128 -> 1, 1000 rows, 4 epochs)`,
  );
  console.log(
    `${'workers'.padEnd(10)}${'trials/min'.padStart(12)}${'speed-up'.padStart(10)}` +
      `${'warm/min'.padStart(12)}${'speed-up'.padStart(10)}  best`,
  );
  for (const [workers, row] of [
    [1, one],
    [cores, all],
  ] as const) {
    console.log(
      `${String(workers).padEnd(10)}${row.perMinute.toFixed(1).padStart(12)}` +
        `${`${(row.perMinute / one.perMinute).toFixed(2)}x`.padStart(10)}` +
        `${row.warmPerMinute.toFixed(1).padStart(12)}` +
        `${`${(row.warmPerMinute / one.warmPerMinute).toFixed(2)}x`.padStart(10)}  ${row.best.toFixed(4)}`,
    );
  }
  if (one.best !== all.best) throw new Error('the two runs found different best scores');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
