import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  describeValue,
  isTensor,
  quoteText,
  requirePositiveInteger,
  requirePositiveNumber,
  verify,
} from '../src/check';

test('verify prints a held claim with a tick and throws on a false one', () => {
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    verify('2 + 2 is 4', 2 + 2 === 4);
  } finally {
    console.log = log;
  }
  assert.deepEqual(printed, ['✔ 2 + 2 is 4']);
  assert.throws(() => verify('1 is 2', false), /^Error: Claim failed: 1 is 2$/);
});

test('argument checks name the argument and the value', () => {
  assert.doesNotThrow(() => requirePositiveInteger('epochs', 3));
  assert.throws(
    () => requirePositiveInteger('epochs', NaN),
    /epochs is NaN; expected a positive integer/,
  );
  assert.throws(
    () => requirePositiveNumber('rate', Infinity),
    /rate is Infinity; expected a finite number > 0/,
  );
  assert.throws(() => requirePositiveNumber('rate', 0), /rate is 0; expected a finite number > 0/);
  assert.throws(
    () => requirePositiveInteger('epochs', '3' as never),
    /epochs is "3"; expected a positive integer/,
  );
});

test('describeValue writes any value briefly on one line, as code would write it', () => {
  assert.equal(describeValue(undefined), 'undefined');
  assert.equal(describeValue(null), 'null');
  assert.equal(describeValue(Number.NaN), 'NaN');
  assert.equal(describeValue(-2.5), '-2.5');
  assert.equal(describeValue(true), 'true');
  assert.equal(describeValue(12n), '12n');
  assert.equal(describeValue('two\nlines'), '"two\\nlines"');
  assert.equal(describeValue(''), '""');
  assert.equal(describeValue(Symbol('s')), 'Symbol(s)');
  assert.equal(describeValue(Math.max), 'function max');
  assert.equal(
    describeValue(() => 1),
    'a function',
  );
});

test('describeValue names containers by kind and size', () => {
  assert.equal(describeValue([]), 'an empty array');
  assert.equal(describeValue([0]), 'an array of 1 item ([0])');
  assert.equal(describeValue([1, 'a']), 'an array of 2 items ([1,"a"])');
  assert.equal(describeValue(new Float32Array(3)), 'a Float32Array of 3 numbers');
  assert.equal(describeValue(new Int8Array(1)), 'an Int8Array of 1 number');
  assert.equal(describeValue({ a: 1 }), '{"a":1}');
  assert.equal(describeValue(Object.create(null)), '{}');
  // What JSON would change or drop is written as in code.
  assert.equal(
    describeValue([NaN, -Infinity, 1n, undefined]),
    'an array of 4 items ([NaN,-Infinity,1n,undefined])',
  );
  assert.equal(describeValue({ f() {}, u: undefined }), '{"f":function f,"u":undefined}');
  assert.equal(
    describeValue([new Float32Array(2), new Map()]),
    'an array of 2 items ([a Float32Array of 2 numbers,a Map])',
  );
  assert.equal(describeValue(new Map()), 'a Map');
  assert.equal(describeValue(new RangeError('no')), 'a RangeError');
  assert.equal(describeValue(new (class EarlyStopping {})()), 'an EarlyStopping');
  assert.equal(describeValue(new DataView(new ArrayBuffer(2))), 'a DataView');

  const tensor = tf.tensor2d([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  try {
    assert.ok(isTensor(tensor));
    assert.equal(describeValue(tensor), 'a tensor of shape [2, 3]');
  } finally {
    tensor.dispose();
  }
  assert.ok(!isTensor({ shape: [2] }));
});

test('describeValue shortens long values and never throws', () => {
  const circular: Record<string, unknown> = { name: 'x' };
  circular.self = circular;
  const cyclicArray: unknown[] = [1];
  cyclicArray.push(cyclicArray);
  const hostile = new Proxy(
    {},
    {
      getPrototypeOf() {
        throw new Error('no');
      },
    },
  );

  assert.equal(describeValue('x'.repeat(100)), `"${'x'.repeat(60)}"… (100 characters)`);
  const firstItems = JSON.stringify(Array.from({ length: 60 }, (_, i) => i)).slice(0, 59);
  assert.equal(
    describeValue(Array.from({ length: 1_000_000 }, (_, i) => i)),
    `an array of 1000000 items (${firstItems}…)`,
  );
  assert.equal(describeValue({ text: 'y'.repeat(100) }).length, 60);
  assert.equal(describeValue(circular), 'an object with keys name, self');
  assert.equal(describeValue(cyclicArray), 'an array of 2 items');
  assert.equal(describeValue(hostile), 'an object');
});

test('quoteText quotes as JSON and says how long a cut text was', () => {
  assert.equal(quoteText('a "b"'), '"a \\"b\\""');
  assert.equal(quoteText('z'.repeat(60)), `"${'z'.repeat(60)}"`);
  assert.equal(quoteText('z'.repeat(61)), `"${'z'.repeat(60)}"… (61 characters)`);
});
