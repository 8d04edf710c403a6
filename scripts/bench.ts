/**
 * `npm run bench`: time per epoch of the classic model (1000 rows x 100
 * uniform features, random 0/1 labels; Dense 32 relu -> Dense 1 sigmoid;
 * rmsprop; binary cross-entropy; batch 32), side by side in one run:
 * - the library's `train` on every installed tfjs backend,
 * - the scratch engine (src/scratch, typed arrays, no tfjs),
 * - PyTorch, where `python3 -c "import torch"` works.
 * Each row gives the first epoch apart (it includes warm-up) and the median
 * of the rest, and the ratio to PyTorch's median. Speed goals are read here,
 * never asserted by timed tests.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { agreesWithCpu, setupBackend } from '../src/backend';
import { denseClassifier, disposeModel } from '../src/model';
import { createRandom } from '../src/random';
import { createMlp, rmsprop } from '../src/scratch';
import { train } from '../src/train';

interface Row {
  engine: string;
  epochsMs: number[];
  note?: string;
}

const { values } = parseArgs({ options: { epochs: { type: 'string', default: '12' } } });
const epochs = Number(values.epochs);
if (!Number.isInteger(epochs) || epochs < 3) {
  throw new Error(`--epochs is ${values.epochs}; expected an integer of at least 3`);
}

/** The classic data, seeded: the same rows for every engine. */
function classicData(): { x: number[][]; y: number[] } {
  const random = createRandom('bench');
  const x = Array.from({ length: 1000 }, () => Array.from({ length: 100 }, () => random()));
  const y = x.map(() => (random() < 0.5 ? 1 : 0));
  return { x, y };
}

async function libraryRow(backend: string, data: { x: number[][]; y: number[] }): Promise<Row> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const model = denseClassifier({ inputDim: 100, hiddenUnits: [32], seed: 1 });
  const epochsMs: number[] = [];
  let last = performance.now();
  await train(model, data.x, data.y, {
    epochs,
    batchSize: 32,
    verbose: false,
    onEpochEnd: () => {
      const now = performance.now();
      epochsMs.push(now - last);
      last = now;
    },
  });
  disposeModel(model);
  return {
    engine: `library train, ${backend}`,
    epochsMs,
    note: `tensors ${before} -> ${tf.memory().numTensors}`,
  };
}

function scratchRow(data: { x: number[][]; y: number[] }): Row {
  const mlp = createMlp({ sizes: [100, 32, 1], activation: 'relu', seed: 1 });
  // One optimizer for the whole run (its state carries over epochs), and the
  // rows flattened once, as train() converts its arrays once per call.
  const optimizer = rmsprop({ learningRate: 0.001 });
  const x = Float32Array.from(data.x.flat());
  const epochsMs: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const started = performance.now();
    mlp.fit(x, data.y, { epochs: 1, batchSize: 32, optimizer, seed: epoch });
    epochsMs.push(performance.now() - started);
  }
  return { engine: 'scratch engine (float32)', epochsMs };
}

function torchRow(): Row | string {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    if (probe.status !== 0) continue;
    const run = spawnSync(python, [`${__dirname}/bench_torch.py`, String(epochs)], {
      encoding: 'utf8',
    });
    if (run.status !== 0) return `PyTorch failed: ${run.stderr.trim().split('\n').at(-1)}`;
    const result = JSON.parse(run.stdout) as {
      torch: string;
      threads: number;
      epochs_ms: number[];
    };
    return {
      engine: `PyTorch ${result.torch} (${result.threads} thread${result.threads === 1 ? '' : 's'})`,
      epochsMs: result.epochs_ms,
    };
  }
  return 'PyTorch not found (python3 -c "import torch" fails; on Debian: apt-get install python3-torch)';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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

  const rows: Row[] = [];
  for (const backend of backends) rows.push(await libraryRow(backend, data));
  rows.push(scratchRow(data));
  const torch = torchRow();
  if (typeof torch === 'string') console.log(torch);
  else rows.push(torch);

  const reference = typeof torch === 'string' ? undefined : median(torch.epochsMs.slice(1));
  console.log(
    `\nms per epoch, classic model, ${epochs} epochs (median of epochs 2..${epochs}; first epoch apart)`,
  );
  console.log(
    `${'engine'.padEnd(36)}${'first'.padStart(9)}${'median'.padStart(9)}${'vs PyTorch'.padStart(12)}  note`,
  );
  for (const row of rows) {
    const rest = median(row.epochsMs.slice(1));
    const ratio = reference === undefined ? '' : `${(rest / reference).toFixed(2)}x`;
    console.log(
      `${row.engine.padEnd(36)}${row.epochsMs[0].toFixed(1).padStart(9)}${rest.toFixed(1).padStart(9)}` +
        `${ratio.padStart(12)}  ${row.note ?? ''}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
