import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { twoMoons, xor } from '../src/scratch/toy-data';

describe('toy data', () => {
  it('xor labels 1 where exactly one coordinate is 1', () => {
    const { x, y } = xor();
    assert.deepEqual(
      y,
      x.map(([a, b]) => (a !== b ? 1 : 0)),
    );
  });

  it('twoMoons without noise puts every point on its arc', () => {
    const { x, y } = twoMoons({ samples: 9, noise: 0 });
    assert.equal(x.length, 9);
    assert.deepEqual(y, [0, 1, 0, 1, 0, 1, 0, 1, 0]);
    x.forEach(([a, b], i) => {
      // Upper arc: the unit circle about (0, 0); lower arc: about (1, 0.5).
      const [cx, cy] = y[i] === 0 ? [0, 0] : [1, 0.5];
      assert.ok(Math.abs(Math.hypot(a - cx, b - cy) - 1) < 1e-12);
      assert.ok(y[i] === 0 ? b >= -1e-12 : b <= 0.5 + 1e-12);
    });
    // The arcs run from end to end: t = 0 and t = π are both taken.
    assert.deepEqual(x[0], [1, 0]);
    assert.ok(Math.abs(x[8][0] + 1) < 1e-12);
  });

  it('twoMoons is seeded: the same seed gives the same points, another seed others', () => {
    assert.deepEqual(twoMoons({ seed: 3 }), twoMoons({ seed: 3 }));
    assert.notDeepEqual(twoMoons({ seed: 3 }).x, twoMoons({ seed: 4 }).x);
    assert.equal(twoMoons().x.length, 200);
  });

  it('twoMoons names bad arguments', () => {
    assert.throws(() => twoMoons({ samples: 0 }), /samples is 0; expected a positive integer/);
    assert.throws(() => twoMoons({ noise: -1 }), /noise is -1; expected a finite number >= 0/);
  });
});
