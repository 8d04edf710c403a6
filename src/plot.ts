/**
 * Figure builders: each returns plain plotly JSON (no DOM, no plotly.js), so
 * figures can be tested in Node and drawn by `show` from `./show`.
 *
 * All figures share one look (font, grid, colours, title placement). Text
 * that can come from data (class names, column names, titles) is passed
 * through `escapePlotlyText`, because plotly reads `<b>`, `<br>` and friends
 * in names and titles as markup and silently drops tags it does not know, so
 * a name like `<img src=x>` would vanish instead of showing as written.
 */
import { describeValue } from './check';
import type { History } from './history';
import type { ConfusionMatrix, RocCurve } from './metrics';
import { escapePlotlyText, formatNumber, shorten } from './text';

export { escapePlotlyText } from './text';

/** One plotly trace; only the fields this library reads are typed. */
export interface Trace {
  /** Plotly's trace type: `scatter`, `bar`, `heatmap`, ... */
  type: string;
  /** The legend entry, in plotly's markup (see `escapePlotlyText`). */
  name?: string;
  [key: string]: unknown;
}

/** A plotly layout; only the fields this library reads are typed. */
export interface Layout {
  /** Plotly accepts a bare string or an object with the text. */
  title?: string | { text?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** A plotly figure as JSON: what `Plotly.newPlot` takes besides the config. */
export interface Figure {
  /** The traces, drawn in order. */
  data: Trace[];
  /** Titles, axes, legend and size. */
  layout: Layout;
}

/** Options for `historyFigure`. */
export interface HistoryFigureArgs {
  /** Title above the subplots. Defaults to "Training history". */
  title?: string;
}

/**
 * Options for `barFigure`; all three texts are shown as written. Each bar is
 * labelled with its value as `formatNumber` in `./text` writes it, the same
 * as a table cell: 123456.7 shows as 123457.
 */
export interface BarFigureArgs {
  /** Title above the chart. */
  title: string;
  /** Title of the category axis. */
  xTitle: string;
  /** Title of the value axis, also the name of the trace. */
  yTitle: string;
  /**
   * Half-length of an error bar on each bar, for example one standard
   * deviation over seeds; finite and not negative, one per value.
   */
  errors?: readonly number[];
}

/** Options for `confusionMatrixFigure`. */
export interface ConfusionMatrixFigureArgs {
  /** Title above the matrix. Defaults to "Confusion matrix". */
  title?: string;
}

/** Options for `rocFigure`. */
export interface RocFigureArgs {
  /** Title above the chart. Defaults to "ROC curve". */
  title?: string;
  /** Name of the model in the legend, before its AUC. Defaults to "model". */
  name?: string;
  /**
   * A decision threshold to mark on the curve, labelled "threshold 0.5" in
   * the legend: the point of a classifier that predicts 1 for scores `>=` it,
   * as `evaluateBinary` in `./metrics` does. Defaults to no marker.
   */
  threshold?: number;
}

/** Colour-blind-safe palette (Okabe and Ito), one colour per quantity or run. */
export const PALETTE: readonly string[] = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
];

/**
 * Plots a training history: loss and each metric in side-by-side subplots,
 * training solid and validation (`val_` keys) dashed in the same colour,
 * against the 1-based epoch. A value that is NaN or infinite (a loss that
 * diverged, say) leaves a gap in its line, and the title says which epochs
 * of which quantity are missing, so the gap cannot pass for a plotting fault.
 */
export function historyFigure(history: History, options: HistoryFigureArgs = {}): Figure {
  const { title = 'Training history' } = checkOptions('historyFigure', options);
  checkText('historyFigure', 'options.title', title);
  checkHistory(history);
  const quantities = historyQuantities(history.history);
  if (quantities.length === 0) {
    throw new Error('historyFigure: history.history is empty; expected keys like "loss"');
  }
  const epochs = history.epoch.map((epoch) => epoch + 1);

  const data: Trace[] = [];
  const notFinite: string[] = [];
  const layout = baseLayout(title);
  const gap = quantities.length > 1 ? 0.08 : 0;
  const width = (1 - gap * (quantities.length - 1)) / quantities.length;
  quantities.forEach((quantity, i) => {
    const suffix = i === 0 ? '' : String(i + 1);
    const color = PALETTE[i % PALETTE.length];
    const runs: [string, string, string][] = [
      ['training', quantity, 'solid'],
      ['validation', `val_${quantity}`, 'dash'],
    ];
    for (const [run, key, dash] of runs) {
      const values = history.history[key];
      if (values === undefined) continue;
      checkHistoryValues(key, values, epochs.length);
      const gaps = epochs.filter((_, at) => !Number.isFinite(values[at]));
      if (gaps.length > 0) notFinite.push(`${run} ${quantity} not finite at ${epochList(gaps)}`);
      data.push({
        type: 'scatter',
        // Markers keep a short run visible: a one-epoch line has no length.
        mode: epochs.length <= 30 ? 'lines+markers' : 'lines',
        name: escapePlotlyText(`${run} ${quantity}`),
        x: epochs,
        // JSON would write NaN and Infinity as null anyway; this says so.
        y: values.map((value) => (Number.isFinite(value) ? value : null)),
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        line: { color, dash, width: 2 },
        marker: { size: 5 },
        hovertemplate: '%{y:.4g}',
      });
    }
    const left = i * (width + gap);
    layout[`xaxis${suffix}`] = {
      ...axisStyle('epoch'),
      domain: [left, left + width],
      anchor: `y${suffix}`,
      // Whole epochs only: plotly would otherwise put ticks at 1.5 for short runs.
      tick0: 0,
      dtick: epochTickStep(epochs.length),
    };
    layout[`yaxis${suffix}`] = { ...axisStyle(quantity), anchor: `x${suffix}` };
  });
  layout.hovermode = 'x unified';
  if (notFinite.length > 0) {
    const heading = layout.title as { text: string };
    heading.text += `<br>(${escapePlotlyText(notFinite.join('; '))})`;
  }
  return { data, layout };
}

/**
 * Plots one bar per label, with the value written on each bar. Labels may be
 * strings or numbers (written with `String`), and must differ from each
 * other once written: plotly would draw two bars of one label on one spot.
 * Values must be finite numbers.
 */
export function barFigure(
  labels: readonly (string | number)[],
  values: readonly number[],
  options: BarFigureArgs,
): Figure {
  const names = checkBars(labels, values, options);
  const layout = baseLayout(options.title);
  // Category axis even for labels like "0" and "1", which plotly would read as numbers.
  layout.xaxis = { ...axisStyle(options.xTitle), type: 'category', showgrid: false };
  layout.yaxis = { ...axisStyle(options.yTitle), rangemode: 'tozero' };
  layout.showlegend = false;
  const bar: Trace = {
    type: 'bar',
    name: escapePlotlyText(options.yTitle),
    x: names.map(escapePlotlyText),
    y: values,
    text: values.map((value) => formatNumber(value)),
    textposition: 'auto',
    marker: { color: PALETTE[0] },
    hovertemplate: '%{x}: %{y}<extra></extra>',
  };
  if (options.errors !== undefined) {
    bar.error_y = { type: 'data', array: [...options.errors], visible: true, color: '#444' };
    bar.customdata = [...options.errors];
    bar.hovertemplate = '%{x}: %{y} ± %{customdata}<extra></extra>';
    bar.textposition = 'inside';
    bar.insidetextanchor = 'start';
  }
  return { data: [bar], layout };
}

/**
 * Plots a binary confusion matrix as a heatmap with each cell's count and
 * share of all examples written in it: actual class down the side, predicted
 * class along the top. `classNames` is `[name of label 0, name of label 1]`;
 * a name may be a number, written with `String`.
 */
export function confusionMatrixFigure(
  confusion: ConfusionMatrix,
  classNames: readonly [string | number, string | number],
  options: ConfusionMatrixFigureArgs = {},
): Figure {
  const { title = 'Confusion matrix' } = checkOptions('confusionMatrixFigure', options);
  checkText('confusionMatrixFigure', 'options.title', title);
  if (confusion === null || typeof confusion !== 'object') {
    throw new Error(
      `confusionMatrixFigure: confusion is ${describeValue(confusion)}, ` +
        'expected { tp, fp, tn, fn } as confusionMatrix returns it',
    );
  }
  for (const key of ['tp', 'fp', 'tn', 'fn'] as const) {
    const count = confusion[key];
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
      throw new Error(
        `confusionMatrixFigure: confusion.${key} is ${describeValue(count)}, ` +
          'expected a count >= 0',
      );
    }
  }
  if (!Array.isArray(classNames) || classNames.length !== 2) {
    throw new Error(
      `confusionMatrixFigure: classNames is ${describeValue(classNames)}, ` +
        'expected two names: [name of label 0, name of label 1]',
    );
  }
  const classTexts = labelTexts('confusionMatrixFigure', 'classNames', classNames);
  // Rows are the actual class, columns the predicted one, label 0 first.
  const z = [
    [confusion.tn, confusion.fp],
    [confusion.fn, confusion.tp],
  ];
  const names = classTexts.map(escapePlotlyText);
  // Plotly hides a tick label that sticks out of the figure, so long names
  // are shortened on the axes; the hover text keeps them whole.
  const tickNames = classTexts.map((name) => escapePlotlyText(shorten(name, 20)));
  const total = confusion.tp + confusion.fp + confusion.tn + confusion.fn;
  const max = Math.max(...z.flat());

