/**
 * Figures of a hyperparameter search: the score of each trial with the best
 * so far, each parameter against the score, and all parameters at once as
 * parallel coordinates. They take the trials as plain data, whatever ran the
 * search, and return plain plotly JSON like the builders in `./plot`.
 *
 * Only complete trials have a score worth drawing: failed and pruned trials
 * are left out of every plot, and counted in the subtitle ("12 trials,
 * 2 failed"), so that a gap in the trial numbers has a stated cause.
 */
import { describeValue } from './check';
import { PALETTE, axisStyle, baseLayout, checkText, epochTickStep } from './plot';
import type { Figure, Layout, Trace } from './plot';
import { escapePlotlyText, formatNumber } from './text';

/** How a trial ended: with a score, with an error, or stopped early by a pruner. */
export type TrialState = 'complete' | 'failed' | 'pruned';

/** One trial of a search. */
export interface SearchTrial {
  /** The parameter values it tried: numbers, or strings for categorical choices. */
  params: Record<string, number | string>;
  /** Its score; must be finite for a complete trial, and is ignored otherwise. */
  score: number;
  /** How it ended. Defaults to 'complete'. */
  state?: TrialState;
}

/** Options every search figure takes. */
export interface SearchFigureArgs {
  /** Whether a higher score ('maximize') or a lower one ('minimize') is better. */
  objective: 'maximize' | 'minimize';
  /** What the score is, for axes and legends, such as "val_accuracy". */
  scoreName: string;
}

/** Options for `searchHistoryFigure`. */
export interface SearchHistoryFigureArgs extends SearchFigureArgs {
  /** Title above the chart. Defaults to "Search history". */
  title?: string;
}

/** Options for `parameterScoreFigure`. */
export interface ParameterScoreFigureArgs extends SearchFigureArgs {
  /**
   * Numeric parameters to draw on a log axis, such as a learning rate; their
   * values must all be > 0. Defaults to none.
   */
  logParams?: readonly string[];
  /** Title above the chart. Defaults to "Score by parameter". */
  title?: string;
}

/** Options for `parallelCoordinatesFigure`. */
export interface ParallelCoordinatesFigureArgs extends SearchFigureArgs {
  /**
   * Numeric parameters whose axis is drawn in powers of ten, as for
   * `parameterScoreFigure`. Defaults to none.
   */
  logParams?: readonly string[];
  /** Title above the chart. Defaults to "Parallel coordinates". */
  title?: string;
}

/** Subplots side by side in `parameterScoreFigure` before a new row starts. */
const MAX_COLUMNS = 3;

/**
 * Parallel-coordinate lines from pale blue to dark blue: on a white page the
 * better trials, drawn darkest, stand out, where a scale ending in yellow
 * would fade them.
 */
const SCORE_COLORSCALE = [
  [0, '#c6dbef'],
  [0.5, '#4292c6'],
  [1, '#08306b'],
];

/** A complete trial, numbered from 1 among all trials. */
interface ScoredTrial {
  number: number;
  params: Record<string, number | string>;
  score: number;
}

/** A parameter of the search and how its axis shows it. */
interface Parameter {
  name: string;
  /** The sorted choices of a parameter that took any string; undefined for a numeric one. */
  categories?: string[];
  log: boolean;
}

/** What all three figures need from the trials, checked. */
interface Search {
  trials: ScoredTrial[];
  parameters: Parameter[];
  best: ScoredTrial;
  /** "8 trials, 1 failed · best val_accuracy 0.91 (trial 5)", escaped. */
  subtitle: string;
  /** The trial's parameters and score, for hover boxes, escaped. */
  hoverText: (trial: ScoredTrial) => string;
}

/**
 * Plots the score of each complete trial against its number, with a step
 * line of the best score so far. Failed and pruned trials are left out but
 * keep their numbers, so the x axis shows where they were.
 */
