/**
 * The search space of a hyperparameter search: for each parameter, the
 * values it may take. Integers and floats are ranges (a float on a linear or
 * a log scale), categorical parameters a list of choices, fixed ones a single
 * value that every trial records. Spaces are plain JSON, so that a stored
 * study can tell whether it is resumed with the same space.
 */
import { describeValue } from '../check';
import type { Random } from '../random';

/** A parameter value: a number, or a string for a categorical choice. */
export type ParamValue = number | string;

/** An integer range, both ends included. */
export interface IntParam {
  kind: 'int';
  low: number;
  high: number;
  /** Distance between two values: low, low + step, ... up to high. Defaults to 1. */
  step: number;
  /** Sample on a log scale (each power of ten alike), as for a layer width. Defaults to false. */
  log: boolean;
}

/** A float range, both ends included. */
export interface FloatParam {
  kind: 'float';
  low: number;
  high: number;
  /** Sample on a log scale (each power of ten alike), as for a learning rate. Defaults to false. */
  log: boolean;
  /**
   * How many values a grid search tries: evenly spaced from low to high,
   * on the log scale when `log`. Defaults to 3.
   */
  gridPoints: number;
}

/** A choice among listed values. */
export interface CategoricalParam<T extends ParamValue = ParamValue> {
  kind: 'categorical';
  choices: T[];
}

/** One value for every trial: recorded with the trial, never searched. */
export interface FixedParam<T extends ParamValue = ParamValue> {
  kind: 'fixed';
  value: T;
}

/** The range or the choices of one parameter. */
export type ParamSpec = IntParam | FloatParam | CategoricalParam | FixedParam;

/** Each parameter's name with its range or choices. */
export type SearchSpace = Record<string, ParamSpec>;

/**
 * Column names of the trials table that a parameter cannot take, as each
 * parameter gets a column of its own beside them.
 */
export const RESERVED_NAMES = [
  'trial',
  'state',
  'score',
  'seed',
  'epochsTrained',
  'durationMs',
  'error',
];

/**
 * Integers from `low` to `high`, both included.
 *
 * @example
 * const space = { units: int(8, 64, { log: true }), layers: int(1, 3) };
 */
export function int(
  low: number,
  high: number,
  options: { step?: number; log?: boolean } = {},
): IntParam {
  const param: IntParam = {
    kind: 'int',
    low,
    high,
    step: options.step ?? 1,
    log: options.log ?? false,
  };
  checkParam('int', param);
  return param;
}

/**
 * Floats from `low` to `high`; with `log: true` drawn evenly on a log scale,
 * so that 1e-4 to 1e-3 is as likely as 1e-2 to 1e-1.
 *
 * @example
 * const space = { learningRate: float(1e-4, 1e-1, { log: true }), dropout: float(0, 0.5) };
 */
export function float(
  low: number,
  high: number,
  options: { log?: boolean; gridPoints?: number } = {},
): FloatParam {
  const param: FloatParam = {
    kind: 'float',
    low,
    high,
    log: options.log ?? false,
    gridPoints: options.gridPoints ?? 3,
  };
  checkParam('float', param);
  return param;
}

/**
 * One of the listed values, numbers or strings.
 *
 * @example
 * const space = { batchSize: categorical([16, 32, 64]), optimizer: categorical(['adam', 'rmsprop']) };
 */
export function categorical<const T extends ParamValue>(
  choices: readonly T[],
): CategoricalParam<T> {
  const param: CategoricalParam<T> = {
    kind: 'categorical',
    choices: Array.isArray(choices) ? [...choices] : (choices as T[]),
  };
  checkParam('categorical', param);
  return param;
}

/**
 * The same value in every trial: not searched, but recorded with each trial
 * and passed to the objective like the others.
 *
 * @example
 * const space = { epochs: fixed(30), learningRate: float(1e-4, 1e-1, { log: true }) };
 */
export function fixed<const T extends ParamValue>(value: T): FixedParam<T> {
  const param: FixedParam<T> = { kind: 'fixed', value };
  checkParam('fixed', param);
  return param;
}

/**
 * Checks a whole space: at least one parameter, valid names, every range
 * or choice list valid. Throws naming the parameter, its value and what was
 * expected.
 *
 * @internal
 */
export function checkSpace(caller: string, space: unknown): asserts space is SearchSpace {
  if (space === null || typeof space !== 'object' || Array.isArray(space)) {
    throw new Error(
      `${caller}: space is ${describeValue(space)}; expected an object of parameters such as ` +
        '{ learningRate: float(1e-4, 1e-1, { log: true }), units: int(8, 64) }',
    );
  }
  const names = Object.keys(space);
  if (names.length === 0) {
    throw new Error(
      `${caller}: space is an empty object; expected at least one parameter such as ` +
        '{ units: int(8, 64) }',
    );
  }
  for (const name of names) {
    if (RESERVED_NAMES.includes(name)) {
      throw new Error(
        `${caller}: space has a parameter named ${JSON.stringify(name)}, which the trials ` +
          `table uses for its own column; expected another name (not ${RESERVED_NAMES.join(', ')})`,
      );
    }
    checkParam(`${caller}: space.${name}`, (space as Record<string, unknown>)[name]);
  }
}

