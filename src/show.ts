/**
 * Charts in notebooks: `show` draws a plotly figure as one output of the
 * current tslab cell. Outside a kernel (a script, a test) it prints a short
 * text summary instead, so library code can call it anywhere.
 *
 * plotly.js (4.8 MB) is inlined into the first chart of a kernel session
 * only, and announces itself with an event when it has loaded. Every chart's
 * script waits for `window.Plotly`, so charts rendered before the library
 * still appear: JupyterLab renders outputs lazily, and its windowed notebooks
 * detach off-screen cells. The same outputs work in nbconvert's static HTML,
 * which keeps `text/html` outputs with their scripts.
 */
import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import { describeValue } from './check';
import { displayBundle, displayHtml, isTslabKernel, type MimeBundle } from './kernel';
import type { Figure, Trace } from './plot';
import { unescapePlotlyText } from './text';

export { isTslabKernel } from './kernel';

/** Options for `figureHtml`. */
export interface FigureHtmlArgs {
  /** Inline plotly.js before the chart; needed once per page. Defaults to false. */
  includePlotly?: boolean;
}

/**
 * Draws `figure` as one HTML output of the current cell. Outside a tslab
 * kernel it prints the figure's title and traces instead. It throws, naming
 * what it got, for a value that is not a figure (an object whose `data` is an
 * array of trace objects), in a kernel or not, so that a script finds the
 * mistake a notebook would; in a kernel also for a figure that JSON cannot
 * write (see `figureHtml`).
 */
export function show(figure: Figure): void {
  checkFigure('show', figure);
  if (isTslabKernel()) {
    const includePlotly = !plotlySent();
    if (displayBundle(figureBundle(figure, { includePlotly }))) {
      if (includePlotly) setPlotlySent(true);
      return;
    }
  }
  console.log(figureSummary(figure));
}

/**
 * A figure as one notebook output: plotly's own JSON (which JupyterLab draws
 * natively where its plotly extension is installed), the HTML of
 * `figureHtml` (the classic Notebook, nbconvert's pages, JupyterLab without
 * the extension) and a plain-text summary (terminals, text-only viewers).
 */
export function figureBundle(figure: Figure, options: FigureHtmlArgs = {}): MimeBundle {
  const html = figureHtml(figure, options);
  return {
    'application/vnd.plotly.v1+json': JSON.parse(figureJson('figureBundle', figure)) as unknown,
    'text/html': html,
    'text/plain': figureSummary(figure),
  };
}

/**
 * Sends plotly.js as an output of its own, unless an earlier chart of this
 * kernel session carried it. For displays that redraw many times (live
 * training progress), which should not resend 4.8 MB with every redraw.
 */
export function ensurePlotly(): void {
  if (plotlySent() || !isTslabKernel()) return;
  if (displayHtml(plotlyLibraryHtml())) setPlotlySent(true);
}

/**
 * Forgets that plotly.js was sent, so that the next `show` inlines it again.
 * Call it after clearing all outputs, or after re-running the cell whose
 * chart carried plotly.js, without restarting the kernel: otherwise the page
 * (and the saved notebook) has no copy and later charts wait for it forever.
 */
export function resetPlotly(): void {
  setPlotlySent(false);
}

/**
 * The HTML behind `show`: a div with a fresh id and a script that draws
 * `figure` into it once `window.Plotly` exists, preceded by plotly.js itself
 * if `includePlotly` is set. The figure JSON cannot end the script early,
 * whatever text it holds. Typed arrays (from `dataSync()`, say) are written
 * as plain arrays, which plotly reads as data; a BigInt as its digits. Throws
 * for a value that is not a figure, as `show` does, and for one that JSON
 * cannot write, such as one that contains itself.
 */
export function figureHtml(figure: Figure, options: FigureHtmlArgs = {}): string {
  checkFigure('figureHtml', figure);
  if (options === null || typeof options !== 'object') {
    throw new Error(
      `figureHtml: options is ${describeValue(options)}, expected { includePlotly } or nothing`,
    );
  }
  const { includePlotly = false } = options;
  if (typeof includePlotly !== 'boolean') {
    throw new Error(
      `figureHtml: options.includePlotly is ${describeValue(includePlotly)}, ` +
        'expected true or false',
    );
  }
  const id = `dl-workbook-plot-${randomBytes(8).toString('hex')}`;
  const parts: string[] = [];
  if (includePlotly) parts.push(plotlyLibraryHtml());
  parts.push(`<div id="${id}" class="dl-workbook-plot"></div>`);
  parts.push(`<script>\n${drawScript(id, figure)}\n</script>`);
  return parts.join('\n');
}