export function searchHistoryFigure(
  trials: readonly SearchTrial[],
  args: SearchHistoryFigureArgs,
): Figure {
  const caller = 'searchHistoryFigure';
  const search = checkSearch(caller, trials, args, []);
  const { title = 'Search history' } = args;
  checkText(caller, 'args.title', title);
  const scoreName = escapePlotlyText(args.scoreName);
  const better = args.objective === 'maximize' ? Math.max : Math.min;

  const bestSoFar: number[] = [];
  for (const { score } of search.trials) {
    bestSoFar.push(bestSoFar.length === 0 ? score : better(bestSoFar[bestSoFar.length - 1], score));
  }
  const numbers = search.trials.map((trial) => trial.number);
  const scores: Trace = {
    type: 'scatter',
    mode: 'markers',
    name: scoreName,
    x: numbers,
    y: search.trials.map((trial) => trial.score),
    text: search.trials.map(search.hoverText),
    marker: { color: PALETTE[0], size: 8 },
    hovertemplate: '%{text}<extra></extra>',
    // Above the line, which passes through every trial that set a new best.
    zorder: 1,
  };
  const line: Trace = {
    type: 'scatter',
    mode: 'lines',
    name: 'best so far',
    x: numbers,
    y: bestSoFar,
    // A step: the best holds until a trial beats it.
    line: { color: PALETTE[1], width: 2.5, shape: 'hv' },
    hovertemplate: 'best so far %{y:.4g}<extra></extra>',
  };

  const layout = searchLayout(title, search);
  const count = trials.length;
  layout.xaxis = {
    ...axisStyle('trial'),
    range: [0.5, count + 0.5],
    tick0: 0,
    dtick: epochTickStep(count),
  };
  layout.yaxis = axisStyle(args.scoreName);
  return { data: [scores, line], layout };
}

/**
 * Plots each parameter against the score, one subplot per parameter (up to
 * three a row) sharing the score axis, the best trial in a second colour.
 * Numeric parameters get a linear axis, or a log axis when named in
 * `logParams`; a parameter that took any string value is categorical, its
 * choices in sorted order. Failed and pruned trials are left out.
 */
export function parameterScoreFigure(
  trials: readonly SearchTrial[],
  args: ParameterScoreFigureArgs,
): Figure {
  const caller = 'parameterScoreFigure';
  const search = checkSearch(caller, trials, args, args?.logParams ?? []);
  const { title = 'Score by parameter' } = args;
  checkText(caller, 'args.title', title);

  const columns = Math.min(search.parameters.length, MAX_COLUMNS);
  const rows = Math.ceil(search.parameters.length / columns);
  const gap = { x: 0.07, y: 0.22 / rows };
  const width = (1 - gap.x * (columns - 1)) / columns;
  const height = (1 - gap.y * (rows - 1)) / rows;
  const layout = searchLayout(title, search);
  layout.height = 130 + 300 * rows;
  layout.showlegend = false;
  // No legend: the axis titles name the parameters.
  (layout.margin as { t: number }).t = 80;

  const data = search.parameters.map((parameter, i): Trace => {
    const suffix = i === 0 ? '' : String(i + 1);
    const [column, row] = [i % columns, Math.floor(i / columns)];
    const left = column * (width + gap.x);
    const top = 1 - row * (height + gap.y);
    layout[`xaxis${suffix}`] = {
      ...axisStyle(parameter.name),
      // About one tick label per 60 pixels of a 1000-pixel-wide chart.
      ...parameterAxis(parameter, search.trials, Math.max(2, Math.floor(width * 16))),
      domain: [left, left + width],
      anchor: `y${suffix}`,
    };
    layout[`yaxis${suffix}`] = {
      ...axisStyle(column === 0 ? args.scoreName : ''),
      domain: [top - height, top],
      anchor: `x${suffix}`,
      ...(i === 0 ? {} : { matches: 'y', showticklabels: column === 0 }),
    };
    return {
      type: 'scatter',
      mode: 'markers',
      name: escapePlotlyText(parameter.name),
      x: search.trials.map((trial) => axisValue(parameter, trial.params[parameter.name])),
      y: search.trials.map((trial) => trial.score),
      text: search.trials.map(search.hoverText),
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      marker: {
        color: search.trials.map((trial) => (trial === search.best ? PALETTE[3] : PALETTE[0])),
        size: search.trials.map((trial) => (trial === search.best ? 11 : 8)),
        opacity: 0.85,
      },
      hovertemplate: '%{text}<extra></extra>',
    };
  });
  return { data, layout };
}

