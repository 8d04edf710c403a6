import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { agreesWithCpu, setupBackend } from '../src/backend';

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
    await assert.rejects(
      setupBackend({ verbose: false }),
      /DL_WORKBOOK_BACKEND is 'gpu'; expected 'auto' or 'cpu'/,
    );
  } finally {
    delete process.env.DL_WORKBOOK_BACKEND;
  }
});

test('agreesWithCpu: cpu agrees with itself; a backend with one wrong kernel does not', async () => {
  await setupBackend({ prefer: 'cpu', verbose: false });
  assert.equal(await agreesWithCpu('cpu'), true);

  // A copy of cpu whose relu is really elu: negative inputs come out wrong.
  const cpu = tf.findBackend('cpu') as unknown as { constructor: new () => tf.KernelBackend };
  tf.registerBackend('relu-is-elu', () => new cpu.constructor());
  const elu = tf.getKernelsForBackend('cpu').find((k) => k.kernelName === 'Elu')!;
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    const kernelFunc = kernel.kernelName === 'Relu' ? elu.kernelFunc : kernel.kernelFunc;
    tf.registerKernel({ ...kernel, backendName: 'relu-is-elu', kernelFunc });
  }
  assert.equal(await agreesWithCpu('relu-is-elu'), false);
  assert.equal(await agreesWithCpu('no-such-backend'), false);
  assert.equal(tf.getBackend(), 'cpu', 'the active backend is restored');
});

test('setupBackend names a bad prefer option', async () => {
  await assert.rejects(
    setupBackend({ prefer: 'gpu' as never }),
    /setupBackend: prefer is "gpu"; expected 'auto' or 'cpu'/,
  );
});
