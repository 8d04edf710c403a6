/**
 * Figures of a function over a plane: the decision boundary of a classifier
 * with two features, and a loss surface with the paths optimizers took
 * across it. Both evaluate the function on a regular grid and return plain
 * plotly JSON, like the builders in `./plot`; they call the function they are
 * given and nothing else, so a tfjs model enters only through the caller's
 * `predict`.
 */
import { describeValue } from './check';
import { PALETTE, axisStyle, baseLayout, checkText } from './plot';
import type { Figure, Trace } from './plot';
import { escapePlotlyText, formatNumber } from './text';

/** Options for `decisionBoundaryFigure`. */
export interface DecisionBoundaryFigureArgs {
  /**
   * The model: the probability of class 1 for each `[x1, x2]` point, in the
   * order given, as numbers in [0, 1]. It is called once, with every grid
   * point. For a tfjs model, for example:
   * `(points) => tf.tidy(() => (model.predict(tf.tensor2d(points)) as tf.Tensor).dataSync())`.
   */
  predict: (points: number[][]) => ArrayLike<number>;
  /** The examples to draw, one row of two feature values each. */
  x: readonly (readonly number[])[];
  /** The label of each row of `x`, 0 or 1. */
  y: readonly number[];
  /** Names of the two features, for the axes. Defaults to `["x1", "x2"]`. */
  featureNames?: readonly [string, string];
  /**
   * Names of label 0 and label 1, for the legend and the colour bar; a name
   * may be a number, written with `String`. Defaults to `["0", "1"]`.
   */
  classNames?: readonly [string | number, string | number];
  /** Grid points per axis, from 2 to 500. Defaults to 100. */
  resolution?: number;
  /**
   * Room added around the data on each side, as a fraction of its range per
   * feature. Defaults to 0.1.
   */
  padding?: number;
  /** Title above the chart. Defaults to "Decision boundary". */
  title?: string;
}

/** One optimizer's trajectory for `lossSurfaceFigure`. */
export interface LossPath {
  /** Its name in the legend, such as "SGD, learning rate 0.1". */
  name: string;
  /** The `[w1, w2]` points it visited, the start first. At least one. */
  points: readonly (readonly [number, number])[];
}

/** Options for `lossSurfaceFigure`. */
export interface LossSurfaceFigureArgs {
  /** The loss at a point of the plane; must be finite everywhere on the grid. */
  loss: (w1: number, w2: number) => number;
  /** The interval of w1 to draw, `[lo, hi]` with `lo < hi`. */
  w1Range: readonly [number, number];
  /** The interval of w2 to draw, `[lo, hi]` with `lo < hi`. */
  w2Range: readonly [number, number];
  /** Grid points per axis, from 2 to 500. Defaults to 80. */
  resolution?: number;
  /**
   * Optimizer trajectories, each drawn as a line with a marker per step, a
   * square at its start and a star at its end. Parts outside the ranges are
   * cut off. Defaults to none.
   */
  paths?: readonly LossPath[];
  /**
   * Draw the contours of log10(loss) rather than the loss, which resolves
   * long flat valleys whose floor a linear scale paints in one colour. The
   * loss must then be > 0 on the whole grid. Defaults to false.
   */
  logScale?: boolean;
  /**
   * Draw both axes to the same scale, one unit as long on w2 as on w1, so
   * that round contours look round and a step at 45° looks it. The plot
   * area then shrinks along one axis to fit. Defaults to false (each axis
   * fills the plot area).
   */
  equalAxes?: boolean;
  /** Title of the horizontal axis. Defaults to "w1". */
  w1Title?: string;
  /** Title of the vertical axis. Defaults to "w2". */
  w2Title?: string;
  /** Title above the chart. Defaults to "Loss surface". */
  title?: string;
}

/** The most grid points per axis: 500 × 500 values already make a page of several MB. */
const MAX_RESOLUTION = 500;

/** Probability 0 in a light tint of class 0's colour, 0.5 white, 1 in class 1's tint. */
const PROBABILITY_COLORSCALE = [
  [0, '#a6cde6'],
  [0.5, '#ffffff'],
  [1, '#f5d08a'],
];

/** Light where the loss is low, so that paths stay visible where they end. */
const LOSS_COLORSCALE = [
  [0, '#ffffe0'],
  [0.35, '#a1dab4'],
  [0.7, '#41b6c4'],
  [1, '#253494'],
];

/** The subtitle's font, as in the search figures of `./search-plot`. */
const SUBTITLE_FONT = { size: 13, color: '#555' };

