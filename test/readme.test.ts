/**
 * The README's library example is real code: it is extracted and run as a
 * script from notebooks/, and must finish without error.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..');

test('the README library example runs from the notebooks folder', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(blocks.length, 1, 'expected one TypeScript example in the README');

  // The example uses paths relative to notebooks/, like a notebook does, and
  // writes its model to a folder this test removes afterwards.
  const modelDir = `../models/readme-test-${process.pid}`;
  const source = blocks[0].replaceAll('../models/cancer', modelDir);
  const file = path.join(ROOT, 'notebooks', `.readme-example-${process.pid}.mts`);
  fs.writeFileSync(file, source);
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: path.join(ROOT, 'notebooks'),
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Backend: /);
    assert.match(result.stdout, /✔ validation accuracy is at least 0\.9/);
    assert.ok(fs.existsSync(path.join(ROOT, 'notebooks', modelDir, 'model.json')));
  } finally {
    fs.rmSync(file, { force: true });
    fs.rmSync(path.join(ROOT, 'notebooks', modelDir), { recursive: true, force: true });
  }
});
