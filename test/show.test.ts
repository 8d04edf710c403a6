import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE } from './support/hostile';
import vm from 'node:vm';
import { figureHtml, figureSummary, isTslabKernel, resetPlotly, show } from '../src/show';
import { barFigure, rocFigure, type Figure } from '../src/plot';
import { parallelCoordinatesFigure } from '../src/search-plot';

const PLOTLY_BANNER = 'plotly.js v4.1.2';
const PLOTLY_READY = 'dl-workbook:plotly-ready';

const roc = { fpr: [0, 0.5, 1], tpr: [0, 0.8, 1], thresholds: [Infinity, 0.6, 0.2] };
const figure = rocFigure(roc, 0.65);

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

/** A `setTimeout` whose time moves only when told, counting the timers it was given. */
function fakeClock() {
  let now = 0;
  let scheduled = 0;
  const timers: { at: number; run: () => void }[] = [];
  return {
    setTimeout(run: () => void, ms: number) {
      scheduled++;
      timers.push({ at: now + ms, run });
    },
    /** Runs the timers due within `ms`, in order, as time passes. */
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        if (timers.length === 0 || timers[0].at > end) break;
        const next = timers.shift()!;
        now = next.at;
        next.run();
      }
      now = end;
    },
    get pending() {
      return timers.length;
    },
    get scheduled() {
      return scheduled;
    },
  };
}

/** How the stand-in page treats the chart's div. */
interface PageArgs {
  /** plotly.js has loaded before the script runs. Defaults to false. */
  withPlotly?: boolean;
  /** `document.currentScript` is the script, just after the div. Defaults to false. */
  currentScript?: boolean;
  /** The div is in the page. Defaults to true. */
  attached?: boolean;
  /** `getElementById` finds the div while it is attached. Defaults to true. */
  findById?: boolean;
  /** The page has `ResizeObserver`. Defaults to false. */
  resizeObserver?: boolean;
}

/**
 * Runs the drawing script of `html` against a stand-in page holding the div,
 * on a fake clock, returning the figures passed to `Plotly.newPlot` and
 * handles to change the page.
 */