/** Path colours that stand out on both ends of `LOSS_COLORSCALE`. */
const PATH_COLORS = [PALETTE[3], PALETTE[4], '#000000', PALETTE[1], PALETTE[2]];

/**
 * Draws the probability a two-feature binary classifier gives class 1 over
 * the plane around the data, as a heatmap from 0 to 1, with the 0.5 level
 * marked as the decision boundary, and the examples on top, one trace per
 * class named by its class name.
 *
 * The grid spans each feature's range widened by `padding` on both sides;
 * `predict` receives its points row by row, x2 outer and x1 inner, and the
 * heatmap's `z[j][i]` is the probability at `[xs[i], ys[j]]`. Throws, naming
 * the argument, for rows that are not two finite numbers, labels that are not
 * 0 or 1, and a `predict` that returns the wrong number of values or values
 * outside [0, 1].
 */
export function decisionBoundaryFigure(args: DecisionBoundaryFigureArgs): Figure {
  const caller = 'decisionBoundaryFigure';
  checkArgs(caller, args, '{ predict, x, y }');
  const {
    predict,
    x,
    y,
    featureNames = ['x1', 'x2'],
    classNames = ['0', '1'],
    resolution = 100,
    padding = 0.1,
    title = 'Decision boundary',
  } = args;
  checkText(caller, 'args.title', title);
  if (typeof predict !== 'function') {
    throw new Error(
      `${caller}: args.predict is ${describeValue(predict)}, expected a function from ` +
        '[x1, x2] points to probabilities of class 1',
    );
  }
  checkRows(x);
  checkLabels(y, x.length);
  const features = checkPair(caller, 'args.featureNames', featureNames, 'feature');
  const classes = checkPair(caller, 'args.classNames', classNames, 'class');
  checkResolution(caller, resolution);
  if (typeof padding !== 'number' || !Number.isFinite(padding) || padding < 0) {
    throw new Error(
      `${caller}: args.padding is ${describeValue(padding)}, expected a finite number >= 0`,
    );
  }

  const xs = gridAxis(
    paddedRange(
      x.map((row) => row[0]),
      padding,
    ),
    resolution,
  );
  const ys = gridAxis(
    paddedRange(
      x.map((row) => row[1]),
      padding,
    ),
    resolution,
  );
  const points = ys.flatMap((w2) => xs.map((w1) => [w1, w2]));
  const probabilities = checkPredictions(predict(points), points);
  const z = ys.map((_, j) => xs.map((_, i) => probabilities[j * xs.length + i]));

  const [name0, name1] = classes.map(escapePlotlyText);
  const [feature1, feature2] = features.map(escapePlotlyText);
  const probabilityName = `P(${name1})`;
  const heatmap: Trace = {
    type: 'heatmap',
    name: probabilityName,
    x: xs,
    y: ys,
    z,
    zmin: 0,
    zmax: 1,
    colorscale: PROBABILITY_COLORSCALE,
    colorbar: {
      title: { text: probabilityName, side: 'right' },
      tickvals: [0, 0.25, 0.5, 0.75, 1],
      outlinewidth: 0,
      thickness: 14,
    },
    hovertemplate:
      `${feature1} %{x:.3g}<br>${feature2} %{y:.3g}<br>${probabilityName} %{z:.3f}` +
      '<extra></extra>',
  };
  const boundary: Trace = {
    type: 'contour',
    name: 'decision boundary (P = 0.5)',
    x: xs,
    y: ys,
    z,
    contours: { type: 'constraint', operation: '=', value: 0.5 },
    line: { color: '#222', width: 2.5 },
    showlegend: true,
    showscale: false,
    hoverinfo: 'skip',
  };
  const scatter = (label: 0 | 1): Trace => {
    const rows = x.filter((_, i) => y[i] === label);
    return {
      type: 'scatter',
      mode: 'markers',
      name: label === 0 ? name0 : name1,
      x: rows.map((row) => row[0]),
      y: rows.map((row) => row[1]),
      marker: {
        color: PALETTE[label],
        symbol: label === 0 ? 'circle' : 'diamond',
        size: 8,
        line: { color: '#222', width: 0.75 },
      },
      hovertemplate: `${feature1} %{x:.3g}<br>${feature2} %{y:.3g}`,
    };
  };

  const layout = baseLayout(title);
  layout.height = 480;
  layout.xaxis = { ...axisStyle(features[0]), range: [xs[0], xs[xs.length - 1]], showgrid: false };
  layout.yaxis = { ...axisStyle(features[1]), range: [ys[0], ys[ys.length - 1]], showgrid: false };
  return { data: [heatmap, boundary, scatter(0), scatter(1)], layout };
}

