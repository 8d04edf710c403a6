import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../src/backend';
import { loadModel, saveModel } from '../src/io';
import { denseClassifier, disposeModel } from '../src/model';

before(async () => {
  await setupBackend({ verbose: false });
});

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'dl-workbook-io-'));
}

test('a saved and loaded model predicts exactly what the original predicts', async () => {
  const dir = path.join(tempDir(), 'model');
  const model = denseClassifier({ inputDim: 4, hiddenUnits: [5, 3], seed: 9 });
  await saveModel(model, dir);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['model.json', 'weights.bin']);
  // 4*5+5 + 5*3+3 + 3*1+1 = 47 float32 weights
  assert.equal(fs.statSync(path.join(dir, 'weights.bin')).size, 47 * 4);

  const loaded = await loadModel(dir);
  const x = tf.tensor2d([
    [0.1, -2, 3, 0.5],
    [1, 1, 1, 1],
    [-4, 0, 2, 9],
  ]);
  const expected = (model.predict(x) as tf.Tensor).arraySync();
  const actual = (loaded.predict(x) as tf.Tensor).arraySync();
  assert.deepEqual(actual, expected);
  assert.deepEqual(
    loaded.layers.map((l) => l.name),
    model.layers.map((l) => l.name),
  );
  disposeModel(model);
  disposeModel(loaded);
  x.dispose();
});

test('saving again replaces the earlier save and leaves no staging folder', async () => {
  const parent = tempDir();
  const dir = path.join(parent, 'model');
  const first = denseClassifier({ inputDim: 2, seed: 1 });
  const second = denseClassifier({ inputDim: 2, seed: 2 });
  await saveModel(first, dir);
  await saveModel(second, dir);
  assert.deepEqual(fs.readdirSync(parent), ['model']);
  const loaded = await loadModel(dir);
  assert.deepEqual(loaded.getWeights()[0].arraySync(), second.getWeights()[0].arraySync());
  [first, second, loaded].forEach(disposeModel);
});

test('a folder holding other files is refused and left untouched', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  const model = denseClassifier({ inputDim: 2 });
  await assert.rejects(saveModel(model, dir), /holds other files \(notes\.txt\)/);
  assert.deepEqual(fs.readdirSync(dir), ['notes.txt']);
  disposeModel(model);
});

test('loading from a folder without model.json names the missing file', async () => {
  const dir = tempDir();
  await assert.rejects(loadModel(dir), new RegExp(`${dir}/model\\.json not found`));
});

test('saveModel refuses the current folder and a file in place of the folder, leaving nothing behind', async () => {
  const parent = tempDir();
  const file = path.join(parent, 'taken');
  fs.writeFileSync(file, 'x');
  const model = denseClassifier({ inputDim: 2 });
  await assert.rejects(
    saveModel(model, '.'),
    /saveModel\("\."\): cannot replace the current or root folder/,
  );
  await assert.rejects(saveModel(model, '/'), /cannot replace the current or root folder/);
  await assert.rejects(
    saveModel(model, file),
    /a file of that name exists; expected a folder or a new name/,
  );
  await assert.rejects(saveModel(model, ''), /expected the path of a folder/);
  assert.deepEqual(fs.readdirSync(parent), ['taken']);
  disposeModel(model);
});

test('loadModel names what is wrong with damaged files', async () => {
  const dir = path.join(tempDir(), 'model');
  const model = denseClassifier({ inputDim: 3, hiddenUnits: [2], seed: 1 });
  await saveModel(model, dir);
  disposeModel(model);
  const weights = fs.readFileSync(path.join(dir, 'weights.bin'));
  const modelJson = fs.readFileSync(path.join(dir, 'model.json'), 'utf8');

  // 3*2+2 + 2*1+1 = 11 float32 weights = 44 bytes.
  fs.writeFileSync(path.join(dir, 'weights.bin'), weights.subarray(0, 40));
  await assert.rejects(
    loadModel(dir),
    /the weights files hold 40 bytes but model\.json describes 44/,
  );
  fs.writeFileSync(path.join(dir, 'weights.bin'), weights);

  fs.writeFileSync(path.join(dir, 'model.json'), modelJson.slice(0, 50));
  await assert.rejects(loadModel(dir), /model\.json is not valid JSON/);
  fs.writeFileSync(path.join(dir, 'model.json'), '{}');
  await assert.rejects(loadModel(dir), /model\.json has no modelTopology/);

  const escaping = JSON.parse(modelJson);
  escaping.weightsManifest[0].paths = ['../../etc/hostname'];
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(escaping));
  await assert.rejects(
    loadModel(dir),
    /lists the weights file '\.\.\/\.\.\/etc\/hostname' outside the folder/,
  );

  fs.writeFileSync(path.join(dir, 'model.json'), modelJson);
  fs.rmSync(path.join(dir, 'weights.bin'));
  await assert.rejects(loadModel(dir), /weights\.bin not found; model\.json lists it/);
});
