/**
 * `npm run bench` (first part): time per epoch of the classic model (1000
 * rows x 100 uniform features, random 0/1 labels; Dense 32 relu -> Dense 1
 * sigmoid; rmsprop; binary cross-entropy; batch 32), side by side in one run,
 * all on the same data:
 * - the library's `train` as it runs by default (the fused engine on cpu),
 * - `train` with `engine: 'tfjs'` (tfjs's model.fit) on every installed backend,
 * - a lean tfjs step: optimizer.minimize on pre-sliced batches, no fit loop,
 *   the least tfjs itself can do per batch,
 * - the scratch engine (src/scratch, typed arrays, no tfjs),
 * - PyTorch, where `python3 -c "import torch"` works.
 * Each engine trains `--runs` fresh models for `--epochs` epochs; a row gives
 * the median first epoch (it includes warm-up) and the median of all later
 * epochs, the ratio to PyTorch's, and the tensors alive before and after.
 * Speed goals are read here, never asserted by timed tests.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { agreesWithCpu, setupBackend } from '../src/backend';
import { median } from '../src/impute';
import { denseClassifier, disposeModel } from '../src/model';
import { createRandom } from '../src/random';
import { createMlp, rmsprop } from '../src/scratch';
import { train, trainingEngine } from '../src/train';

interface Row {
  engine: string;
  /** Milliseconds of each epoch, one array per run. */
  runsMs: number[][];
  note?: string;
}

/** Times `runs` runs of `run`, each reporting its epochs to the `epochEnded` it is given. */
async function timeRuns(
  run: (epochEnded: () => void) => Promise<void> | void,
): Promise<{ runsMs: number[][]; note: string }> {
  const runsMs: number[][] = [];
  const before = tf.memory().numTensors;
  for (let r = 0; r < runs; r++) {
    const epochsMs: number[] = [];
    let last = performance.now();
    await run(() => {
      const now = performance.now();
      epochsMs.push(now - last);
      last = now;
    });
    runsMs.push(epochsMs);
  }
  return { runsMs, note: `tensors ${before} -> ${tf.memory().numTensors}` };
}

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '12' },
    runs: { type: 'string', default: '3' },
  },
});
const epochs = Number(values.epochs);
if (!Number.isInteger(epochs) || epochs < 3) {
  throw new Error(`--epochs is ${values.epochs}; expected an integer of at least 3`);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error(`--runs is ${values.runs}; expected a positive integer`);
}

/** The classic data, seeded: the same rows for every engine. */
function classicData(): { x: number[][]; y: number[] } {
  const random = createRandom('bench');
  const x = Array.from({ length: 1000 }, () => Array.from({ length: 100 }, () => random()));
  const y = x.map(() => (random() < 0.5 ? 1 : 0));
  return { x, y };
}

async function libraryRow(
  backend: string,
  engine: 'auto' | 'tfjs',
  data: { x: number[][]; y: number[] },
): Promise<Row> {
  await tf.setBackend(backend);
  const timed = await timeRuns(async (epochEnded) => {
    const model = denseClassifier({ inputDim: 100, hiddenUnits: [32], seed: 1 });
    await train(model, data.x, data.y, {
      epochs,
      batchSize: 32,
      verbose: false,
      engine,
      onEpochEnd: epochEnded,
    });
    disposeModel(model);
  });
  const model = denseClassifier({ inputDim: 100, hiddenUnits: [32], seed: 1 });
  const chosen = trainingEngine(model, { engine }).engine;
  disposeModel(model);
  return { engine: `library train, ${backend}, ${chosen} engine`, ...timed };
}

/**
 * The least tfjs does per batch: the batches sliced once, then per batch
 * optimizer.minimize of the model's loss inside tidy, with no fit loop,
 * callbacks or logs (a shuffle is left out too).
 */
