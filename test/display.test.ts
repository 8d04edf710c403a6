import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { DataFrame } from 'danfojs-node';
import {
  figureHtml,
  figureSummary,
  isTslabKernel,
  resetPlotly,
  show,
  showTable,
  tableHtml,
  tableText,
} from '../src/display';
import { barFigure, rocFigure, type Figure } from '../src/plot';

const HOSTILE = '<img src=x onerror=alert(1)>';
const PLOTLY_BANNER = 'plotly.js v4.1.2';

const figure = rocFigure({ fpr: [0, 0.5, 1], tpr: [0, 0.8, 1] }, 0.65);

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** Pretends to be the tslab kernel: the hook it sets on globalThis, with a display. */
function fakeKernel(html: (s: string) => void): void {
  const tslab = { display: { html } };
  (globalThis as Record<string, unknown>).__tslab__ = {
    require: (id: string) => {
      if (id !== 'tslab') throw new Error(`unexpected require(${id})`);
      return tslab;
    },
  };
}

/** The scripts of an HTML fragment, as the browser's parser would cut them out. */
function scripts(html: string): string[] {
  return [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/gi)].map((match) => match[1]);
}

/**
 * Runs the drawing script of `html` against a stub page holding the div,
 * returning the figures passed to `Plotly.newPlot` and a way to load plotly.
 */
function runDrawScript(html: string, withPlotly: boolean) {
  const id = /<div id="([^"]+)"/.exec(html)?.[1];
  assert.ok(id, 'no div id');
  const element = { id, textContent: '' };
  const drawn: { data: unknown; layout: unknown; config: unknown }[] = [];
  const Plotly = {
    newPlot: (el: unknown, data: unknown, layout: unknown, config: unknown) => {
      assert.equal(el, element);
      // Through JSON, to compare plain objects rather than the script context's.
      drawn.push(JSON.parse(JSON.stringify({ data, layout, config })));
    },
  };
  const window: { Plotly?: typeof Plotly } = withPlotly ? { Plotly } : {};
  const document = { getElementById: (wanted: string) => (wanted === id ? element : null) };
  const drawScript = scripts(html).at(-1) ?? '';
  vm.runInNewContext(drawScript, { window, document, setTimeout });
  return { drawn, element, loadPlotly: () => (window.Plotly = Plotly) };
}

beforeEach(() => resetPlotly());
afterEach(() => {
  delete (globalThis as Record<string, unknown>).__tslab__;
  resetPlotly();
});

describe('figureHtml', () => {
  it('gives every chart its own div id', () => {
    const ids = [figureHtml(figure), figureHtml(figure)].map(
      (html) => /<div id="([^"]+)"/.exec(html)?.[1],
    );

    assert.ok(ids[0]);
    assert.notEqual(ids[0], ids[1]);
  });

  it('inlines plotly.js only when asked, in its own script before the chart', () => {
    const withPlotly = figureHtml(figure, { includePlotly: true });
    const without = figureHtml(figure);

    assert.equal(count(withPlotly, PLOTLY_BANNER), 1);
    assert.equal(count(without, PLOTLY_BANNER), 0);
    assert.equal(scripts(withPlotly).length, 2);
    assert.equal(count(withPlotly.toLowerCase(), '</script'), 2, 'plotly.js ends its script early');
    assert.ok(scripts(withPlotly)[0].includes(PLOTLY_BANNER));
  });

  it('embeds text holding </script> without ending the script', () => {
    const hostile = barFigure(['</script><script>alert(1)</script>', '<!--'], [1, 2], {
      title: '</SCRIPT> & U+2028 \u2028 end',
      xTitle: HOSTILE,
      yTitle: 'n',
    });
    const html = figureHtml(hostile);

    assert.equal(count(html.toLowerCase(), '</script'), 1);
    assert.equal(count(html, '<!--'), 0);
    const { drawn } = runDrawScript(html, true);
    assert.equal(drawn.length, 1);
    assert.deepEqual(drawn[0].data, hostile.data);
    assert.deepEqual(drawn[0].layout, hostile.layout);
  });

  it('draws once plotly.js turns up later', async () => {
    const { drawn, loadPlotly } = runDrawScript(figureHtml(figure), false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(drawn.length, 0);

    loadPlotly();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(drawn.length, 1);
    assert.deepEqual(drawn[0].data, figure.data);
  });
});