  const annotations: object[] = [];
  const hoverText: string[][] = [];
  z.forEach((row, actual) => {
    hoverText.push(
      row.map((_, predicted) => `actual ${names[actual]}<br>predicted ${names[predicted]}`),
    );
    row.forEach((count, predicted) => {
      const share = total > 0 ? `<br>(${((100 * count) / total).toFixed(1)}%)` : '';
      annotations.push({
        x: predicted,
        y: actual,
        text: `${count}${share}`,
        showarrow: false,
        font: { size: 15, color: count > max / 2 ? 'white' : '#222' },
      });
    });
  });

  const layout = baseLayout(title);
  // Numeric positions with tick labels, so that equal or numeric-looking
  // class names still get a cell each.
  const classAxis = (axisTitle: string) => ({
    ...axisStyle(axisTitle),
    tickvals: [0, 1],
    ticktext: tickNames,
    showgrid: false,
    showline: false,
  });
  // Reversed, so label 0 is the top row as in a printed matrix.
  layout.yaxis = {
    ...classAxis('actual'),
    autorange: 'reversed',
    scaleanchor: 'x',
    constrain: 'domain',
  };
  layout.xaxis = { ...classAxis('predicted'), side: 'top', constrain: 'domain' };
  layout.annotations = annotations;
  layout.width = 540;
  layout.height = 500;
  layout.margin = { t: 110, r: 30, b: 30, l: 90 };
  const heatmap: Trace = {
    type: 'heatmap',
    name: 'count',
    x: [0, 1],
    y: [0, 1],
    z,
    text: hoverText,
    zmin: 0,
    zmax: Math.max(max, 1),
    colorscale: [
      [0, '#f7fbff'],
      [0.5, '#6baed6'],
      [1, '#08306b'],
    ],
    showscale: false,
    hovertemplate: '%{text}<br>count %{z}<extra></extra>',
  };
  return { data: [heatmap], layout };
}