async function leanRow(data: { x: number[][]; y: number[] }): Promise<Row> {
  await tf.setBackend('cpu');
  const timed = await timeRuns((epochEnded) => {
    const model = denseClassifier({ inputDim: 100, hiddenUnits: [32], seed: 1 });
    const x = tf.tensor2d(data.x);
    const y = tf.tensor2d(data.y, [data.y.length, 1]);
    const batches = Array.from({ length: Math.ceil(data.y.length / 32) }, (_, b) => {
      const size = Math.min(32, data.y.length - b * 32);
      return [x.slice(b * 32, size), y.slice(b * 32, size)] as const;
    });
    const optimizer = model.optimizer;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const [xb, yb] of batches) {
        tf.tidy(() => {
          optimizer.minimize(
            () => tf.metrics.binaryCrossentropy(yb, model.predict(xb) as tf.Tensor).mean(),
            false,
          );
        });
      }
      epochEnded();
    }
    tf.dispose([x, y, ...batches.flat()]);
    disposeModel(model);
  });
  return { engine: 'lean tfjs step, cpu', ...timed };
}

async function scratchRow(data: { x: number[][]; y: number[] }): Promise<Row> {
  // The rows flattened once, as train() converts its arrays once per call.
  const x = Float32Array.from(data.x.flat());
  const timed = await timeRuns((epochEnded) => {
    const mlp = createMlp({ sizes: [100, 32, 1], activation: 'relu', seed: 1 });
    mlp.fit(x, data.y, {
      epochs,
      batchSize: 32,
      optimizer: rmsprop({ learningRate: 0.001 }),
      onEpochEnd: epochEnded,
    });
  });
  return { engine: 'scratch engine (float32)', runsMs: timed.runsMs };
}

function torchRow(): Row | string {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    if (probe.status !== 0) continue;
    const runsMs: number[][] = [];
    let label = '';
    for (let r = 0; r < runs; r++) {
      const run = spawnSync(python, [`${__dirname}/bench_torch.py`, String(epochs)], {
        encoding: 'utf8',
      });
      if (run.status !== 0) return `PyTorch failed: ${run.stderr.trim().split('\n').at(-1)}`;
      const result = JSON.parse(run.stdout) as {
        torch: string;
        threads: number;
        epochs_ms: number[];
      };
      label = `PyTorch ${result.torch} (${result.threads} thread${result.threads === 1 ? '' : 's'})`;
      runsMs.push(result.epochs_ms);
    }
    return { engine: label, runsMs };
  }
  return 'PyTorch not found (python3 -c "import torch" fails; on Debian: apt-get install python3-torch)';
}

/** The median first epoch and the median of all later epochs over the runs. */
function summarize(row: Row): { first: number; rest: number } {
  return {
    first: median(row.runsMs.map((run) => run[0])),
    rest: median(row.runsMs.flatMap((run) => run.slice(1))),
  };
}

async function main(): Promise<void> {
  await setupBackend({ verbose: true });
  const data = classicData();
  const backends = ['cpu'];
  try {
    require('tfjs-node-native');
    if (await agreesWithCpu('tensorflow')) backends.unshift('tensorflow');
  } catch {
    // tfjs-node is optional; the Backend line above says why it is absent.
  }

  const rows: Row[] = [await libraryRow('cpu', 'auto', data)];
  for (const backend of backends) rows.push(await libraryRow(backend, 'tfjs', data));
  rows.push(await leanRow(data));
  rows.push(await scratchRow(data));
  const torch = torchRow();
  if (typeof torch === 'string') console.log(torch);
  else rows.push(torch);

  const reference = typeof torch === 'string' ? undefined : summarize(torch).rest;
  console.log(
    `\nms per epoch, classic model, ${runs} run(s) of ${epochs} epochs ` +
      '(first: median first epoch; median: all later epochs)',
  );
  console.log(
    `${'engine'.padEnd(40)}${'first'.padStart(9)}${'median'.padStart(9)}${'vs PyTorch'.padStart(12)}  note`,
  );
  for (const row of rows) {
    const { first, rest } = summarize(row);
    const ratio = reference === undefined ? '' : `${(rest / reference).toFixed(2)}x`;
    console.log(
      `${row.engine.padEnd(40)}${first.toFixed(1).padStart(9)}${rest.toFixed(1).padStart(9)}` +
        `${ratio.padStart(12)}  ${row.note ?? ''}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
