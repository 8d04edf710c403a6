import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE, allStrings } from './support/hostile';
import { assertDrawnWithText, browserSkip, renderFigures } from './support/browser';
import {
  parallelCoordinatesFigure,
  parameterScoreFigure,
  searchHistoryFigure,
  type SearchTrial,
} from '../src/search-plot';

/** Trials 3 (failed) and 5 (pruned) have no score to plot. */
const TRIALS: SearchTrial[] = [
  { params: { lr: 0.1, units: 16, optimizer: 'sgd' }, score: 0.7 },
  { params: { lr: 0.01, units: 32, optimizer: 'adam' }, score: 0.8 },
  { params: { lr: 1, units: 32, optimizer: 'sgd' }, score: Number.NaN, state: 'failed' },
  { params: { lr: 0.001, units: 64, optimizer: 'adam' }, score: 0.75, state: 'complete' },
  { params: { lr: 0.01, units: 8, optimizer: 'rmsprop' }, score: 0.6, state: 'pruned' },
  { params: { lr: 0.003, units: 8, optimizer: 'rmsprop' }, score: 0.85 },
  { params: { lr: 0.03, units: 16, optimizer: 'adam' }, score: 0.65 },
];
const MAXIMIZE = { objective: 'maximize', scoreName: 'val_accuracy' } as const;
const MINIMIZE = { objective: 'minimize', scoreName: 'val_loss' } as const;

function subtitle(layout: { title?: unknown }): string {
  return (layout.title as { subtitle: { text: string } }).subtitle.text;
}

describe('searchHistoryFigure', () => {
  it('draws the score of each complete trial at its number, and the best so far', () => {
    const figure = searchHistoryFigure(TRIALS, MAXIMIZE);
    const [scores, best] = figure.data;

    assert.deepEqual(
      figure.data.map((trace) => [trace.type, trace.mode, trace.name]),
      [
        ['scatter', 'markers', 'val_accuracy'],
        ['scatter', 'lines', 'best so far'],
      ],
    );
    assert.deepEqual(scores.x, [1, 2, 4, 6, 7], 'failed and pruned trials are left out');
    assert.deepEqual(scores.y, [0.7, 0.8, 0.75, 0.85, 0.65]);
    assert.deepEqual(best.x, [1, 2, 4, 6, 7]);
    assert.deepEqual(best.y, [0.7, 0.8, 0.8, 0.85, 0.85]);
    assert.equal((best.line as { shape: string }).shape, 'hv');
  });

  it('takes the lowest score as the best when minimizing', () => {
    const figure = searchHistoryFigure(TRIALS, MINIMIZE);

    assert.equal(figure.data[0].name, 'val_loss');
    assert.deepEqual(figure.data[1].y, [0.7, 0.7, 0.7, 0.7, 0.65]);
    assert.equal(
      subtitle(figure.layout),
      '7 trials, 1 failed, 1 pruned · best val_loss 0.65 (trial 7)',
    );
  });

  it('counts every trial in the subtitle and names the best', () => {
    const figure = searchHistoryFigure(TRIALS, MAXIMIZE);

    assert.equal(
      subtitle(figure.layout),
      '7 trials, 1 failed, 1 pruned · best val_accuracy 0.85 (trial 6)',
    );
    assert.equal((figure.layout.title as { text: string }).text, 'Search history');
    const one = searchHistoryFigure([{ params: { lr: 0.1 }, score: 0.5 }], MAXIMIZE);
    assert.equal(subtitle(one.layout), '1 trial · best val_accuracy 0.5 (trial 1)');
  });

  it('spans the x axis over all trials, in whole trials', () => {
    const xaxis = searchHistoryFigure(TRIALS, MAXIMIZE).layout.xaxis as Record<string, unknown>;

    assert.deepEqual(xaxis.range, [0.5, 7.5]);
    assert.equal(xaxis.dtick, 1);
    assert.equal((xaxis.title as { text: string }).text, 'trial');
  });

  it('lists the parameters of each trial in its hover text', () => {
    const scores = searchHistoryFigure(TRIALS, MAXIMIZE).data[0];

    assert.equal(
      (scores.text as string[])[2],
      'trial 4<br>lr 0.001<br>units 64<br>optimizer adam<br>val_accuracy 0.75',
    );
  });
});

