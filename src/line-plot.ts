/**
 * The general line chart: several named series against one x axis, for
 * functions and their derivatives, losses against steps or time, gradient
 * sizes per layer. Same look as the other figures.
 */
import { describeValue } from './check';
import { PALETTE, axisStyle, baseLayout, checkText, type Figure, type Trace } from './plot';
import { escapePlotlyText } from './text';

/** One line of a `lineFigure`. */
export interface LineSeries {
  /** Legend name. */
  name: string;
  /** Values, one per x (or per own `x`, when given). Non-finite values leave a gap. */
  y: ArrayLike<number>;
  /** This series' own x values. Defaults to the figure's `x`. */
  x?: ArrayLike<number>;
  /** Draw dashed. Defaults to false. */
  dashed?: boolean;
  /** Show a marker at each point. Defaults to false. */
  markers?: boolean;
}

/** Options of `lineFigure`. */
export interface LineFigureArgs {
  /** Title above the chart. Required. */
  title: string;
  /** x values shared by the series that have none of their own. Defaults to 1, 2, 3, ... */
  x?: ArrayLike<number>;
  /** Title of the x axis. Defaults to "x". */
  xTitle?: string;
  /** Title of the y axis. Defaults to "y". */
  yTitle?: string;
  /** A logarithmic y axis (for values spanning orders of magnitude). Defaults to false. */
  logY?: boolean;
  /** A logarithmic x axis. Defaults to false. */
  logX?: boolean;
}

/**
 * Plots `series` as lines against x.
 *
 * @example
 * const x = Array.from({ length: 81 }, (_, i) => -4 + i / 10);
 * show(lineFigure([{ name: 'sigmoid', y: x.map((v) => 1 / (1 + Math.exp(-v))) }], { title: 'Sigmoid', x }));
 */
export function lineFigure(series: readonly LineSeries[], args: LineFigureArgs): Figure {
  if (!Array.isArray(series) || series.length === 0) {
    throw new Error(
      `lineFigure: series is ${describeValue(series)}, expected at least one { name, y }`,
    );
  }
  if (args === null || typeof args !== 'object') {
    throw new Error(`lineFigure: args is ${describeValue(args)}, expected { title, ... }`);
  }
  const { title, xTitle = 'x', yTitle = 'y', logY = false, logX = false } = args;
  checkText('lineFigure', 'args.title', title);
  checkText('lineFigure', 'args.xTitle', xTitle);
  checkText('lineFigure', 'args.yTitle', yTitle);

  const data: Trace[] = series.map((line, i) => {
    const where = `lineFigure: series[${i}]`;
    if (line === null || typeof line !== 'object')
      throw new Error(`${where} is ${describeValue(line)}, expected { name, y }`);
    checkText('lineFigure', `series[${i}].name`, line.name);
    const y = Array.from(line.y ?? [], Number);
    if (y.length === 0)
      throw new Error(`${where}.y is ${describeValue(line.y)}, expected one or more numbers`);
    const x = line.x ?? args.x;
    const xs = x === undefined ? y.map((_, k) => k + 1) : Array.from(x, Number);
    if (xs.length !== y.length) {
      throw new Error(
        `${where} has ${y.length} y values but ${xs.length} x values; expected as many`,
      );
    }
    return {
      type: 'scatter',
      mode: line.markers ? 'lines+markers' : 'lines',
      name: escapePlotlyText(line.name),
      x: xs,
      // null leaves a gap where plotly would draw NaN or Infinity as a jump.
      y: y.map((v) => (Number.isFinite(v) ? v : null)),
      line: { color: PALETTE[i % PALETTE.length], width: 2, dash: line.dashed ? 'dash' : 'solid' },
    };
  });

  const layout = baseLayout(title);
  layout.xaxis = { ...axisStyle(xTitle), ...(logX ? logAxis(data.flatMap((t) => t.x)) : {}) };
  layout.yaxis = { ...axisStyle(yTitle), ...(logY ? logAxis(data.flatMap((t) => t.y)) : {}) };
  layout.showlegend = series.length > 1;
  return { data, layout };
}

/**
 * A log axis written 10⁻⁵ rather than plotly's 10µ. Over two decades or more
 * it has one tick per power of ten; over less, that would leave one or two
 * ticks, so it ticks at 1, 2 and 5 times each power of ten (20, 50, 100, ...).
 */
function logAxis(values: readonly unknown[]): Record<string, unknown> {
  const positive = values.filter((v): v is number => typeof v === 'number' && v > 0);
  if (positive.length === 0) return { type: 'log', exponentformat: 'power' };
  const [low, high] = [Math.min(...positive), Math.max(...positive)];
  if (high / low >= 100) return { type: 'log', dtick: 1, exponentformat: 'power' };
  const tickvals: number[] = [];
  for (let power = Math.floor(Math.log10(low)); power <= Math.ceil(Math.log10(high)); power++) {
    // toPrecision drops float noise such as 0.30000000000000004.
    for (const step of [1, 2, 5]) tickvals.push(Number((step * 10 ** power).toPrecision(12)));
  }
  return { type: 'log', tickvals, exponentformat: 'none' };
}