/**
 * Plots every complete trial as one line across an axis per parameter and
 * one for the score, coloured by the score so that the better trials are
 * darker whichever the objective. Categorical parameters are mapped to
 * 0, 1, 2, ... in sorted order, the axis labelled with the choices; a
 * parameter in `logParams` is drawn as its log10, labelled in its values.
 * Failed and pruned trials are left out.
 */
export function parallelCoordinatesFigure(
  trials: readonly SearchTrial[],
  args: ParallelCoordinatesFigureArgs,
): Figure {
  const caller = 'parallelCoordinatesFigure';
  const search = checkSearch(caller, trials, args, args?.logParams ?? []);
  const { title = 'Parallel coordinates' } = args;
  checkText(caller, 'args.title', title);
  const scoreName = escapePlotlyText(args.scoreName);
  const scores = search.trials.map((trial) => trial.score);

  const dimensions = search.parameters.map((parameter) => {
    const values = search.trials.map((trial) => trial.params[parameter.name]);
    return { label: escapePlotlyText(parameter.name), ...dimensionValues(parameter, values) };
  });
  dimensions.push({ label: scoreName, values: scores });
  const trace: Trace = {
    type: 'parcoords',
    name: 'trials',
    dimensions,
    line: {
      color: scores,
      colorscale: SCORE_COLORSCALE,
      // The scale darkens toward its top; a lower score is the better one when minimizing.
      reversescale: args.objective === 'minimize',
      showscale: true,
      colorbar: { title: { text: scoreName, side: 'right' }, outlinewidth: 0, thickness: 14 },
    },
    labelangle: 0,
    labelside: 'top',
  };

  const layout = searchLayout(title, search);
  layout.height = 460;
  // Room above the axes for their labels, and beside them for the tick labels.
  layout.margin = { t: 120, r: 40, b: 40, l: 70 };
  return { data: [trace], layout };
}

/**
 * Checks the trials and the options shared by the search figures, and works
 * out what the figures draw: the complete trials, the parameters and the
 * best trial. Throws, naming the argument, for anything it cannot draw.
 */
function checkSearch(
  caller: string,
  trials: readonly SearchTrial[],
  args: SearchFigureArgs,
  logParams: readonly string[],
): Search {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw new Error(`${caller}: args is ${describeValue(args)}, expected { objective, scoreName }`);
  }
  if (args.objective !== 'maximize' && args.objective !== 'minimize') {
    throw new Error(
      `${caller}: args.objective is ${describeValue(args.objective)}, ` +
        "expected 'maximize' or 'minimize'",
    );
  }
  checkText(caller, 'args.scoreName', args.scoreName);
  if (!Array.isArray(trials) || trials.length === 0) {
    throw new Error(
      `${caller}: trials is ${describeValue(trials)}, expected an array of ` +
        '{ params, score, state }, at least one',
    );
  }

  const scored: ScoredTrial[] = [];
  const ended = { failed: 0, pruned: 0 };
  trials.forEach((trial: unknown, i) => {
    const { params, score, state } = checkTrial(caller, trial, i);
    if (state === 'complete') scored.push({ number: i + 1, params, score });
    else ended[state]++;
  });
  const counts = [
    `${trials.length} ${trials.length === 1 ? 'trial' : 'trials'}`,
    ...(['failed', 'pruned'] as const).filter((s) => ended[s] > 0).map((s) => `${ended[s]} ${s}`),
  ].join(', ');
  if (scored.length === 0) {
    throw new Error(
      `${caller}: trials has no complete trial (${counts}), expected at least one to plot`,
    );
  }

  const parameters = checkParameters(caller, scored, logParams);
  const better = (a: number, b: number) => (args.objective === 'maximize' ? a > b : a < b);
  const best = scored.reduce((top, trial) => (better(trial.score, top.score) ? trial : top));
  const scoreName = escapePlotlyText(args.scoreName);
  const subtitle = `${counts} · best ${scoreName} ${formatNumber(best.score)} (trial ${best.number})`;
  const hoverText = (trial: ScoredTrial) =>
    [
      `trial ${trial.number}`,
      ...parameters.map(({ name }) => {
        const value = trial.params[name];
        const text = typeof value === 'number' ? formatNumber(value) : value;
        return `${escapePlotlyText(name)} ${escapePlotlyText(text)}`;
      }),
      `${scoreName} ${formatNumber(trial.score)}`,
    ].join('<br>');
  return { trials: scored, parameters, best, subtitle, hoverText };
}

