import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineFigure } from '../src/line-plot';

test('one trace per series, shared or own x, gaps for non-finite values', () => {
  const figure = lineFigure(
    [
      { name: 'f', y: [1, 4, 9] },
      { name: "f'", y: [2, NaN, 6], dashed: true },
      { name: 'own x', y: [0, 1], x: [10, 20], markers: true },
    ],
    { title: 'Squares', x: [1, 2, 3], xTitle: 'w', yTitle: 'J(w)', logY: true },
  );
  assert.equal(figure.data.length, 3);
  assert.deepEqual(
    figure.data.map((t) => t.name),
    ['f', "f'", 'own x'],
  );
  assert.deepEqual(figure.data[0].x, [1, 2, 3]);
  assert.deepEqual(figure.data[1].y, [2, null, 6]);
  assert.equal((figure.data[1].line as { dash: string }).dash, 'dash');
  assert.deepEqual(figure.data[2].x, [10, 20]);
  assert.equal(figure.data[2].mode, 'lines+markers');
  assert.equal((figure.layout.yaxis as { type?: string }).type, 'log');
  assert.equal(figure.layout.showlegend, true);
});

test('x defaults to 1, 2, 3 and names are escaped', () => {
  const figure = lineFigure([{ name: '<img src=x onerror=alert(1)>', y: [5, 6] }], { title: 't' });
  assert.deepEqual(figure.data[0].x, [1, 2]);
  assert.doesNotMatch(String(figure.data[0].name), /<img/);
  assert.equal(figure.layout.showlegend, false);
});

test('bad input names the argument', () => {
  assert.throws(
    () => lineFigure([], { title: 't' }),
    /lineFigure: series is an empty array, expected at least one/,
  );
  assert.throws(
    () => lineFigure([{ name: 'a', y: [1, 2] }], { title: 't', x: [1] }),
    /series\[0\] has 2 y values but 1 x values/,
  );
  assert.throws(
    () => lineFigure([{ name: 'a', y: [] }], { title: 't' }),
    /series\[0\]\.y is an empty array/,
  );
  assert.throws(
    () => lineFigure([{ name: 'a', y: [1] }], { title: 3 as never }),
    /args\.title is 3, expected a string/,
  );
});

test('a log axis ticks every power of ten over two decades or more, and finer below', () => {
  const wide = lineFigure([{ name: 'loss', y: [1, 0.1, 0.001] }], { title: 't', logY: true });
  assert.deepEqual(wide.layout.yaxis, {
    ...(wide.layout.yaxis as object),
    type: 'log',
    dtick: 1,
    exponentformat: 'power',
  });

  const narrow = lineFigure([{ name: 'loss', y: [0.2, 0.1] }], {
    title: 't',
    x: [15, 341],
    logX: true,
  });
  const axis = narrow.layout.xaxis as { type?: string; dtick?: number; tickvals?: number[] };
  assert.equal(axis.type, 'log');
  assert.equal(axis.dtick, undefined);
  assert.deepEqual(axis.tickvals, [10, 20, 50, 100, 200, 500, 1000, 2000, 5000]);
});