/**
 * Draws a loss over the plane of two weights as filled contours, darker
 * where the loss is higher, with optimizer trajectories on top: one line
 * per path, named in the legend, a marker per step, a square at the start
 * and a star at the end. With `logScale` the contours are of log10(loss),
 * and the colour bar is labelled in loss values.
 *
 * The contour's `z[j][i]` is the loss (or its log10) at `[w1s[i], w2s[j]]`.
 * Throws, naming the argument, for a range with `lo >= hi`, a resolution
 * below 2, a path that is not named points, and a loss that is not finite
 * (or not > 0 with `logScale`) at a grid point, which it names.
 */
export function lossSurfaceFigure(args: LossSurfaceFigureArgs): Figure {
  const caller = 'lossSurfaceFigure';
  checkArgs(caller, args, '{ loss, w1Range, w2Range }');
  const {
    loss,
    w1Range,
    w2Range,
    resolution = 80,
    paths = [],
    logScale = false,
    equalAxes = false,
    w1Title = 'w1',
    w2Title = 'w2',
    title = 'Loss surface',
  } = args;
  for (const [name, text] of [
    ['title', title],
    ['w1Title', w1Title],
    ['w2Title', w2Title],
  ]) {
    checkText(caller, `args.${name}`, text);
  }
  if (typeof loss !== 'function') {
    throw new Error(
      `${caller}: args.loss is ${describeValue(loss)}, expected a function (w1, w2) => loss`,
    );
  }
  checkRange('args.w1Range', w1Range);
  checkRange('args.w2Range', w2Range);
  checkResolution(caller, resolution);
  checkPaths(paths);
  for (const [name, flag] of [
    ['logScale', logScale],
    ['equalAxes', equalAxes],
  ] as const) {
    if (typeof flag !== 'boolean') {
      throw new Error(`${caller}: args.${name} is ${describeValue(flag)}, expected true or false`);
    }
  }

  const w1s = gridAxis(w1Range, resolution);
  const w2s = gridAxis(w2Range, resolution);
  const z = w2s.map((w2) =>
    w1s.map((w1) => {
      const value = loss(w1, w2);
      checkLoss(value, w1, w2, logScale);
      return logScale ? Math.log10(value) : value;
    }),
  );
  const lossName = logScale ? 'loss (log scale)' : 'loss';
  const contour: Trace = {
    type: 'contour',
    name: lossName,
    x: w1s,
    y: w2s,
    z,
    ncontours: 24,
    colorscale: LOSS_COLORSCALE,
    contours: { coloring: 'fill', showlines: true },
    line: { color: 'rgba(255, 255, 255, 0.6)', width: 0.5 },
    colorbar: {
      title: { text: lossName, side: 'right' },
      outlinewidth: 0,
      thickness: 14,
      ...(logScale ? decadeTicks(z) : {}),
    },
    hovertemplate:
      `${escapePlotlyText(w1Title)} %{x:.3g}<br>${escapePlotlyText(w2Title)} %{y:.3g}<br>` +
      `${logScale ? 'log10 loss' : 'loss'} %{z:.4g}<extra></extra>`,
  };
  const lines = paths.map((path, i) => pathTrace(path, PATH_COLORS[i % PATH_COLORS.length]));

  const layout = baseLayout(title);
  layout.height = 480;
  if (paths.length > 0) {
    (layout.title as Record<string, unknown>).subtitle = {
      text: '■ start   ★ end',
      font: SUBTITLE_FONT,
    };
    // Room for the subtitle between the title and the legend.
    (layout.margin as { t: number }).t = 100;
  }
  // With equalAxes, one w2 unit is as long on screen as one w1 unit. With
  // constrain 'domain' plotly keeps both ranges and narrows the plot area
  // along the axis that would be stretched, rather than widening its range.
  const sameScale = equalAxes ? { constrain: 'domain' } : {};
  layout.xaxis = { ...axisStyle(w1Title), range: [...w1Range], showgrid: false, ...sameScale };
  layout.yaxis = {
    ...axisStyle(w2Title),
    range: [...w2Range],
    showgrid: false,
    ...(equalAxes ? { scaleanchor: 'x', scaleratio: 1, ...sameScale } : {}),
  };
  return { data: [contour, ...lines], layout };
}