describe('parameterScoreFigure', () => {
  it('draws one subplot per parameter against the score', () => {
    const figure = parameterScoreFigure(TRIALS, MAXIMIZE);

    assert.deepEqual(
      figure.data.map((trace) => [trace.type, trace.name, trace.xaxis, trace.yaxis]),
      [
        ['scatter', 'lr', 'x', 'y'],
        ['scatter', 'units', 'x2', 'y2'],
        ['scatter', 'optimizer', 'x3', 'y3'],
      ],
    );
    for (const trace of figure.data) assert.deepEqual(trace.y, [0.7, 0.8, 0.75, 0.85, 0.65]);
    assert.deepEqual(figure.data[1].x, [16, 32, 64, 8, 16]);
    const titles = ['xaxis', 'xaxis2', 'xaxis3'].map(
      (key) => (figure.layout[key] as { title: { text: string } }).title.text,
    );
    assert.deepEqual(titles, ['lr', 'units', 'optimizer']);
    assert.equal((figure.layout.yaxis2 as { matches: string }).matches, 'y', 'one score axis');
    const domains = ['xaxis', 'xaxis2', 'xaxis3'].map(
      (key) => (figure.layout[key] as { domain: number[] }).domain,
    );
    assert.ok(domains[0][1] < domains[1][0] && domains[1][1] < domains[2][0], 'subplots overlap');
  });

  it('puts categorical parameters on a category axis, choices sorted', () => {
    const figure = parameterScoreFigure(TRIALS, MAXIMIZE);
    const xaxis = figure.layout.xaxis3 as Record<string, unknown>;

    assert.equal(xaxis.type, 'category');
    assert.deepEqual(xaxis.categoryarray, ['adam', 'rmsprop', 'sgd']);
    assert.deepEqual(figure.data[2].x, ['sgd', 'adam', 'adam', 'rmsprop', 'adam']);
  });

  it('draws the parameters in logParams on a log axis, ticks written in full', () => {
    const figure = parameterScoreFigure(TRIALS, { ...MAXIMIZE, logParams: ['lr'] });
    const xaxis = figure.layout.xaxis as Record<string, unknown>;

    assert.equal(xaxis.type, 'log');
    // A third of the chart's width has room for the powers of ten only.
    assert.deepEqual(xaxis.ticktext, ['0.001', '0.01', '0.1']);
    assert.equal((figure.layout.xaxis2 as { type?: string }).type, undefined, 'units stays linear');

    const lrOnly = TRIALS.map((trial) => ({ ...trial, params: { lr: trial.params.lr } }));
    const wide = parameterScoreFigure(lrOnly, { ...MAXIMIZE, logParams: ['lr'] });
    assert.deepEqual(
      (wide.layout.xaxis as { ticktext: string[] }).ticktext,
      ['0.001', '0.002', '0.005', '0.01', '0.02', '0.05', '0.1'],
      'the whole width has room for 2 and 5 times each power too',
    );
  });

  it('gives a parameter that kept one value its one tick, not ticks around it', () => {
    const fixed = TRIALS.map((trial) => ({ ...trial, params: { ...trial.params, batch: 32 } }));
    const figure = parameterScoreFigure(fixed, { ...MAXIMIZE, logParams: ['batch'] });
    const batch = Object.entries(figure.layout)
      .filter(([key]) => key.startsWith('xaxis'))
      .map(([, axis]) => axis as Record<string, unknown>)
      .find((axis) => (axis.title as { text: string }).text === 'batch')!;

    assert.deepEqual([batch.type, batch.tickvals, batch.ticktext], ['log', [32], ['32']]);
  });

  it('marks the best trial, by the objective', () => {
    const colors = (objective: 'maximize' | 'minimize') => {
      const figure = parameterScoreFigure(TRIALS, { objective, scoreName: 'score' });
      return (figure.data[0].marker as { color: string[] }).color;
    };

    const maximize = colors('maximize');
    assert.equal(new Set(maximize).size, 2);
    assert.deepEqual(
      maximize.map((color) => color === maximize[3]),
      [false, false, false, true, false],
    );
    const minimize = colors('minimize');
    assert.deepEqual(
      minimize.map((color) => color === minimize[4]),
      [false, false, false, false, true],
    );
  });

  it('wraps more than three parameters into rows', () => {
    const trials = [
      { params: { a: 1, b: 2, c: 3, d: 4 }, score: 1 },
      { params: { a: 2, b: 3, c: 4, d: 5 }, score: 2 },
    ];
    const figure = parameterScoreFigure(trials, MAXIMIZE);
    const top = (key: string) => (figure.layout[key] as { domain: number[] }).domain;

    assert.equal(figure.data.length, 4);
    assert.deepEqual(top('xaxis4'), top('xaxis'), 'the fourth under the first');
    assert.ok(top('yaxis4')[1] < top('yaxis')[0], 'rows overlap');
  });
});