/** plotly.js inlined, announcing itself to charts drawn before it arrived. */
function plotlyLibraryHtml(): string {
  // The leading semicolon ends plotly's last statement whatever its form.
  const announce = `;window.dispatchEvent(new Event(${JSON.stringify(PLOTLY_READY_EVENT)}));`;
  return `<script data-library="plotly.js">\n${plotlySource()}\n${announce}\n</script>`;
}

/**
 * The plain-text stand-in for a figure: its title and one line per trace.
 * Throws for a value that is not a figure, as `show` does.
 */
export function figureSummary(figure: Figure): string {
  checkFigure('figureSummary', figure);
  const title = figureTitle(figure);
  const lines = [`Figure: ${title === '' ? '(untitled)' : title}`];
  figure.data.forEach((trace, i) => {
    const name =
      trace.name === undefined ? `trace ${i + 1}` : unescapePlotlyText(String(trace.name));
    // Plotly draws a trace without a type as a scatter.
    lines.push(`  ${name}: ${trace.type ?? 'scatter'}, ${traceSize(trace)}`);
  });
  return lines.join('\n');
}

/** The window event that inlined plotly.js fires once `window.Plotly` is set. */
const PLOTLY_READY_EVENT = 'dl-workbook:plotly-ready';

/** How long a chart polls for plotly.js and its div before it waits for events only. */
const POLL_MS = 3000;

const WAITING_HINT =
  'Waiting for plotly.js, which the first chart of the kernel session carries; ' +
  'this chart draws when it loads. If that output is gone, run resetPlotly() ' +
  'and re-run this cell.';

const PLOTLY_SENT = Symbol.for('dl-workbook.display.plotlySent');

/** plotly.js, read once per process and only when first needed. */
let plotlyCache: string | undefined;

/**
 * The "plotly.js was sent" flag lives on `globalThis`, not in this module:
 * tslab re-runs an edited local module, which would reset a module variable
 * and inline the 4.8 MB library again.
 */
function plotlySent(): boolean {
  return (globalThis as Record<symbol, unknown>)[PLOTLY_SENT] === true;
}

function setPlotlySent(sent: boolean): void {
  (globalThis as Record<symbol, unknown>)[PLOTLY_SENT] = sent;
}

/**
 * plotly.js, made safe to inline: a `</script` anywhere in it would end the
 * element early, so it becomes `<\/script`, which reads the same in JS
 * strings, regexes and comments. Version 4.1.2 has none; this guards updates.
 */
function plotlySource(): string {
  if (plotlyCache === undefined) {
    const source = readFileSync(require.resolve('plotly.js-dist-min'), 'utf8');
    plotlyCache = source.replace(/<\/(script)/gi, '<\\/$1');
  }
  return plotlyCache;
}

/**
 * The script that draws `figure` into the div `id` once plotly.js has loaded
 * and the div is in the page.
 *
 * It takes the div as the element just before itself while it runs, because
 * a windowed JupyterLab notebook may detach the cell later, and
 * `getElementById` cannot find a detached div (the id is the fallback, for
 * pages that run scripts elsewhere). A detached div is not drawn into:
 * plotly would size the chart without a layout to measure.
 *
 * It polls with backoff for `POLL_MS` only. If it could not draw by then, it
 * shows a hint while plotly.js is missing and draws on events instead: the
 * one inlined plotly.js fires when it loads (its output may be rendered
 * later, say when scrolled into view), and a `ResizeObserver` on the div,
 * which fires when a detached div is attached again.
 */
function drawScript(id: string, figure: Figure): string {
  const config = { responsive: true, displaylogo: false };
  return `(function () {
  var id = ${JSON.stringify(id)};
  var figure = ${scriptJson(figure)};
  var config = ${scriptJson(config)};
  var readyEvent = ${JSON.stringify(PLOTLY_READY_EVENT)};
  var script = document.currentScript;
  var sibling = script && script.previousElementSibling;
  var div = sibling && sibling.id === id ? sibling : null;
  var drawn = false, observer = null, waited = 0, delay = 20;
  function draw() {
    div = div || document.getElementById(id);
    if (drawn || !div || !window.Plotly || div.isConnected === false) return drawn;
    drawn = true;
    window.removeEventListener(readyEvent, draw);
    if (observer) observer.disconnect();
    div.textContent = "";
    window.Plotly.newPlot(div, figure.data, figure.layout, config);
    return true;
  }
  function waitForEvents() {
    if (div && !window.Plotly) div.textContent = ${JSON.stringify(WAITING_HINT)};
    window.addEventListener(readyEvent, draw);
    if (div && typeof ResizeObserver === "function") {
      observer = new ResizeObserver(draw);
      observer.observe(div);
    }
  }
  function poll() {
    if (draw()) return;
    if (waited >= ${POLL_MS}) return waitForEvents();
    waited += delay;
    setTimeout(poll, delay);
    delay = Math.min(delay * 2, 1000);
  }
  poll();
})();`;
}