function runDrawScript(html: string, page: PageArgs = {}) {
  const id = /<div id="([^"]+)"/.exec(html)?.[1];
  assert.ok(id, 'no div id');
  const element = { id, textContent: '', isConnected: page.attached ?? true };
  const drawn: { data: unknown; layout: unknown; config: unknown }[] = [];
  const Plotly = {
    newPlot: (el: unknown, data: unknown, layout: unknown, config: unknown) => {
      assert.equal(el, element);
      assert.equal(element.isConnected, true, 'drew into a detached div');
      // Through JSON, to compare plain objects rather than the script context's.
      drawn.push(JSON.parse(JSON.stringify({ data, layout, config })));
    },
  };

  const listeners = new Map<string, Set<() => void>>();
  const window: Record<string, unknown> = {
    addEventListener: (type: string, listener: () => void) => {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(listener);
    },
    removeEventListener: (type: string, listener: () => void) => {
      listeners.get(type)?.delete(listener);
    },
  };
  if (page.withPlotly) window.Plotly = Plotly;
  const document = {
    currentScript: page.currentScript ? { previousElementSibling: element } : null,
    getElementById: (wanted: string) =>
      wanted === id && element.isConnected && (page.findById ?? true) ? element : null,
  };

  const observers = new Set<{ callback: () => void }>();
  class ResizeObserver {
    constructor(public callback: () => void) {}
    observe(target: unknown) {
      assert.equal(target, element);
      observers.add(this);
    }
    disconnect() {
      observers.delete(this);
    }
  }

  const clock = fakeClock();
  const context: Record<string, unknown> = { window, document, setTimeout: clock.setTimeout };
  if (page.resizeObserver) context.ResizeObserver = ResizeObserver;
  vm.runInNewContext(scripts(html).at(-1) ?? '', context);
  return {
    drawn,
    element,
    clock,
    listeners: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
    observers: () => observers.size,
    loadPlotly: () => {
      window.Plotly = Plotly;
      for (const listener of [...(listeners.get(PLOTLY_READY) ?? [])]) listener();
    },
    resize: () => [...observers].forEach((observer) => observer.callback()),
  };
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
    const announce = `window.dispatchEvent(new Event("${PLOTLY_READY}"));`;
    assert.ok(
      scripts(withPlotly)[0].trimEnd().endsWith(announce),
      'plotly.js does not announce that it has loaded',
    );
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
    const { drawn } = runDrawScript(html, { withPlotly: true });
    assert.equal(drawn.length, 1);
    assert.deepEqual(drawn[0].data, hostile.data);
    assert.deepEqual(drawn[0].layout, hostile.layout);
  });

  it('draws once plotly.js turns up later', () => {
    const { drawn, clock, loadPlotly } = runDrawScript(figureHtml(figure));
    clock.advance(50);
    assert.equal(drawn.length, 0);

    loadPlotly();
    clock.advance(300);
    assert.equal(drawn.length, 1);
    assert.deepEqual(drawn[0].data, figure.data);
    assert.equal(clock.pending, 0, 'still polling after drawing');
  });

  it('stops polling after a bounded wait with a hint, and draws when plotly.js loads', () => {
    const page = runDrawScript(figureHtml(figure), { resizeObserver: true });
    page.clock.advance(10 * 60 * 1000);

    assert.equal(page.clock.pending, 0, 'still polling');
    assert.ok(page.clock.scheduled <= 12, `${page.clock.scheduled} polls`);
    assert.match(page.element.textContent, /^Waiting for plotly\.js.*resetPlotly\(\)/);
    assert.equal(page.drawn.length, 0);

    page.loadPlotly();
    assert.equal(page.drawn.length, 1);
    assert.equal(page.element.textContent, '', 'hint left in the chart');
    assert.equal(page.listeners(), 0, 'still listening after drawing');
    assert.equal(page.observers(), 0, 'still observing after drawing');
  });

  it('draws into the div beside it once a detached div is attached again', () => {
    const page = runDrawScript(figureHtml(figure), {
      withPlotly: true,
      currentScript: true,
      attached: false,
      findById: false,
      resizeObserver: true,
    });
    page.clock.advance(60 * 1000);

    assert.equal(page.drawn.length, 0);
    assert.equal(page.clock.pending, 0, 'still polling');
    assert.equal(page.element.textContent, '', 'hint shown though plotly.js is there');

    page.element.isConnected = true;
    page.resize();
    assert.equal(page.drawn.length, 1);
    assert.equal(page.observers(), 0, 'still observing after drawing');
  });

  it('draws a div detached for a moment while it still polls', () => {
    const page = runDrawScript(figureHtml(figure), { withPlotly: true, attached: false });
    page.clock.advance(500);
    assert.equal(page.drawn.length, 0);

    page.element.isConnected = true;
    page.clock.advance(1000);
    assert.equal(page.drawn.length, 1);
  });
});