/** One optimizer path as a line through its steps, marked at both ends. */
function pathTrace(path: LossPath, color: string): Trace {
  const last = path.points.length - 1;
  const symbols = path.points.map((_, i) => (i === 0 ? 'square' : i === last ? 'star' : 'circle'));
  const sizes = path.points.map((_, i) => (i === 0 ? 10 : i === last ? 15 : 6));
  const steps = path.points.map((_, i) =>
    i === 0 ? 'start' : `step ${i}${i === last ? ', end' : ''}`,
  );
  return {
    type: 'scatter',
    mode: 'lines+markers',
    name: escapePlotlyText(path.name),
    x: path.points.map((point) => point[0]),
    y: path.points.map((point) => point[1]),
    text: steps,
    line: { color, width: 2 },
    marker: { color, symbol: symbols, size: sizes, line: { color: 'white', width: 1 } },
    hovertemplate: '%{text}<br>(%{x:.3g}, %{y:.3g})',
    // Plotly hides a legend of one entry, which would leave a lone path unnamed.
    showlegend: true,
  };
}

/**
 * Colour bar ticks at whole powers of ten for contours of log10(loss), so
 * the bar reads in loss values; none (plotly's own) when the grid spans less
 * than one power of ten.
 */
function decadeTicks(z: number[][]): Record<string, unknown> {
  const values = z.flat();
  const low = Math.ceil(Math.min(...values));
  const high = Math.floor(Math.max(...values));
  if (high - low < 1) return {};
  const step = Math.ceil((high - low + 1) / 8);
  const tickvals: number[] = [];
  for (let power = low; power <= high; power += step) tickvals.push(power);
  return { tickvals, ticktext: tickvals.map((power) => formatNumber(10 ** power)) };
}

/** `count` evenly spaced values from `range[0]` to exactly `range[1]`. */
function gridAxis(range: readonly [number, number], count: number): number[] {
  const [lo, hi] = range;
  // The last value is hi itself, which the sum can miss by a rounding error.
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? hi : lo + ((hi - lo) * i) / (count - 1),
  );
}

/**
 * The range of `values` widened by `padding` of its width on each side. A
 * feature that takes one value gets a range of 1 around it, or of its size
 * if larger, so the grid still has width.
 */
function paddedRange(values: number[], padding: number): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const width = hi > lo ? hi - lo : Math.max(1, Math.abs(lo));
  const room = hi > lo ? width * padding : width / 2;
  return [lo - room, hi + room];
}

/** Throws unless `args` is an object; `expected` lists its required fields. */
function checkArgs(caller: string, args: unknown, expected: string): void {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw new Error(`${caller}: args is ${describeValue(args)}, expected ${expected}`);
  }
}

/** Throws unless `x` is a non-empty array of rows of two finite numbers. */
function checkRows(x: unknown): asserts x is number[][] {
  const where = 'decisionBoundaryFigure: args.x';
  if (!Array.isArray(x) || x.length === 0) {
    throw new Error(
      `${where} is ${describeValue(x)}, expected rows of two feature values, at least one`,
    );
  }
  x.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== 2) {
      throw new Error(`${where}[${i}] is ${describeValue(row)}, expected [x1, x2]`);
    }
    row.forEach((value: unknown, k) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new Error(
          `${where}[${i}][${k}] is ${describeValue(value)}, expected a finite number`,
        );
      }
    });
  });
}

/** Throws unless `y` holds one label, 0 or 1, per row. */
function checkLabels(y: unknown, rows: number): void {
  const where = 'decisionBoundaryFigure: args.y';
  if (!Array.isArray(y)) {
    throw new Error(`${where} is ${describeValue(y)}, expected an array of labels 0 or 1`);
  }
  if (y.length !== rows) {
    throw new Error(`${where} has ${y.length} labels and args.x ${rows} rows, expected as many`);
  }
  y.forEach((label: unknown, i) => {
    if (label !== 0 && label !== 1) {
      throw new Error(`${where}[${i}] is ${describeValue(label)}, expected 0 or 1`);
    }
  });
}

/** Checks a pair of names (strings, or numbers for classes) and returns them as text. */
function checkPair(caller: string, name: string, pair: unknown, what: string): [string, string] {
  if (!Array.isArray(pair) || pair.length !== 2) {
    throw new Error(`${caller}: ${name} is ${describeValue(pair)}, expected two ${what} names`);
  }
  return pair.map((item: unknown, i) => {
    if (typeof item === 'string' || (what === 'class' && typeof item === 'number')) {
      return String(item);
    }
    const expected = what === 'class' ? 'a string or a number' : 'a string';
    throw new Error(`${caller}: ${name}[${i}] is ${describeValue(item)}, expected ${expected}`);
  }) as [string, string];
}

