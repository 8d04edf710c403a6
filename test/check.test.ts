import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requirePositiveInteger, requirePositiveNumber, verify } from '../src/check';

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
  assert.throws(() => requirePositiveInteger('epochs', NaN), /epochs is NaN; expected a positive integer/);
  assert.throws(() => requirePositiveNumber('rate', Infinity), /rate is Infinity; expected a finite number > 0/);
  assert.throws(() => requirePositiveNumber('rate', 0), /rate is 0; expected a finite number > 0/);
});
