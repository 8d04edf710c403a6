import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE, allStrings } from './support/hostile';
import { assertDrawnWithText, browserSkip, renderFigures } from './support/browser';
import type { Figure, Trace } from '../src/plot';
import { decisionBoundaryFigure, lossSurfaceFigure } from '../src/surface-plot';

type Grid = Trace & { x: number[]; y: number[]; z: number[][] };

describe('decisionBoundaryFigure', () => {
  const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
  const probability = (x1: number, x2: number) => sigmoid(2 * x1 - x2 + 0.5);
  const predict = (points: number[][]) => points.map(([x1, x2]) => probability(x1, x2));
  const x = [
    [0, 0],
    [1, 2],
    [2, -1],
    [4, 3],
  ];
  const y = [0, 0, 1, 1];

  it('draws the probability heatmap, the 0.5 boundary and one scatter per class', () => {
    const figure = decisionBoundaryFigure({ predict, x, y, classNames: ['stays', 'churns'] });

    assert.deepEqual(
      figure.data.map((trace) => [trace.type, trace.name]),
      [
        ['heatmap', 'P(churns)'],
        ['contour', 'decision boundary (P = 0.5)'],
        ['scatter', 'stays'],
        ['scatter', 'churns'],
      ],
    );
    const [heatmap, boundary, stays, churns] = figure.data;
    assert.deepEqual([heatmap.zmin, heatmap.zmax], [0, 1]);
    assert.deepEqual(boundary.contours, { type: 'constraint', operation: '=', value: 0.5 });
    assert.equal(boundary.showlegend, true);
    assert.deepEqual(
      [stays.x, stays.y],
      [
        [0, 1],
        [0, 2],
      ],
    );
    assert.deepEqual(
      [churns.x, churns.y],
      [
        [2, 4],
        [-1, 3],
      ],
    );
  });

  it('evaluates predict once, on a resolution × resolution grid padded around the data', () => {
    const calls: number[][][] = [];
    const figure = decisionBoundaryFigure({
      predict: (points) => {
        calls.push(points);
        return predict(points);
      },
      x,
      y,
      resolution: 5,
      padding: 0.25,
    });
    const heatmap = figure.data[0] as Grid;

    assert.equal(calls.length, 1);
    assert.equal(calls[0].length, 25);
    // x1 spans 0..4 (range 4, padding 1), x2 spans -1..3 (range 4, padding 1).
    assert.deepEqual(heatmap.x, [-1, 0.5, 2, 3.5, 5]);
    assert.deepEqual(heatmap.y, [-2, -0.5, 1, 2.5, 4]);
    assert.equal(heatmap.z.length, 5);
    heatmap.z.forEach((row) => assert.equal(row.length, 5));
    assert.deepEqual(figure.data[1].z, heatmap.z, 'the boundary is drawn on the same grid');
  });

  it('puts the probability at [x[i], y[j]] in z[j][i]', () => {
    const heatmap = decisionBoundaryFigure({ predict, x, y, resolution: 9 }).data[0] as Grid;

    for (const [i, j] of [
      [0, 0],
      [8, 0],
      [0, 8],
      [3, 5],
      [8, 8],
    ]) {
      assert.equal(heatmap.z[j][i], probability(heatmap.x[i], heatmap.y[j]), `z[${j}][${i}]`);
    }
  });

  it('uses 100 grid points per axis and the stated names by default', () => {
    const figure = decisionBoundaryFigure({ predict, x, y });
    const heatmap = figure.data[0] as Grid;

    assert.equal(heatmap.x.length, 100);
    assert.equal(heatmap.z.length, 100);
    assert.deepEqual([figure.data[2].name, figure.data[3].name], ['0', '1']);
    assert.equal((figure.layout.xaxis as { title: { text: string } }).title.text, 'x1');
    assert.equal((figure.layout.yaxis as { title: { text: string } }).title.text, 'x2');
    assert.equal((figure.layout.title as { text: string }).text, 'Decision boundary');
  });

  it('takes a Float32Array from predict, as a tensor gives it', () => {
    const figure = decisionBoundaryFigure({
      predict: (points) => Float32Array.from(predict(points)),
      x,
      y,
      resolution: 3,
    });

    assert.equal((figure.data[0] as Grid).z[1][1], Math.fround(probability(2, 1)));
  });

  it('gives a feature that takes one value a range around it', () => {
    const heatmap = decisionBoundaryFigure({
      predict,
      x: [
        [1, 5],
        [3, 5],
      ],
      y: [0, 1],
      resolution: 3,
    }).data[0] as Grid;

    assert.deepEqual(heatmap.y, [2.5, 5, 7.5]);
  });

  it('shows hostile feature and class names as text', () => {
    const figure = decisionBoundaryFigure({
      predict,
      x,
      y,
      featureNames: [HOSTILE, 'b&c'],
      classNames: ['ok', HOSTILE],
      title: HOSTILE,
      resolution: 3,
    });

    assert.equal(figure.data[3].name, '&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(figure.data[0].name, 'P(&lt;img src=x onerror=alert(1)&gt;)');
    assert.equal((figure.layout.yaxis as { title: { text: string } }).title.text, 'b&amp;c');
    assert.ok(allStrings(figure).every((text) => !text.includes('<img')));
  });

  it('rejects data it cannot draw, naming the argument', () => {
    const args = { predict, x, y, resolution: 3 };

    assert.throws(
      () => decisionBoundaryFigure({ ...args, x: [] }),
      /decisionBoundaryFigure: args\.x is an empty array, expected rows of two feature values/,
    );
    assert.throws(
      () =>
        decisionBoundaryFigure({
          ...args,
          x: [
            [0, 0],
            [1, Number.NaN],
            [2, 2],
            [3, 3],
          ],
        }),
      /args\.x\[1\]\[1\] is NaN, expected a finite number/,
    );
    assert.throws(
      () =>
        decisionBoundaryFigure({
          ...args,
          x: [
            [0, 0, 0],
            [1, 1],
            [2, 2],
            [3, 3],
          ],
        }),
      /args\.x\[0\] is an array of 3 items \(\[0,0,0\]\), expected \[x1, x2\]/,
    );
    assert.throws(
      () => decisionBoundaryFigure({ ...args, y: [0, 1, 1] }),
      /args\.y has 3 labels and args\.x 4 rows, expected as many/,
    );
    assert.throws(
      () => decisionBoundaryFigure({ ...args, y: [0, 1, 2, 1] }),
      /args\.y\[2\] is 2, expected 0 or 1/,
    );
    assert.throws(
      () => decisionBoundaryFigure({ ...args, featureNames: ['a'] as never }),
      /args\.featureNames is an array of 1 item \(\["a"\]\), expected two feature names/,
    );
    assert.throws(
      () => decisionBoundaryFigure(undefined as never),
      /decisionBoundaryFigure: args is undefined, expected \{ predict, x, y \}/,
    );
  });

  it('rejects a resolution below 2 or a padding below 0', () => {
    for (const resolution of [1, 0, 2.5, Number.NaN]) {
      assert.throws(
        () => decisionBoundaryFigure({ predict, x, y, resolution }),
        /args\.resolution is .+, expected an integer from 2 to 500/,
        String(resolution),
      );
    }
    assert.throws(
      () => decisionBoundaryFigure({ predict, x, y, padding: -0.1 }),
      /args\.padding is -0\.1, expected a finite number >= 0/,
    );
  });

  it('rejects a predict that returns the wrong number of values, or not probabilities', () => {
    const args = { x, y, resolution: 3 };
    // What arraySync() of a model with one output unit returns.
    const oneColumn = (points: number[][]) => points.map(() => [0.5]);

    assert.throws(
      () => decisionBoundaryFigure({ ...args, predict: (points) => predict(points).slice(1) }),
      /args\.predict returned 8 values for 9 points, expected one probability of class 1 per point/,
    );
    assert.throws(() => decisionBoundaryFigure({ ...args, predict: oneColumn as never }), {
      message:
        'decisionBoundaryFigure: args.predict returned an array of 1 item ([0.5]) for the ' +
        'point [-0.4, -1.4] (index 0), expected a probability in [0, 1] (for a tensor of ' +
        'shape [n, 1], return dataSync())',
    });
    assert.throws(
      () =>
        decisionBoundaryFigure({
          ...args,
          predict: (points) => points.map((_, i) => (i === 4 ? 1.5 : 0)),
        }),
      /returned 1\.5 for the point \[2, 1\] \(index 4\), expected a probability in \[0, 1\]/,
    );
    assert.throws(
      () => decisionBoundaryFigure({ ...args, predict: () => 0.5 as never }),
      /args\.predict returned 0\.5, expected an array of 9 probabilities/,
    );
    assert.throws(
      () => decisionBoundaryFigure({ ...args, predict: 'model' as never }),
      /args\.predict is "model", expected a function/,
    );
  });
});

describe('lossSurfaceFigure', () => {
  const loss = (w1: number, w2: number) => w1 ** 2 + 10 * w2 ** 2 + 1;
  const w1Range: [number, number] = [-2, 2];
  const w2Range: [number, number] = [-1, 3];

  it('draws the loss as a contour over the ranges, z[j][i] at [w1s[i], w2s[j]]', () => {
    const figure = lossSurfaceFigure({ loss, w1Range, w2Range, resolution: 5 });
    const contour = figure.data[0] as Grid;

    assert.equal(figure.data.length, 1);
    assert.deepEqual([contour.type, contour.name], ['contour', 'loss']);
    assert.deepEqual(contour.x, [-2, -1, 0, 1, 2]);
    assert.deepEqual(contour.y, [-1, 0, 1, 2, 3]);
    for (const [i, j] of [
      [0, 0],
      [4, 0],
      [2, 3],
      [4, 4],
    ]) {
      assert.equal(contour.z[j][i], loss(contour.x[i], contour.y[j]), `z[${j}][${i}]`);
    }
    assert.deepEqual((figure.layout.xaxis as { range: number[] }).range, w1Range);
  });

  it('uses 80 grid points per axis and axis titles w1 and w2 by default', () => {
    const figure = lossSurfaceFigure({ loss, w1Range, w2Range });
    const contour = figure.data[0] as Grid;

    assert.equal(contour.x.length, 80);
    assert.equal(contour.z.length, 80);
    assert.equal(contour.x[79], 2, 'the grid ends on the range');
    assert.equal((figure.layout.xaxis as { title: { text: string } }).title.text, 'w1');
    assert.equal((figure.layout.yaxis as { title: { text: string } }).title.text, 'w2');
    const custom = lossSurfaceFigure({ loss, w1Range, w2Range, w1Title: 'slope', w2Title: 'bias' });
    assert.equal((custom.layout.yaxis as { title: { text: string } }).title.text, 'bias');
  });

  it('draws one line per path, marked at its start and end', () => {
    const paths = [
      {
        name: 'SGD',
        points: [
          [-2, 2],
          [-1.6, -1.6],
          [-1.28, 1.28],
        ] as [number, number][],
      },
      { name: 'Adam', points: [[1.5, 2.5]] as [number, number][] },
    ];
    const figure = lossSurfaceFigure({ loss, w1Range, w2Range, resolution: 3, paths });

    assert.deepEqual(
      figure.data.map((trace) => [trace.type, trace.name, trace.mode]),
      [
        ['contour', 'loss', undefined],
        ['scatter', 'SGD', 'lines+markers'],
        ['scatter', 'Adam', 'lines+markers'],
      ],
    );
    const sgd = figure.data[1] as Trace & { marker: { symbol: string[] } };
    assert.deepEqual(
      [sgd.x, sgd.y],
      [
        [-2, -1.6, -1.28],
        [2, -1.6, 1.28],
      ],
    );
    assert.deepEqual(sgd.marker.symbol, ['square', 'circle', 'star']);
    assert.deepEqual(sgd.text, ['start', 'step 1', 'step 2, end']);
    assert.ok(
      figure.data.slice(1).every((path) => path.showlegend),
      'even a lone path is named',
    );
    const title = figure.layout.title as { subtitle: { text: string } };
    assert.match(title.subtitle.text, /start.*end/);
  });

  it('with logScale draws log10 of the loss, the colour bar labelled in loss values', () => {
    const figure = lossSurfaceFigure({ loss, w1Range, w2Range, resolution: 5, logScale: true });
    const contour = figure.data[0] as Grid & {
      colorbar: { tickvals: number[]; ticktext: string[] };
    };

    assert.equal(contour.name, 'loss (log scale)');
    assert.equal(contour.z[2][2], Math.log10(loss(0, 1)));
    assert.equal(contour.z[0][0], Math.log10(loss(-2, -1)));
    // The loss runs from 1 at (0, 0) to 95 at (±2, 3): log10 from 0 to 1.98.
    assert.deepEqual(contour.colorbar.tickvals, [0, 1]);
    assert.deepEqual(contour.colorbar.ticktext, ['1', '10']);
  });

  it('with equalAxes draws w2 to the scale of w1, keeping both ranges', () => {
    const plain = lossSurfaceFigure({ loss, w1Range, w2Range, resolution: 3 });
    const equal = lossSurfaceFigure({ loss, w1Range, w2Range, resolution: 3, equalAxes: true });
    type Axis = { scaleanchor?: string; scaleratio?: number; constrain?: string; range: number[] };
    const [xaxis, yaxis] = [equal.layout.xaxis as Axis, equal.layout.yaxis as Axis];

    assert.equal((plain.layout.yaxis as Axis).scaleanchor, undefined);
    assert.deepEqual([yaxis.scaleanchor, yaxis.scaleratio], ['x', 1]);
    // The plot area shrinks to fit; the ranges stay as asked.
    assert.deepEqual([xaxis.constrain, yaxis.constrain], ['domain', 'domain']);
    assert.deepEqual(yaxis.range, w2Range);
    assert.deepEqual(xaxis.range, w1Range);
    assert.throws(
      () => lossSurfaceFigure({ loss, w1Range, w2Range, equalAxes: 'yes' as never }),
      /lossSurfaceFigure: args\.equalAxes is "yes", expected true or false/,
    );
  });

  it('shows a hostile path name and axis titles as text', () => {
    const figure = lossSurfaceFigure({
      loss,
      w1Range,
      w2Range,
      resolution: 3,
      paths: [{ name: HOSTILE, points: [[0, 0]] }],
      w1Title: HOSTILE,
      title: HOSTILE,
    });

    assert.equal(figure.data[1].name, '&lt;img src=x onerror=alert(1)&gt;');
    assert.ok(allStrings(figure).every((text) => !text.includes('<img')));
  });

  it('rejects ranges with lo >= hi, or that are not two finite numbers', () => {
    const bad: unknown[] = [[1, 1], [2, -2], [0, Number.NaN], [0], 'wide'];
    for (const range of bad) {
      assert.throws(
        () => lossSurfaceFigure({ loss, w1Range, w2Range: range as never }),
        /lossSurfaceFigure: args\.w2Range is .+, expected \[lo, hi\], finite numbers with lo < hi/,
        String(range),
      );
    }
    assert.throws(
      () => lossSurfaceFigure({ loss, w1Range: [3, 1], w2Range }),
      /args\.w1Range is an array of 2 items \(\[3,1\]\)/,
    );
  });

  it('rejects a resolution below 2', () => {
    assert.throws(
      () => lossSurfaceFigure({ loss, w1Range, w2Range, resolution: 1 }),
      /lossSurfaceFigure: args\.resolution is 1, expected an integer from 2 to 500/,
    );
  });

  it('names the grid point where the loss is not finite, or not > 0 on a log scale', () => {
    const args = { w1Range, w2Range, resolution: 3 };

    assert.throws(
      () => lossSurfaceFigure({ ...args, loss: (w1) => (w1 > 0 ? Number.NaN : 1) }),
      /lossSurfaceFigure: args\.loss\(2, -1\) is NaN, expected a finite number/,
    );
    assert.throws(
      () => lossSurfaceFigure({ ...args, loss: (w1) => w1 ** 2, logScale: true }),
      /^Error: lossSurfaceFigure: args\.loss\(0, -1\) is 0; logScale needs a loss > 0 at/,
    );
    assert.equal(
      lossSurfaceFigure({ ...args, loss: (w1) => w1 ** 2 }).data.length,
      1,
      'a loss of 0 is fine on a linear scale',
    );
    assert.throws(
      () => lossSurfaceFigure({ loss: () => '1' as never, w1Range, w2Range, resolution: 3 }),
      /args\.loss\(-2, -1\) is "1", expected a finite number/,
    );
  });

  it('rejects paths that are not named lists of points', () => {
    const args = { loss, w1Range, w2Range, resolution: 3 };

    assert.throws(
      () => lossSurfaceFigure({ ...args, paths: [{ name: 'SGD', points: [] }] }),
      /args\.paths\[0\]\.points is an empty array, expected \[w1, w2\] points, at least one/,
    );
    assert.throws(
      () =>
        lossSurfaceFigure({
          ...args,
          paths: [
            {
              name: 'SGD',
              points: [
                [0, 0],
                [Number.NaN, 1],
              ],
            },
          ],
        }),
      /args\.paths\[0\]\.points\[1\] is an array of 2 items \(\[NaN,1\]\), expected \[w1, w2\]/,
    );
    assert.throws(
      () => lossSurfaceFigure({ ...args, paths: [{ points: [[0, 0]] }] as never }),
      /args\.paths\[0\]\.name is undefined, expected a string/,
    );
    assert.throws(
      () => lossSurfaceFigure({ ...args, loss: undefined as never }),
      /args\.loss is undefined, expected a function \(w1, w2\) => loss/,
    );
  });
});

describe('surface figures in Chromium', () => {
  const title = 'show hostile names as written, every trace drawn, and run no script';
  it(title, { skip: browserSkip }, async () => {
    const figures = [
      decisionBoundaryFigure({
        predict: (points) => points.map(([x1, x2]) => 1 / (1 + Math.exp(-x1 - x2))),
        x: [
          [0, 0],
          [1, 1],
          [-1, 2],
        ],
        y: [0, 1, 1],
        featureNames: [HOSTILE, 'b&c'],
        classNames: [HOSTILE, 'ok'],
        title: HOSTILE,
        resolution: 20,
      }),
      lossSurfaceFigure({
        loss: (w1, w2) => w1 ** 2 + 4 * w2 ** 2 + 0.1,
        w1Range: [-1, 1],
        w2Range: [-1, 1],
        resolution: 20,
        logScale: true,
        equalAxes: true,
        paths: [
          {
            name: HOSTILE,
            points: [
              [0.8, 0.8],
              [0.6, -0.4],
              [0.4, 0.2],
            ],
          },
        ],
        w1Title: HOSTILE,
        title: HOSTILE,
      }),
    ];
    const report = await renderFigures(figures);

    assertDrawnWithText(report, 2, HOSTILE);
    assert.ok(report.plots[0].text.includes('b&c'), 'the feature name on the axis');
    assert.ok(report.plots[0].text.includes('decision boundary (P = 0.5)'), 'the legend');
  });
});
