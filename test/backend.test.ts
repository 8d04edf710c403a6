import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../src/backend';

test('setupBackend prints exactly one line, and no tfjs banner follows', async () => {
  const printed: string[] = [];
  const { log, warn } = console;
  console.log = (...args: unknown[]) => printed.push(args.join(' '));
  console.warn = (...args: unknown[]) => printed.push(args.join(' '));
  try {
    const info = await setupBackend();
    tf.tidy(() => tf.ones([2, 2]).add(1)); // the cpu backend's banner would come here
    assert.deepEqual(printed, [info.description]);
    assert.match(info.description, /^Backend: (tensorflow \(native|cpu \(pure JavaScript)/);
  } finally {
    Object.assign(console, { log, warn });
  }
});

test('the chosen backend is the active one and says whether it is native', async () => {
  const info = await setupBackend({ verbose: false });
  assert.equal(tf.getBackend(), info.name);
  assert.equal(info.native, info.name === 'tensorflow');
});

test('prefer cpu always gives the pure-JS backend', async () => {
  const info = await setupBackend({ prefer: 'cpu', verbose: false });
  assert.equal(info.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.match(info.description, /cpu was requested/);
});

test('a bad DL_WORKBOOK_BACKEND is named in the error', async () => {
  process.env.DL_WORKBOOK_BACKEND = 'gpu';
  try {
    await assert.rejects(setupBackend({ verbose: false }), /DL_WORKBOOK_BACKEND is 'gpu'; expected 'auto' or 'cpu'/);
  } finally {
    delete process.env.DL_WORKBOOK_BACKEND;
  }
});