/**
 * Plots a ROC curve with its AUC in the legend, the diagonal of a random
 * guess, and optionally the point of one decision threshold. The legend sits
 * in the bottom-right corner of the plot, which a useful curve leaves free.
 * Throws unless `roc.fpr` and `roc.tpr` hold as many rates in [0, 1], at
 * least one.
 */
export function rocFigure(roc: RocCurve, auc: number, options: RocFigureArgs = {}): Figure {
  const { title = 'ROC curve', name = 'model', threshold } = checkOptions('rocFigure', options);
  checkText('rocFigure', 'options.title', title);
  checkText('rocFigure', 'options.name', name);
  if (roc === null || typeof roc !== 'object') {
    throw new Error(
      `rocFigure: roc is ${describeValue(roc)}, expected { fpr, tpr, thresholds } ` +
        'as rocCurve returns it',
    );
  }
  checkRates('roc.fpr', roc.fpr);
  checkRates('roc.tpr', roc.tpr);
  if (roc.fpr.length !== roc.tpr.length) {
    throw new Error(
      `rocFigure: roc.fpr has ${roc.fpr.length} points and roc.tpr ${roc.tpr.length}, ` +
        'expected as many',
    );
  }
  if (typeof auc !== 'number' || !(auc >= 0 && auc <= 1)) {
    throw new Error(`rocFigure: auc is ${describeValue(auc)}, expected a number in [0, 1]`);
  }
  const curve: Trace = {
    type: 'scatter',
    mode: 'lines',
    name: escapePlotlyText(`${name} (AUC = ${auc.toFixed(3)})`),
    x: roc.fpr,
    y: roc.tpr,
    line: { color: PALETTE[0], width: 2 },
    hovertemplate: 'FPR %{x:.3f}<br>TPR %{y:.3f}',
  };
  const chance: Trace = {
    type: 'scatter',
    mode: 'lines',
    name: 'chance (AUC = 0.5)',
    x: [0, 1],
    y: [0, 1],
    line: { color: '#888', width: 1.5, dash: 'dash' },
    hoverinfo: 'skip',
  };
  const data = [curve, chance];
  if (threshold !== undefined) data.push(thresholdMarker(roc, threshold));

  const layout = baseLayout(title);
  // A square plot area, with room for the title only since the legend is
  // inside. If plotly still has to shrink an axis to keep the scale equal, it
  // shrinks it away from the bottom-right corner, so the legend stays inside.
  layout.width = 520;
  layout.height = 540;
  layout.margin = { t: 60, r: 30, b: 60, l: 70 };
  const unitRange = [-0.01, 1.01];
  layout.xaxis = {
    ...axisStyle('false positive rate'),
    range: unitRange,
    constrain: 'domain',
    constraintoward: 'right',
  };
  layout.yaxis = {
    ...axisStyle('true positive rate'),
    range: unitRange,
    scaleanchor: 'x',
    constrain: 'domain',
    constraintoward: 'bottom',
  };
  layout.legend = {
    x: 0.98,
    xanchor: 'right',
    y: 0.02,
    yanchor: 'bottom',
    bgcolor: 'rgba(255,255,255,0.85)',
  };
  return { data, layout };
}