/** Throws unless `resolution` is a whole number of grid points per axis the page can hold. */
function checkResolution(caller: string, resolution: unknown): void {
  if (
    typeof resolution !== 'number' ||
    !Number.isInteger(resolution) ||
    resolution < 2 ||
    resolution > MAX_RESOLUTION
  ) {
    throw new Error(
      `${caller}: args.resolution is ${describeValue(resolution)}, expected an integer from 2 ` +
        `to ${MAX_RESOLUTION} (grid points per axis)`,
    );
  }
}

/**
 * Throws unless `predict` gave one probability in [0, 1] per grid point; the
 * message names the first point that has none.
 */
function checkPredictions(values: unknown, points: number[][]): ArrayLike<number> {
  const where = 'decisionBoundaryFigure: args.predict';
  const isList =
    Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView));
  if (!isList) {
    throw new Error(
      `${where} returned ${describeValue(values)}, expected an array of ${points.length} ` +
        'probabilities (for a tensor, return tensor.dataSync())',
    );
  }
  const list = values as ArrayLike<unknown>;
  if (list.length !== points.length) {
    throw new Error(
      `${where} returned ${list.length} values for ${points.length} points, expected one ` +
        'probability of class 1 per point',
    );
  }
  for (let i = 0; i < list.length; i++) {
    const value = list[i];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      // What arraySync() of a model's [n, 1] output gives.
      const hint = Array.isArray(value) ? ' (for a tensor of shape [n, 1], return dataSync())' : '';
      const point = points[i].map((coordinate) => formatNumber(coordinate)).join(', ');
      throw new Error(
        `${where} returned ${describeValue(value)} for the point [${point}] ` +
          `(index ${i}), expected a probability in [0, 1]${hint}`,
      );
    }
  }
  return list as ArrayLike<number>;
}

/** Throws unless `range` is `[lo, hi]` of finite numbers with `lo < hi`. */
function checkRange(name: string, range: unknown): void {
  const ok =
    Array.isArray(range) &&
    range.length === 2 &&
    range.every((end) => typeof end === 'number' && Number.isFinite(end)) &&
    range[0] < range[1];
  if (!ok) {
    throw new Error(
      `lossSurfaceFigure: ${name} is ${describeValue(range)}, expected [lo, hi], finite ` +
        'numbers with lo < hi',
    );
  }
}

/** Throws unless `paths` is an array of `{ name, points }` with finite `[w1, w2]` points. */
function checkPaths(paths: unknown): void {
  const where = 'lossSurfaceFigure: args.paths';
  if (!Array.isArray(paths)) {
    throw new Error(`${where} is ${describeValue(paths)}, expected an array of { name, points }`);
  }
  paths.forEach((path: unknown, i) => {
    if (path === null || typeof path !== 'object' || Array.isArray(path)) {
      throw new Error(`${where}[${i}] is ${describeValue(path)}, expected { name, points }`);
    }
    const { name, points } = path as Partial<LossPath>;
    checkText('lossSurfaceFigure', `args.paths[${i}].name`, name);
    if (!Array.isArray(points) || points.length === 0) {
      throw new Error(
        `${where}[${i}].points is ${describeValue(points)}, expected [w1, w2] points, at least one`,
      );
    }
    points.forEach((point: unknown, k) => {
      const ok =
        Array.isArray(point) &&
        point.length === 2 &&
        point.every((value) => typeof value === 'number' && Number.isFinite(value));
      if (!ok) {
        throw new Error(
          `${where}[${i}].points[${k}] is ${describeValue(point)}, ` +
            'expected [w1, w2] of finite numbers',
        );
      }
    });
  });
}

/** Throws unless the loss at a grid point is finite, and > 0 for a log scale. */
function checkLoss(value: unknown, w1: number, w2: number, logScale: boolean): void {
  const at = `lossSurfaceFigure: args.loss(${formatNumber(w1)}, ${formatNumber(w2)})`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${at} is ${describeValue(value)}, expected a finite number`);
  }
  if (logScale && !(value > 0)) {
    throw new Error(
      `${at} is ${describeValue(value)}; logScale needs a loss > 0 at every grid point ` +
        '(add a small constant to the loss, or leave logScale off)',
    );
  }
}