/** Checks one trial and returns it with its state filled in. */
function checkTrial(caller: string, trial: unknown, i: number): Required<SearchTrial> {
  const where = `${caller}: trials[${i}]`;
  if (trial === null || typeof trial !== 'object' || Array.isArray(trial)) {
    throw new Error(`${where} is ${describeValue(trial)}, expected { params, score, state }`);
  }
  const { params, score, state = 'complete' } = trial as Partial<SearchTrial>;
  if (state !== 'complete' && state !== 'failed' && state !== 'pruned') {
    throw new Error(
      `${where}.state is ${describeValue(state)}, expected 'complete', 'failed' or 'pruned'`,
    );
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new Error(
      `${where}.params is ${describeValue(params)}, expected an object of parameter values`,
    );
  }
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      continue;
    }
    throw new Error(
      `${where}.params[${JSON.stringify(name)}] is ${describeValue(value)}, ` +
        'expected a finite number or a string',
    );
  }
  if (state === 'complete' && (typeof score !== 'number' || !Number.isFinite(score))) {
    throw new Error(
      `${where}.score is ${describeValue(score)}, expected a finite number ` +
        "(mark a trial without a score state: 'failed')",
    );
  }
  return { params, score: score as number, state };
}

/**
 * The parameters of the complete trials, in order of first appearance, each
 * numeric or categorical and on a log axis or not. Every complete trial must
 * set every parameter, as parallel coordinates have no place for a gap.
 */
function checkParameters(
  caller: string,
  trials: ScoredTrial[],
  logParams: readonly string[],
): Parameter[] {
  const names = [...new Set(trials.flatMap((trial) => Object.keys(trial.params)))];
  if (names.length === 0) {
    throw new Error(`${caller}: no complete trial has params, expected at least one parameter`);
  }
  for (const trial of trials) {
    const missing = names.find((name) => !(name in trial.params));
    if (missing !== undefined) {
      const other = trials.find((t) => missing in t.params) as ScoredTrial;
      throw new Error(
        `${caller}: trials[${trial.number - 1}].params has no ${JSON.stringify(missing)}, ` +
          `which trials[${other.number - 1}] has; expected the same parameters in every ` +
          'complete trial',
      );
    }
  }
  if (!Array.isArray(logParams)) {
    throw new Error(
      `${caller}: args.logParams is ${describeValue(logParams)}, expected an array of ` +
        'parameter names',
    );
  }
  logParams.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || !names.includes(name)) {
      throw new Error(
        `${caller}: args.logParams[${i}] is ${describeValue(name)}, expected one of the ` +
          `parameters: ${names.map((n) => JSON.stringify(n)).join(', ')}`,
      );
    }
  });

  return names.map((name) => {
    const values = trials.map((trial) => trial.params[name]);
    const log = logParams.includes(name);
    if (values.every((value) => typeof value === 'number')) {
      const bad = trials.find((trial) => !((trial.params[name] as number) > 0));
      if (log && bad !== undefined) {
        throw new Error(
          `${caller}: args.logParams names ${JSON.stringify(name)}, but ` +
            `trials[${bad.number - 1}] has ${describeValue(bad.params[name])}; expected ` +
            'values > 0 on a log axis',
        );
      }
      return { name, log };
    }
    if (log) {
      throw new Error(
        `${caller}: args.logParams names ${JSON.stringify(name)}, which has string values; ` +
          'expected a numeric parameter on a log axis',
      );
    }
    const categories = [...new Set(values.map(String))].sort((a, b) =>
      a.localeCompare(b, 'en', { numeric: true }),
    );
    return { name, categories, log };
  });
}

/** The layout of a search figure: the shared look with the trial counts as subtitle. */
function searchLayout(title: string, search: Search): Layout {
  const layout = baseLayout(title);
  (layout.title as Record<string, unknown>).subtitle = {
    text: search.subtitle,
    font: { size: 13, color: '#555' },
  };
  layout.margin = { t: 100, r: 30, b: 60, l: 70 };
  return layout;
}