describe('show', () => {
  it('sends plotly.js with the first chart of a kernel session only', () => {
    const outputs: string[] = [];
    fakeKernel((html) => outputs.push(html));

    show(figure);
    show(figure);
    assert.equal(outputs.length, 2);
    assert.deepEqual(outputs.map((html) => count(html, PLOTLY_BANNER)), [1, 0]);

    resetPlotly();
    show(figure);
    assert.equal(count(outputs[2], PLOTLY_BANNER), 1, 'resetPlotly did not resend plotly.js');
  });

  it('prints a summary outside a kernel, with text as written', (t) => {
    const log = t.mock.method(console, 'log', () => {});
    const hostile = barFigure([HOSTILE], [3], { title: HOSTILE, xTitle: 'x', yTitle: 'count' });

    assert.equal(isTslabKernel(), false);
    show(hostile);
    assert.equal(log.mock.callCount(), 1);
    assert.equal(log.mock.calls[0].arguments[0], `Figure: ${HOSTILE}\n  count: bar, 1 point`);
  });

  it('prints the summary, and sends plotly.js later, when the kernel refuses the output', (t) => {
    const log = t.mock.method(console, 'log', () => {});
    fakeKernel(() => {
      throw new Error('Not ready');
    });
    show(figure);
    assert.equal(log.mock.callCount(), 1);

    const outputs: string[] = [];
    fakeKernel((html) => outputs.push(html));
    show(figure);
    assert.equal(count(outputs[0], PLOTLY_BANNER), 1);
  });

  it('relies on tslab refusing output outside a kernel', () => {
    // What sendHtml guards against: tslab's own display, loaded outside a kernel.
    const tslab = require('tslab') as { display: { html(s: string): void } };
    assert.throws(() => tslab.display.html('<p>hi</p>'), /Not ready/);
  });
});

describe('figureSummary', () => {
  it('names the title and each trace with its size', () => {
    assert.equal(
      figureSummary(figure),
      [
        'Figure: ROC curve',
        '  model (AUC = 0.650): scatter, 3 points',
        '  chance (AUC = 0.5): scatter, 2 points',
      ].join('\n'),
    );
    const untitled: Figure = { data: [{ type: 'heatmap', z: [[1, 2], [3, 4]] }], layout: {} };
    assert.equal(figureSummary(untitled), 'Figure: (untitled)\n  trace 1: heatmap, 2×2 cells');
  });
});

describe('showTable', () => {
  const rows = [
    { [HOSTILE]: 'a<b', value: 1 / 3, count: 1200 },
    { [HOSTILE]: 'c', value: 123456.789, count: 7, extra: null },
  ];

  it('escapes headers and cells and rounds numbers', () => {
    const html = tableHtml(rows, { title: 'T & <b>' });

    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('<th>&lt;img src=x onerror=alert(1)&gt;</th>'));
    assert.ok(html.includes('<caption>T &amp; &lt;b&gt;</caption>'));
    assert.ok(html.includes('>a&lt;b</td>'));
    assert.ok(html.includes('>0.3333</td>'));
    assert.ok(html.includes('>123457</td>'));
    assert.ok(html.includes('>1200</td>'));
    assert.equal(count(html, '<th>'), 4, 'expected the four columns and no row labels');
  });

  it('keeps the first and last rows of a long table', () => {
    const long = Array.from({ length: 100 }, (_, i) => ({ i }));
    const html = tableHtml(long, { maxRows: 4 });

    assert.equal(count(html, '<tr>'), 1 + 4 + 1, 'header, four rows and the ellipsis');
    assert.ok(html.includes('<th>99</th>'));
    assert.ok(html.includes('100 rows, 96 not shown'));
  });

  it('shows a danfo.js DataFrame with its row labels when they mean something', () => {
    const frame = new DataFrame({ age: [30, 40, 50], [HOSTILE]: [1.5, 2.5, 3.5] });
    const plain = tableHtml(frame);
    const described = tableHtml(frame.describe());

    assert.ok(!plain.includes('<img'));
    assert.equal(count(plain, '<tr>'), 4);
    assert.ok(!plain.includes('<th>0</th>'), 'default labels 0, 1, 2 shown');
    assert.ok(described.includes('<th>mean</th>'));
    assert.ok(described.includes('>2.5</td>'));
  });

  it('prints aligned text outside a kernel', (t) => {
    const log = t.mock.method(console, 'log', () => {});
    showTable([
      { name: 'a', loss: 0.5 },
      { name: 'bbbb', loss: 12.25 },
    ]);

    assert.equal(log.mock.callCount(), 1);
    assert.equal(
      log.mock.calls[0].arguments[0],
      ['name   loss', '----  -----', 'a       0.5', 'bbbb  12.25'].join('\n'),
    );
    assert.equal(tableText([], { title: 'none' }), 'none\n(empty table)');
  });

  it('rejects what is neither rows nor a DataFrame', () => {
    assert.throws(
      () => tableHtml({} as never),
      /expected an array of rows or a danfo\.js DataFrame/,
    );
    assert.throws(() => tableHtml(rows, { digits: 0 }), /options\.digits is 0/);
  });
});