/**
 * Throws unless `figure` looks like a plotly figure: an object whose `data`
 * is an array of trace objects, each with a string `type` if it has one,
 * and whose `layout`, if given, is an object. The message names `caller`
 * and says what was found instead.
 */
function checkFigure(caller: string, figure: unknown): asserts figure is Figure {
  const expected =
    'expected a figure { data: [traces], layout }, as barFigure and the other builders return';
  if (figure === null || typeof figure !== 'object' || Array.isArray(figure)) {
    throw new Error(`${caller}: figure is ${describeValue(figure)}, ${expected}`);
  }
  const { data, layout } = figure as Partial<Figure>;
  if (!Array.isArray(data)) {
    throw new Error(`${caller}: figure.data is ${describeValue(data)}, ${expected}`);
  }
  data.forEach((trace: unknown, i) => {
    if (trace === null || typeof trace !== 'object' || Array.isArray(trace)) {
      throw new Error(
        `${caller}: figure.data[${i}] is ${describeValue(trace)}, expected a trace object ` +
          "such as { type: 'scatter', x, y }",
      );
    }
    const { type } = trace as Partial<Trace>;
    if (type !== undefined && typeof type !== 'string') {
      throw new Error(
        `${caller}: figure.data[${i}].type is ${describeValue(type)}, ` +
          "expected a plotly trace type such as 'scatter'",
      );
    }
  });
  if (layout !== undefined && (layout === null || typeof layout !== 'object')) {
    throw new Error(
      `${caller}: figure.layout is ${describeValue(layout)}, expected an object or nothing`,
    );
  }
}

/**
 * JSON for a <script>: `<`, `>` and `&` become \u escapes (so `</script>`
 * or `<!--` in a string cannot end or change the element), as do U+2028 and
 * U+2029, which older JS engines reject in string literals.
 */
function scriptJson(value: unknown): string {
  return figureJson('figureHtml', value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `value` as JSON, typed arrays as plain arrays and BigInts as digits; throws, naming `caller`, for a cycle. */
function figureJson(caller: string, value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value, (_, item: unknown) => {
      if (typeof item === 'bigint') return item.toString();
      if (ArrayBuffer.isView(item) && !(item instanceof DataView)) {
        return Array.from(item as unknown as ArrayLike<unknown>, (x) =>
          typeof x === 'bigint' ? x.toString() : x,
        );
      }
      return item;
    });
  } catch (error) {
    // JSON's message on a circular object goes on to draw the cycle over several lines.
    const reason = String((error as Error).message).split('\n')[0];
    throw new Error(
      `${caller}: the figure cannot be written as JSON (${reason}); ` +
        'expected plain data: numbers, strings, arrays and objects that do not contain themselves',
    );
  }
  return json;
}

function figureTitle(figure: Figure): string {
  const title: unknown = figure.layout?.title;
  const text =
    title !== null && typeof title === 'object' ? (title as { text?: unknown }).text : title;
  return text === undefined || text === null ? '' : unescapePlotlyText(String(text));
}

/** Describes how much a trace holds: lines across axes, cells of a matrix, else points. */
function traceSize(trace: Trace): string {
  const dimensions = trace.dimensions;
  if (trace.type === 'parcoords' && isList(dimensions)) {
    const first = (dimensions[0] as { values?: unknown } | undefined)?.values;
    const lines = isList(first) ? first.length : 0;
    return `${lines} ${lines === 1 ? 'line' : 'lines'} across ${dimensions.length} axes`;
  }
  const z = trace.z;
  if (isList(z) && isList(z[0])) return `${z.length}×${z[0].length} cells`;
  const values = isList(trace.y) ? trace.y : isList(trace.x) ? trace.x : [];
  return `${values.length} ${values.length === 1 ? 'point' : 'points'}`;
}

/** Whether plotly reads `value` as a list of data: an array or a typed array. */
function isList(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}