/**
 * Lists the quantities of a history, `loss` first, each once whether it was
 * logged for training, validation or both.
 */
function historyQuantities(history: Record<string, number[]>): string[] {
  const quantities: string[] = [];
  for (const key of Object.keys(history)) {
    const quantity = key.startsWith('val_') ? key.slice('val_'.length) : key;
    if (!quantities.includes(quantity)) quantities.push(quantity);
  }
  return quantities.sort((a, b) => Number(b === 'loss') - Number(a === 'loss'));
}

/**
 * A marker on the ROC point of a classifier that predicts 1 for scores
 * `>= threshold`. That is the last point whose own threshold is
 * `>= threshold`: no score lies between the two, so both predict alike. (The
 * first point whose threshold is `<= threshold` would also predict 1 for its
 * own, lower score.) A threshold above every score marks (0, 0).
 */
function thresholdMarker(roc: RocCurve, threshold: number): Trace {
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
    throw new Error(
      `rocFigure: options.threshold is ${describeValue(threshold)}, expected a finite number`,
    );
  }
  if (!Array.isArray(roc.thresholds) || roc.thresholds.length !== roc.fpr.length) {
    throw new Error(
      `rocFigure: roc.thresholds has ${roc.thresholds?.length ?? 'no'} values and roc.fpr ` +
        `${roc.fpr.length}, expected one per point, as rocCurve returns them`,
    );
  }
  // Thresholds fall from Infinity at the first point, so a scan finds the last match.
  let point = 0;
  while (point + 1 < roc.thresholds.length && roc.thresholds[point + 1] >= threshold) point++;

  const label = `threshold ${formatNumber(threshold)}`;
  return {
    type: 'scatter',
    mode: 'markers',
    name: label,
    x: [roc.fpr[point]],
    y: [roc.tpr[point]],
    marker: { color: PALETTE[3], size: 11, line: { color: 'white', width: 1.5 } },
    hovertemplate: `${label}<br>FPR %{x:.3f}<br>TPR %{y:.3f}<extra></extra>`,
  };
}