describe('parallelCoordinatesFigure', () => {
  it('draws one parcoords trace with a dimension per parameter and one for the score', () => {
    const figure = parallelCoordinatesFigure(TRIALS, MAXIMIZE);
    const [trace] = figure.data;
    const dimensions = trace.dimensions as { label: string; values: number[] }[];

    assert.equal(figure.data.length, 1);
    assert.equal(trace.type, 'parcoords');
    assert.deepEqual(
      dimensions.map((dimension) => dimension.label),
      ['lr', 'units', 'optimizer', 'val_accuracy'],
    );
    assert.deepEqual(dimensions[1].values, [16, 32, 64, 8, 16]);
    assert.deepEqual(dimensions[3].values, [0.7, 0.8, 0.75, 0.85, 0.65]);
    const line = trace.line as { color: number[]; reversescale: boolean };
    assert.deepEqual(line.color, [0.7, 0.8, 0.75, 0.85, 0.65]);
    assert.equal(line.reversescale, false);
    assert.equal(subtitle(figure.layout), subtitle(searchHistoryFigure(TRIALS, MAXIMIZE).layout));
  });

  it('maps categorical values to integer ticks labelled with the choices', () => {
    const trace = parallelCoordinatesFigure(TRIALS, MAXIMIZE).data[0];
    const optimizer = (trace.dimensions as Record<string, unknown>[])[2];

    assert.deepEqual(optimizer.values, [2, 0, 0, 1, 0]);
    assert.deepEqual(optimizer.tickvals, [0, 1, 2]);
    assert.deepEqual(optimizer.ticktext, ['adam', 'rmsprop', 'sgd']);
    assert.deepEqual(optimizer.range, [0, 2]);
  });

  it('draws a parameter in logParams as its log10, labelled in its values', () => {
    const trace = parallelCoordinatesFigure(TRIALS, { ...MINIMIZE, logParams: ['lr'] }).data[0];
    type Dimension = { values: number[]; tickvals: number[]; ticktext: string[]; range: number[] };
    const lr = (trace.dimensions as Dimension[])[0];

    assert.deepEqual(lr.values, [0.1, 0.01, 0.001, 0.003, 0.03].map(Math.log10));
    assert.deepEqual(lr.ticktext, ['0.001', '0.002', '0.005', '0.01', '0.02', '0.05', '0.1']);
    assert.deepEqual(lr.tickvals, [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1].map(Math.log10));
    assert.deepEqual(lr.range, [-3, -1], 'from round value to round value');

    // Complete trials of 8 to 31 units: the axis widens to the round values around them.
    const inBetween = TRIALS.map((trial, i) => ({
      ...trial,
      params: { units: [8, 30, 1, 12, 1, 16, 31][i] },
    }));
    const units = (
      parallelCoordinatesFigure(inBetween, { ...MINIMIZE, logParams: ['units'] }).data[0]
        .dimensions as Dimension[]
    )[0];
    assert.deepEqual(units.ticktext, ['5', '10', '20', '50']);
    assert.deepEqual(units.range, [Math.log10(5), Math.log10(50)]);
    assert.equal((trace.line as { reversescale: boolean }).reversescale, true, 'minimize');
  });

  it('reads numbers among strings as choices too', () => {
    const trials = [
      { params: { activation: 'relu' }, score: 1 },
      { params: { activation: 10 }, score: 2 },
      { params: { activation: 2 }, score: 3 },
    ];
    const trace = parallelCoordinatesFigure(trials, MAXIMIZE).data[0];
    const activation = (trace.dimensions as Record<string, unknown>[])[0];

    assert.deepEqual(activation.ticktext, ['2', '10', 'relu']);
    assert.deepEqual(activation.values, [2, 1, 0]);
  });
});

