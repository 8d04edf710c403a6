/**
 * Argument checks shared by the library: each names the argument, its value
 * and what was expected. `describeValue` writes the value for every such
 * message in the library, so that all of them read the same way.
 */
import { shorten } from './text';

/** How many characters of a string, or of an array's or object's JSON, a message shows. */
const SHOWN_LIMIT = 60;

/** Throws unless `value` is an integer of at least 1. */
export function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} is ${describeValue(value)}; expected a positive integer`);
  }
}

/** Throws unless `value` is a finite number greater than 0. */
export function requirePositiveNumber(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`${name} is ${describeValue(value)}; expected a finite number > 0`);
  }
}

/**
 * States a claim the surrounding text makes and checks it: prints
 * `✔ statement` when `holds` is true, throws `Claim failed: statement` when it
 * is false. Notebooks use it so that prose and printed numbers cannot drift
 * apart without failing the build.
 *
 * @example
 * verify(`test accuracy ${acc.toFixed(3)} is at least 0.95`, acc >= 0.95);
 */
export function verify(statement: string, holds: boolean): void {
  if (!holds) throw new Error(`Claim failed: ${statement}`);
  console.log(`✔ ${statement}`);
}

/**
 * Writes any value briefly, on one line, for an error message such as
 * `${name} is ${describeValue(value)}; expected ...`. Never throws.
 *
 * - `undefined`, `null`, `NaN`, `2.5`, `true`, `12n`, `Symbol(s)`: as in code
 * - a string: quoted by {@link quoteText}, `"abc"`
 * - `an empty array`, `an array of 3 items ([1,NaN,3])`, the items as JSON
 *   cut short, but with NaN, `12n` or `undefined` as in code
 * - `a Float32Array of 4 numbers`, `a tensor of shape [2, 3]`
 * - a plain object as that JSON cut short, `{"a":1}`; `an object with keys a, b`
 *   when it contains itself
 * - an instance of a class by its class name: `a Map`, `an EarlyStopping`
 * - `function max`, or `a function` when it has no name
 *
 * @internal
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quoteText(value);
    case 'bigint':
      return `${value}n`;
    case 'function':
      return value.name === '' ? 'a function' : `function ${value.name}`;
    case 'object':
      if (value === null) return 'null';
      try {
        return describeObject(value);
      } catch {
        // A getter or a proxy that throws: nothing more can be said safely.
        return 'an object';
      }
    default:
      return String(value);
  }
}

/**
 * `text` in double quotes, escaped as in JSON so that a line break shows as
 * `\n`; cut after its first 60 characters when longer, with its full length
 * said: `"aaaa"… (5000000 characters)`.
 *
 * @internal
 */
export function quoteText(text: string): string {
  if (text.length <= SHOWN_LIMIT) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, SHOWN_LIMIT))}… (${text.length} characters)`;
}

/**
 * Whether `value` looks like a tfjs tensor. Tested by shape rather than by
 * class so that a tensor from another copy of tfjs counts too; callers use it
 * to add a hint such as "tensor.arraySync() gives its rows".
 *
 * @internal
 */
export function isTensor(value: unknown): value is { shape: number[] } {
  const object = value as { shape?: unknown; dataSync?: unknown } | null | undefined;
  return Array.isArray(object?.shape) && typeof object?.dataSync === 'function';
}

function describeObject(value: object): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty array';
    const items = plural(value.length, 'item');
    // The first SHOWN_LIMIT items give more text than is shown, so a long
    // array is never written out in full.
    const json = valueJson(value.slice(0, SHOWN_LIMIT));
    if (json === undefined) return `an array of ${items}`;
    return `an array of ${items} (${shorten(json, SHOWN_LIMIT)})`;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const { length } = value as unknown as ArrayLike<unknown>;
    return `${withArticle(value.constructor.name)} of ${plural(length, 'number')}`;
  }
  if (isTensor(value)) return `a tensor of shape [${value.shape.join(', ')}]`;
  if (!isPlainObject(value)) {
    const name = (Object.getPrototypeOf(value).constructor as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' && name !== '' ? withArticle(name) : 'an object';
  }
  const json = valueJson(value);
  if (json !== undefined) return shorten(json, SHOWN_LIMIT);
  return `an object with keys ${shorten(Object.keys(value).join(', '), SHOWN_LIMIT)}`;
}

/** Marks text that stands for a value inside JSON and is written without quotes. */
const RAW = '\u2063';

/**
 * JSON of an array or plain object, except that what JSON would change or
 * drop is written as code would write it: `[NaN,1n,undefined]`, and a class
 * instance inside as `a Map`. Undefined when the value contains itself.
 */
function valueJson(value: object): string | undefined {
  const raw = (_key: string, item: unknown): unknown => {
    const isJson =
      item === null ||
      typeof item === 'string' ||
      typeof item === 'boolean' ||
      (typeof item === 'number' && Number.isFinite(item)) ||
      Array.isArray(item) ||
      (typeof item === 'object' && isPlainObject(item));
    return isJson ? item : `${RAW}${describeValue(item)}${RAW}`;
  };
  try {
    return JSON.stringify(value, raw).replace(/"\u2063(.*?)\u2063"/g, '$1');
  } catch {
    return undefined;
  }
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || prototype === Object.prototype;
}

/** `a Map`, `an Int32Array`: the article by the first letter, which suits class names. */
function withArticle(name: string): string {
  return `${/^[AEIO]/i.test(name) ? 'an' : 'a'} ${name}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