/** Throws unless `history` has an array of epoch numbers and an object of logged values. */
function checkHistory(history: History): void {
  const expected = 'expected { epoch, history } as train and model.fit return it';
  if (history === null || typeof history !== 'object') {
    throw new Error(`historyFigure: history is ${describeValue(history)}, ${expected}`);
  }
  if (!Array.isArray(history.epoch)) {
    throw new Error(`historyFigure: history.epoch is ${describeValue(history.epoch)}, ${expected}`);
  }
  history.epoch.forEach((epoch, i) => {
    if (typeof epoch !== 'number' || !Number.isFinite(epoch)) {
      throw new Error(
        `historyFigure: history.epoch[${i}] is ${describeValue(epoch)}, expected an epoch number`,
      );
    }
  });
  const values: unknown = history.history;
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new Error(`historyFigure: history.history is ${describeValue(values)}, ${expected}`);
  }
}

/**
 * Throws unless the logged values of `key` are numbers, one per epoch. NaN
 * and infinities are numbers here: `historyFigure` leaves gaps for them.
 */
function checkHistoryValues(key: string, values: unknown, epochs: number): void {
  const where = `historyFigure: history.history.${key}`;
  if (!Array.isArray(values)) {
    throw new Error(`${where} is ${describeValue(values)}, expected an array of numbers`);
  }
  if (values.length !== epochs) {
    throw new Error(`${where} has ${values.length} values, expected one per epoch (${epochs})`);
  }
  values.forEach((value: unknown, i) => {
    if (typeof value !== 'number') {
      throw new Error(`${where}[${i}] is ${describeValue(value)}, expected a number`);
    }
  });
}

/**
 * Writes 1-based epochs for a reader, runs of consecutive ones as ranges:
 * "epochs 3–5, 9". After a few ranges the rest is left as "…", so that a
 * title stays one line.
 */
function epochList(epochs: number[]): string {
  const ranges: string[] = [];
  for (let start = 0; start < epochs.length;) {
    let end = start;
    while (end + 1 < epochs.length && epochs[end + 1] === epochs[end] + 1) end++;
    ranges.push(start === end ? `${epochs[start]}` : `${epochs[start]}–${epochs[end]}`);
    start = end + 1;
  }
  const shown =
    ranges.length > MAX_EPOCH_RANGES ? [...ranges.slice(0, MAX_EPOCH_RANGES - 1), '…'] : ranges;
  return `${epochs.length === 1 ? 'epoch' : 'epochs'} ${shown.join(', ')}`;
}

/** Ranges of epochs a note in a title lists at most, the last being "…". */
const MAX_EPOCH_RANGES = 4;

/**
 * Throws unless `barFigure` got as many distinct labels (strings or numbers)
 * as finite values, and its three titles; returns the labels as strings.
 */
