import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as display from '../src/display';
import * as showModule from '../src/show';
import * as tableModule from '../src/table';

describe('display', () => {
  it('still offers what moved to ./show and ./table', () => {
    const moved = { ...showModule, ...tableModule };

    assert.deepEqual(Object.keys(display).sort(), Object.keys(moved).sort());
    for (const [name, value] of Object.entries(moved)) {
      assert.equal(display[name as keyof typeof display], value, name);
    }
  });
});