describe('show', () => {
  it('sends plotly.js with the first chart of a kernel session only', () => {
    const outputs: string[] = [];
    fakeKernel((html) => outputs.push(html));

    show(figure);
    show(figure);
    assert.equal(outputs.length, 2);
    assert.deepEqual(
      outputs.map((html) => count(html, PLOTLY_BANNER)),
      [1, 0],
    );

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

  it('summarises a parallel-coordinates trace by its lines and axes', () => {
    const trials = [0.1, 0.2, 0.3].map((lr, i) => ({
      params: { lr, units: 8 * (i + 1) },
      score: i,
    }));
    const figure = parallelCoordinatesFigure(trials, { objective: 'minimize', scoreName: 'loss' });
    assert.match(figureSummary(figure), /: parcoords, 3 lines across 3 axes$/m);
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

  it('throws for what is not a figure, in a kernel or not, and prints nothing', (t) => {
    const log = t.mock.method(console, 'log', () => {});
    const expected =
      'expected a figure { data: [traces], layout }, as barFigure and the other builders return';

    assert.throws(() => show({} as never), {
      message: `show: figure.data is undefined, ${expected}`,
    });
    assert.throws(() => show(undefined as never), /^Error: show: figure is undefined, expected a/);
    assert.throws(
      () => show([] as never),
      /^Error: show: figure is an empty array, expected a figure/,
    );
    assert.throws(
      () => show({ data: [null], layout: {} } as never),
      /show: figure\.data\[0\] is null, expected a trace object/,
    );
    assert.throws(
      () => show({ data: [{ type: 3 }], layout: {} } as never),
      /show: figure\.data\[0\]\.type is 3, expected a plotly trace type/,
    );
    assert.throws(
      () => show({ data: [], layout: 'wide' } as never),
      /show: figure\.layout is "wide", expected an object or nothing/,
    );

    const outputs: string[] = [];
    fakeKernel((html) => outputs.push(html));
    assert.throws(() => show({} as never), /^Error: show: figure\.data is undefined/);
    assert.equal(outputs.length, 0);
    assert.equal(log.mock.callCount(), 0);
  });

  it('relies on tslab refusing output outside a kernel', () => {
    // What displayHtml guards against: tslab's own display, loaded outside a kernel.
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
    const untitled: Figure = {
      data: [
        {
          type: 'heatmap',
          z: [
            [1, 2],
            [3, 4],
          ],
        },
      ],
      layout: {},
    };
    assert.equal(figureSummary(untitled), 'Figure: (untitled)\n  trace 1: heatmap, 2×2 cells');
  });

  it('reads a hand-made figure as plotly would', () => {
    const handMade = {
      data: [{ y: new Float32Array([1, 2, 3]), name: 7 }],
      layout: { title: { text: 2024 } },
    };
    assert.equal(
      figureSummary(handMade as never),
      'Figure: 2024\n  7: scatter, 3 points',
      'a missing type is a scatter; numbers are text; a typed array is a list of points',
    );
    assert.equal(figureSummary({ data: [] } as never), 'Figure: (untitled)', 'no layout');
    assert.throws(() => figureSummary(null as never), /^Error: figureSummary: figure is null/);
  });
});

describe('figureHtml with awkward figures', () => {
  it('writes typed arrays as plain arrays and a BigInt as its digits', () => {
    const typed: Figure = {
      data: [{ type: 'scatter', x: new Int32Array([1, 2]), y: new Float64Array([0.5, 1.5]) }],
      layout: { count: 3n },
    };
    const figureJson = /var figure = (.*);/.exec(figureHtml(typed))?.[1] ?? '';

    assert.deepEqual(JSON.parse(figureJson), {
      data: [{ type: 'scatter', x: [1, 2], y: [0.5, 1.5] }],
      layout: { count: '3' },
    });
  });

  it('rejects a figure JSON cannot write, and options of the wrong kind', () => {
    const circular: Figure = { data: [], layout: {} };
    circular.layout.self = circular;

    assert.throws(
      () => figureHtml(circular),
      (error: Error) => {
        assert.match(
          error.message,
          /^figureHtml: the figure cannot be written as JSON \(Converting/,
        );
        assert.match(error.message, /\); expected plain data/);
        assert.equal(error.message.includes('\n'), false, 'not one line');
        return true;
      },
    );
    assert.throws(() => figureHtml(figure, null as never), /figureHtml: options is null/);
    assert.throws(
      () => figureHtml(figure, { includePlotly: 'yes' as never }),
      /figureHtml: options\.includePlotly is "yes", expected true or false/,
    );
  });
});

describe('show with a tslab that sends several representations in one output', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>).__tslab__;
    resetPlotly();
  });

  it('sends plotly JSON, HTML and plain text together, plotly.js only in the first', () => {
    const bundles: Record<string, unknown>[] = [];
    const tslab = {
      display: {
        html: () => assert.fail('html() is not used'),
        bundle: (data: Record<string, unknown>) => bundles.push(data),
      },
    };
    (globalThis as Record<string, unknown>).__tslab__ = { require: () => tslab };
    resetPlotly();
    const figure = barFigure(['a', 'b'], [1, 2], { title: 'Two bars', xTitle: 'x', yTitle: 'y' });
    show(figure);
    show(figure);
    assert.equal(bundles.length, 2);
    for (const bundle of bundles) {
      assert.deepEqual(Object.keys(bundle).sort(), [
        'application/vnd.plotly.v1+json',
        'text/html',
        'text/plain',
      ]);
      const plotly = bundle['application/vnd.plotly.v1+json'] as Figure;
      assert.deepEqual(plotly.data, JSON.parse(JSON.stringify(figure.data)));
      assert.match(bundle['text/plain'] as string, /Two bars/);
    }
    assert.match(bundles[0]['text/html'] as string, /data-library="plotly\.js"/);
    assert.doesNotMatch(bundles[1]['text/html'] as string, /data-library="plotly\.js"/);
  });
});
