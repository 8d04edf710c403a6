/**
 * The README's examples are real code: each TypeScript block is extracted
 * and run as a script from notebooks/, and must finish without error.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..');
const NOTEBOOKS = path.join(ROOT, 'notebooks');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

/** Runs one example as an ES module from notebooks/ (relative paths as in a notebook). */
function runExample(source: string, name: string) {
  // The file must live inside the project so that 'dl-workbook' resolves.
  const file = path.join(NOTEBOOKS, `.readme-example-${name}-${process.pid}.mts`);
  fs.writeFileSync(file, source);
  try {
    return spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: NOTEBOOKS,
      encoding: 'utf8',
      timeout: 120_000,
    });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

test('the README has its six examples', () => {
  assert.equal(blocks.length, 6);
});

test('the main example trains, checks and saves a model', () => {
  const modelDir = `../models/readme-test-${process.pid}`;
  try {
    const result = runExample(blocks[0].replaceAll('../models/cancer', modelDir), 'main');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Backend: /);
    assert.match(result.stdout, /✔ validation accuracy is at least 0\.9/);
    assert.ok(fs.existsSync(path.join(NOTEBOOKS, modelDir, 'model.json')));
  } finally {
    fs.rmSync(path.join(NOTEBOOKS, modelDir), { recursive: true, force: true });
  }
});

test('the training example stops early on sorted data', () => {
  const result = runExample(blocks[1], 'training');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /best epoch \d+: val_loss 0\.\d{3}/);
});

test('the engine example trains the same weights on both engines and says why tfjs runs', () => {
  const result = runExample(blocks[2], 'engine');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /all 41 weights equal: true/);
  assert.match(result.stdout, /engine: 'tfjs'/);
  assert.match(result.stdout, /reason: 'its layer hidden_1 has activation elu'/);
});

test('the data example imputes and scales with training statistics', () => {
  const result = runExample(blocks[3], 'data');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /label 0 = benign \(357 rows\), label 1 = malignant \(212 rows\)/);
  assert.match(result.stdout, /114 test rows scaled with training statistics/);
});

test('the validation example cross-validates a regularised model over five folds', () => {
  const result = runExample(blocks[4], 'validation');
  assert.equal(result.status, 0, result.stderr);
  const match = /validation accuracy (0\.\d{3}) ± (0\.\d{3}), loss gap (-?\d\.\d{3})/.exec(
    result.stdout,
  );
  assert.ok(match, result.stdout);
  const [accuracy, spread, gap] = match.slice(1).map(Number);
  assert.ok(accuracy >= 0.93, `mean validation accuracy ${accuracy}`);
  assert.ok(spread > 0 && spread < 0.05, `its standard deviation ${spread}`);
  assert.ok(Math.abs(gap) < 0.2, `loss gap ${gap}`);
});

test('the search example stops weak trials and finds a good model', () => {
  const result = runExample(blocks[5], 'search');
  assert.equal(result.status, 0, result.stderr);
  const match = /best val_loss (0\.\d{3}) \(trial (\d+)\), (\d+) of 180 epochs trained/.exec(
    result.stdout,
  );
  assert.ok(match, result.stdout);
  const [loss, trial, epochs] = match.slice(1).map(Number);
  assert.ok(loss < 0.25, `best val_loss ${loss}`);
  assert.ok(trial >= 1 && trial <= 20, `trial ${trial}`);
  assert.ok(epochs < 90, `${epochs} epochs trained, halving should stop most trials early`);
});
