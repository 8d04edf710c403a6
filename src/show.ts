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
import { displayHtml, isTslabKernel } from './kernel';
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
 * kernel it prints the figure's title and traces instead, and never throws.
 */
export function show(figure: Figure): void {
  if (isTslabKernel()) {
    const includePlotly = !plotlySent();
    if (displayHtml(figureHtml(figure, { includePlotly }))) {
      if (includePlotly) setPlotlySent(true);
      return;
    }
  }
  console.log(figureSummary(figure));
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
 * whatever text it holds.
 */
export function figureHtml(figure: Figure, options: FigureHtmlArgs = {}): string {
  const { includePlotly = false } = options;
  const id = `dl-workbook-plot-${randomBytes(8).toString('hex')}`;
  const parts: string[] = [];
  if (includePlotly) {
    // The leading semicolon ends plotly's last statement whatever its form.
    const announce = `;window.dispatchEvent(new Event(${JSON.stringify(PLOTLY_READY_EVENT)}));`;
    parts.push(`<script data-library="plotly.js">\n${plotlySource()}\n${announce}\n</script>`);
  }
  parts.push(`<div id="${id}" class="dl-workbook-plot"></div>`);
  parts.push(`<script>\n${drawScript(id, figure)}\n</script>`);
  return parts.join('\n');
}

/** The plain-text stand-in for a figure: its title and one line per trace. */
export function figureSummary(figure: Figure): string {
  const title = figureTitle(figure);
  const lines = [`Figure: ${title === '' ? '(untitled)' : title}`];
  figure.data.forEach((trace, i) => {
    const name = trace.name === undefined ? `trace ${i + 1}` : unescapePlotlyText(trace.name);
    lines.push(`  ${name}: ${trace.type}, ${traceSize(trace)}`);
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
 * JSON for a <script>: `<`, `>` and `&` become \u escapes (so `</script>`
 * or `<!--` in a string cannot end or change the element), as do U+2028 and
 * U+2029, which older JS engines reject in string literals.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function figureTitle(figure: Figure): string {
  const title = figure.layout.title;
  const text = typeof title === 'string' ? title : title?.text;
  return text === undefined ? '' : unescapePlotlyText(text);
}

/** Describes how much a trace holds: cells of a matrix, else points. */
function traceSize(trace: Trace): string {
  const z = trace.z;
  if (Array.isArray(z) && Array.isArray(z[0])) {
    return `${z.length}×${(z[0] as unknown[]).length} cells`;
  }
  const values = Array.isArray(trace.y) ? trace.y : Array.isArray(trace.x) ? trace.x : [];
  return `${values.length} ${values.length === 1 ? 'point' : 'points'}`;
}