describe('search figures and text from data', () => {
  it('show a hostile parameter name, choice and score name as text', () => {
    const trials = [
      { params: { [HOSTILE]: HOSTILE, lr: 0.1 }, score: 1 },
      { params: { [HOSTILE]: 'b&c', lr: 0.2 }, score: 2 },
    ];
    const args = { objective: 'maximize', scoreName: HOSTILE, title: HOSTILE } as const;
    const escaped = '&lt;img src=x onerror=alert(1)&gt;';

    for (const build of [searchHistoryFigure, parameterScoreFigure, parallelCoordinatesFigure]) {
      const figure = build(trials, args);
      // Parcoords tick labels are the exception: plotly writes them as plain text.
      const markup = JSON.parse(JSON.stringify(figure), (key, value: unknown) =>
        key === 'ticktext' && figure.data[0].type === 'parcoords' ? undefined : value,
      ) as unknown;
      assert.ok(
        allStrings(markup).every((text) => !text.includes('<img')),
        `${build.name} keeps raw markup`,
      );
      assert.equal((figure.layout.title as { text: string }).text, escaped);
    }
    const scatter = parameterScoreFigure(trials, args).data[0];
    assert.equal(scatter.name, escaped);
    assert.deepEqual(scatter.x, [escaped, 'b&amp;c']);
    const dimensions = parallelCoordinatesFigure(trials, args).data[0].dimensions as {
      label: string;
      ticktext?: string[];
    }[];
    assert.equal(dimensions[0].label, escaped);
    assert.deepEqual(dimensions[0].ticktext, [HOSTILE, 'b&c']);
    assert.equal(dimensions[2].label, escaped);
  });

  const title = 'in Chromium show them as written, every trace drawn, and run no script';
  it(title, { skip: browserSkip }, async () => {
    const trials = [
      { params: { [HOSTILE]: HOSTILE, lr: 0.1 }, score: 1 },
      { params: { [HOSTILE]: 'b&c', lr: 0.2 }, score: 2 },
      { params: { [HOSTILE]: 'b&c', lr: 0.3 }, score: 0, state: 'failed' as const },
    ];
    const args = { objective: 'maximize', scoreName: HOSTILE, title: HOSTILE } as const;
    const figures = [searchHistoryFigure, parameterScoreFigure, parallelCoordinatesFigure].map(
      (build) => build(trials, args),
    );
    const report = await renderFigures(figures);

    assertDrawnWithText(report, 3, HOSTILE);
    assert.ok(report.plots[2].text.includes('b&c'), 'the parcoords tick label');
  });
});