function checkBars(labels: unknown, values: unknown, options: unknown): string[] {
  if (!Array.isArray(labels)) {
    throw new Error(
      `barFigure: labels is ${describeValue(labels)}, expected an array of strings or numbers`,
    );
  }
  if (!Array.isArray(values)) {
    throw new Error(`barFigure: values is ${describeValue(values)}, expected an array of numbers`);
  }
  if (labels.length !== values.length) {
    throw new Error(
      `barFigure: got ${labels.length} labels and ${values.length} values, ` +
        'expected as many of each',
    );
  }
  const names = labelTexts('barFigure', 'labels', labels);
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new Error(
        `barFigure: labels[${i}] is ${describeValue(labels[i])}, the same as labels[${first}]; ` +
          'expected a different label for each bar',
      );
    }
    seen.set(name, i);
  });
  values.forEach((value: unknown, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(
        `barFigure: values[${i}] is ${describeValue(value)}, expected a finite number`,
      );
    }
  });
  if (options === null || typeof options !== 'object') {
    throw new Error(
      `barFigure: options is ${describeValue(options)}, expected { title, xTitle, yTitle }`,
    );
  }
  for (const key of ['title', 'xTitle', 'yTitle'] as const) {
    checkText('barFigure', `options.${key}`, (options as Partial<BarFigureArgs>)[key]);
  }
  const { errors } = options as Partial<BarFigureArgs>;
  if (errors !== undefined) {
    if (!Array.isArray(errors) || errors.length !== values.length) {
      throw new Error(
        `barFigure: options.errors is ${describeValue(errors)}, ` +
          `expected an array of ${values.length} numbers, one per value`,
      );
    }
    errors.forEach((error: unknown, i) => {
      if (typeof error !== 'number' || !Number.isFinite(error) || error < 0) {
        throw new Error(
          `barFigure: options.errors[${i}] is ${describeValue(error)}, ` +
            'expected a finite number, zero or more',
        );
      }
    });
  }
  return names;
}

/** Throws unless `rates` is a non-empty array of numbers in [0, 1]. */
function checkRates(name: string, rates: unknown): void {
  if (!Array.isArray(rates) || rates.length === 0) {
    throw new Error(
      `rocFigure: ${name} is ${describeValue(rates)}, expected an array of rates in [0, 1], ` +
        'at least one',
    );
  }
  rates.forEach((rate: unknown, i) => {
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new Error(
        `rocFigure: ${name}[${i}] is ${describeValue(rate)}, expected a rate in [0, 1]`,
      );
    }
  });
}

/** Writes labels that may be strings or numbers as strings; throws for anything else. */
function labelTexts(caller: string, name: string, labels: readonly unknown[]): string[] {
  return labels.map((label, i) => {
    if (typeof label === 'string') return label;
    if (typeof label === 'number') return String(label);
    throw new Error(
      `${caller}: ${name}[${i}] is ${describeValue(label)}, expected a string or a number`,
    );
  });
}

/** Returns the options object of `caller`, throwing if it is not one. */
function checkOptions<T extends object>(caller: string, options: T): T {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(
      `${caller}: options is ${describeValue(options)}, expected an object or nothing`,
    );
  }
  return options;
}

/**
 * Throws unless `value`, the text of the option `name`, is a string.
 *
 * @internal
 */
export function checkText(caller: string, name: string, value: unknown): void {
  if (typeof value !== 'string') {
    throw new Error(`${caller}: ${name} is ${describeValue(value)}, expected a string`);
  }
}

/**
 * Picks a tick step of 1, 2, 5, 10, 20, ... epochs (or trials, or any whole
 * units) that gives at most about ten ticks.
 *
 * @internal
 */
export function epochTickStep(epochs: number): number {
  for (let scale = 1; ; scale *= 10) {
    for (const step of [1, 2, 5]) {
      if (epochs / (step * scale) <= 10) return step * scale;
    }
  }
}

/**
 * The layout every figure starts from, so they all look alike.
 *
 * @internal
 */
export function baseLayout(title: string): Layout {
  return {
    title: {
      text: escapePlotlyText(title),
      x: 0,
      xref: 'paper',
      xanchor: 'left',
      y: 0.98,
      yref: 'container',
      yanchor: 'top',
      font: { size: 17 },
    },
    font: {
      family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      size: 13,
      color: '#222',
    },
    paper_bgcolor: 'white',
    plot_bgcolor: 'white',
    height: 400,
    margin: { t: 90, r: 30, b: 60, l: 70 },
    // Above the plot area, under the title, where it never covers data.
    legend: { orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom' },
  };
}

/**
 * The axis style shared by all figures, with the given title shown as written.
 *
 * @internal
 */
export function axisStyle(title: string): Record<string, unknown> {
  return {
    title: { text: escapePlotlyText(title) },
    showline: true,
    linecolor: '#888',
    gridcolor: '#e6e6e6',
    zeroline: false,
    ticks: 'outside',
    tickcolor: '#888',
    automargin: true,
  };
}