/**
 * The values a grid search tries for one parameter, in increasing order
 * (choices in their listed order).
 *
 * @internal
 */
export function gridValues(param: ParamSpec): ParamValue[] {
  switch (param.kind) {
    case 'fixed':
      return [param.value];
    case 'categorical':
      return param.choices;
    case 'int': {
      const values: number[] = [];
      for (let value = param.low; value <= param.high; value += param.step) values.push(value);
      return values;
    }
    case 'float': {
      const n = param.gridPoints;
      if (n === 1)
        return [param.log ? Math.sqrt(param.low * param.high) : (param.low + param.high) / 2];
      return Array.from({ length: n }, (_, i) => {
        const t = i / (n - 1);
        if (i === n - 1) return param.high;
        return param.log
          ? Math.exp(Math.log(param.low) + t * (Math.log(param.high) - Math.log(param.low)))
          : param.low + t * (param.high - param.low);
      });
    }
  }
}

/**
 * One value for a parameter drawn with `random`: uniform over the range or
 * the choices, on the log scale for a `log` range.
 *
 * @internal
 */
export function sampleValue(param: ParamSpec, random: Random): ParamValue {
  const u = random();
  switch (param.kind) {
    case 'fixed':
      return param.value;
    case 'categorical':
      return param.choices[Math.floor(u * param.choices.length)];
    case 'float':
      if (!param.log) return param.low + u * (param.high - param.low);
      return Math.exp(Math.log(param.low) + u * (Math.log(param.high) - Math.log(param.low)));
    case 'int': {
      const count = Math.floor((param.high - param.low) / param.step) + 1;
      if (!param.log) return param.low + param.step * Math.floor(u * count);
      // Uniform in log over [low - 0.5, high + 0.5], so each end keeps a fair share, then onto the steps.
      const [a, b] = [Math.log(param.low - 0.5), Math.log(param.high + 0.5)];
      const value = Math.exp(a + u * (b - a));
      const index = Math.min(count - 1, Math.max(0, Math.round((value - param.low) / param.step)));
      return param.low + param.step * index;
    }
  }
}

/** Checks one parameter; `where` starts the message. */
function checkParam(where: string, param: unknown): asserts param is ParamSpec {
  const expected = 'expected int(low, high), float(low, high), categorical([...]) or fixed(value)';
  if (param === null || typeof param !== 'object' || Array.isArray(param)) {
    throw new Error(`${where} is ${describeValue(param)}; ${expected}`);
  }
  const spec = param as Partial<
    Record<'kind' | 'low' | 'high' | 'step' | 'log' | 'gridPoints', unknown>
  > & {
    choices?: unknown[];
    value?: unknown;
  };
  switch (spec.kind) {
    case 'fixed':
      checkValue(`${where}: value`, spec.value);
      return;
    case 'categorical': {
      const { choices } = spec;
      if (!Array.isArray(choices) || choices.length === 0) {
        throw new Error(
          `${where}: choices is ${describeValue(choices)}; expected a non-empty array of numbers or strings`,
        );
      }
      choices.forEach((choice, i) => checkValue(`${where}: choices[${i}]`, choice));
      const repeated = choices.find((choice, i) => choices.indexOf(choice) !== i);
      if (repeated !== undefined) {
        throw new Error(
          `${where}: choices is ${describeValue(choices)}, with ${describeValue(repeated)} twice; ` +
            'expected each choice once',
        );
      }
      return;
    }
    case 'int':
    case 'float':
      break;
    default:
      throw new Error(`${where} is ${describeValue(param)}; ${expected}`);
  }

  const { kind, low, high, log } = spec;
  const isInt = kind === 'int';
  const range = `${kind}(${describeValue(low)}, ${describeValue(high)})`;
  for (const [name, value] of [
    ['low', low],
    ['high', high],
  ] as const) {
    const ok =
      typeof value === 'number' && Number.isFinite(value) && (!isInt || Number.isInteger(value));
    if (!ok) {
      throw new Error(
        `${where}: ${range} has ${name} ${describeValue(value)}; expected a finite ${isInt ? 'integer' : 'number'}`,
      );
    }
  }
  if ((low as number) > (high as number)) {
    throw new Error(`${where}: ${range} has low > high; expected low <= high`);
  }
  if (typeof log !== 'boolean') {
    throw new Error(`${where}: log is ${describeValue(log)}; expected true or false`);
  }
  if (log && (low as number) <= 0) {
    throw new Error(
      `${where}: ${range} is on a log scale with low ${describeValue(low)}; expected both bounds > 0`,
    );
  }
  if (isInt) {
    const { step } = spec;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 1) {
      throw new Error(`${where}: step is ${describeValue(step)}; expected a positive integer`);
    }
  } else {
    const { gridPoints } = spec;
    if (typeof gridPoints !== 'number' || !Number.isInteger(gridPoints) || gridPoints < 1) {
      throw new Error(
        `${where}: gridPoints is ${describeValue(gridPoints)}; expected a positive integer`,
      );
    }
  }
}

function checkValue(where: string, value: unknown): void {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return;
  throw new Error(`${where} is ${describeValue(value)}; expected a finite number or a string`);
}