/**
 * The axis type of a parameter in `parameterScoreFigure`. A log axis gets
 * the ticks of `logTicks`, written in full: plotly's own write 2 and 5
 * between the powers of ten, which read as values of their own.
 */
function parameterAxis(
  parameter: Parameter,
  trials: ScoredTrial[],
  maxTicks: number,
): Record<string, unknown> {
  if (parameter.categories !== undefined) {
    return {
      type: 'category',
      categoryorder: 'array',
      categoryarray: parameter.categories.map(escapePlotlyText),
      showgrid: false,
    };
  }
  const values = trials.map((trial) => trial.params[parameter.name] as number);
  const type = parameter.log ? { type: 'log' } : {};
  // One value alone: plotly would invent ticks around it (31.5, 32.5 for 32).
  if (new Set(values).size === 1) {
    return { ...type, tickvals: [values[0]], ticktext: [formatNumber(values[0])] };
  }
  if (!parameter.log) return {};
  const logs = values.map(Math.log10);
  const ticks = logTicks(Math.min(...logs), Math.max(...logs), maxTicks);
  return { ...type, tickvals: ticks, ticktext: ticks.map((tick) => formatNumber(tick)) };
}

/** A parameter's value as `parameterScoreFigure` places it: a category by its escaped text. */
function axisValue(parameter: Parameter, value: number | string): number | string {
  return parameter.categories === undefined ? value : escapePlotlyText(String(value));
}

/** A parcoords dimension's values and ticks for one parameter. */
function dimensionValues(parameter: Parameter, values: (number | string)[]) {
  const { categories } = parameter;
  if (categories !== undefined) {
    return {
      values: values.map((value) => categories.indexOf(String(value))),
      tickvals: categories.map((_, i) => i),
      // Unlike axis titles and legends, plotly writes parcoords tick labels as
      // plain text, so they take the choices as they are: escaped, they would
      // show as "&lt;".
      ticktext: categories,
      // One choice alone would make an axis of no length.
      range: categories.length === 1 ? [-1, 1] : [0, categories.length - 1],
    };
  }
  const numbers = values as number[];
  if (!parameter.log) return { values: numbers };
  const logs = numbers.map(Math.log10);
  // The axis runs between round values around the data, so that both its
  // ends are labelled, as plotly labels the ends of a linear axis.
  const [low, high] = roundLogRange(Math.min(...logs), Math.max(...logs));
  const ticks = logTicks(low, high);
  return {
    values: logs,
    range: [low, high],
    tickvals: ticks.map(Math.log10),
    ticktext: ticks.map((tick) => formatNumber(tick)),
  };
}

/**
 * The log10 range from the largest round value (1, 2 or 5 times a power of
 * ten; powers alone across three decades or more) at or below 10^low to the
 * smallest at or above 10^high.
 */
function roundLogRange(low: number, high: number): [number, number] {
  const steps = Math.ceil(high) - Math.floor(low) < 3 ? [1, 2, 5, 10] : [1, 10];
  const rounded = (at: number, down: boolean) => {
    const power = Math.floor(at);
    const candidates = steps.map((step) => Math.log10(step) + power);
    const fits = candidates.filter((c) => (down ? c <= at + 1e-9 : c >= at - 1e-9));
    return down ? Math.max(...fits) : Math.min(...fits);
  };
  return [rounded(low, true), rounded(high, false)];
}

/**
 * Tick values for a log axis from 10^low to 10^high: the powers of ten in
 * between, with 2 and 5 times each when there are fewer than three of them
 * and at most `maxTicks` ticks come out that way.
 */
function logTicks(low: number, high: number, maxTicks = Infinity): number[] {
  const ticksAt = (steps: number[]) => {
    const ticks: number[] = [];
    for (let power = Math.floor(low); power <= Math.ceil(high); power++) {
      for (const step of steps) {
        const tick = step * 10 ** power;
        const at = Math.log10(tick);
        if (at >= low - 1e-9 && at <= high + 1e-9) ticks.push(Number(tick.toPrecision(12)));
      }
    }
    return ticks;
  };
  const dense = Math.ceil(high) - Math.floor(low) < 3 ? ticksAt([1, 2, 5]) : [];
  return dense.length > 0 && dense.length <= maxTicks ? dense : ticksAt([1]);
}