describe('search figures reject what they cannot draw, naming the argument', () => {
  const builders = [searchHistoryFigure, parameterScoreFigure, parallelCoordinatesFigure];

  it('an empty or missing list of trials', () => {
    for (const build of builders) {
      assert.throws(
        () => build([], MAXIMIZE),
        new RegExp(`^Error: ${build.name}: trials is an empty array, expected an array of `),
      );
      assert.throws(() => build(undefined as never, MAXIMIZE), /trials is undefined/);
    }
  });

  it('trials without a complete one', () => {
    const trials: SearchTrial[] = [
      { params: { lr: 0.1 }, score: Number.NaN, state: 'failed' },
      { params: { lr: 0.2 }, score: 0.5, state: 'pruned' },
    ];

    assert.throws(
      () => searchHistoryFigure(trials, MAXIMIZE),
      /trials has no complete trial \(2 trials, 1 failed, 1 pruned\), expected at least one/,
    );
  });

  it('a complete trial whose score or parameter is not finite', () => {
    assert.throws(
      () => searchHistoryFigure([TRIALS[0], { params: { lr: 0.1 }, score: Number.NaN }], MAXIMIZE),
      {
        message:
          'searchHistoryFigure: trials[1].score is NaN, expected a finite number ' +
          "(mark a trial without a score state: 'failed')",
      },
    );
    assert.throws(
      () => parameterScoreFigure([{ params: { lr: Number.NaN }, score: 1 }], MAXIMIZE),
      /parameterScoreFigure: trials\[0\]\.params\["lr"\] is NaN, expected a finite number or a/,
    );
    assert.throws(
      () => parameterScoreFigure([{ params: { on: true }, score: 1 }] as never, MAXIMIZE),
      /trials\[0\]\.params\["on"\] is true/,
    );
  });

  it('trials of the wrong shape, and unknown states', () => {
    assert.throws(
      () => searchHistoryFigure([null] as never, MAXIMIZE),
      /trials\[0\] is null, expected \{ params, score, state \}/,
    );
    assert.throws(
      () => searchHistoryFigure([{ score: 1 }] as never, MAXIMIZE),
      /trials\[0\]\.params is undefined, expected an object of parameter values/,
    );
    assert.throws(
      () => searchHistoryFigure([{ params: {}, score: 1, state: 'done' }] as never, MAXIMIZE),
      /trials\[0\]\.state is "done", expected 'complete', 'failed' or 'pruned'/,
    );
  });

  it('complete trials with different parameters', () => {
    const trials: SearchTrial[] = [
      { params: { lr: 0.1, units: 8 }, score: 1 },
      { params: { lr: 0.2 }, score: 2 },
    ];

    assert.throws(
      () => parallelCoordinatesFigure(trials, MAXIMIZE),
      /trials\[1\]\.params has no "units", which trials\[0\] has; expected the same parameters/,
    );
  });

  it('an objective, score name or logParams it does not know', () => {
    assert.throws(
      () => searchHistoryFigure(TRIALS, { objective: 'max', scoreName: 's' } as never),
      /searchHistoryFigure: args\.objective is "max", expected 'maximize' or 'minimize'/,
    );
    assert.throws(
      () => searchHistoryFigure(TRIALS, { objective: 'maximize' } as never),
      /args\.scoreName is undefined, expected a string/,
    );
    assert.throws(
      () => searchHistoryFigure(TRIALS, undefined as never),
      /searchHistoryFigure: args is undefined, expected \{ objective, scoreName \}/,
    );
    assert.throws(
      () => parameterScoreFigure(TRIALS, { ...MAXIMIZE, logParams: ['learningRate'] }),
      /args\.logParams\[0\] is "learningRate", expected one of the parameters: "lr", "units", "opt/,
    );
    assert.throws(
      () => parameterScoreFigure(TRIALS, { ...MAXIMIZE, logParams: ['optimizer'] }),
      /args\.logParams names "optimizer", which has string values; expected a numeric parameter/,
    );
    assert.throws(
      () =>
        parallelCoordinatesFigure(
          [
            { params: { lr: 0.1 }, score: 1 },
            { params: { lr: 0 }, score: 2 },
          ],
          { ...MAXIMIZE, logParams: ['lr'] },
        ),
      /args\.logParams names "lr", but trials\[1\] has 0; expected values > 0 on a log axis/,
    );
    assert.throws(
      () => parameterScoreFigure(TRIALS, { ...MAXIMIZE, logParams: 'lr' as never }),
      /args\.logParams is "lr", expected an array of parameter names/,
    );
  });
});
