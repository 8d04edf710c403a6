/**
 * Reading rows of inputs and targets into flat row-major typed arrays, with
 * every check that names what is wrong and where; and cutting flat arrays
 * back into rows for display.
 */
import { describeValue, requirePositiveInteger } from '../check';
import type { ParameterArray } from './optimizers';

/**
 * Cuts a flat row-major array into rows of `columns` numbers, for display:
 * `toRows(mlp.cache.a[0], 8)` gives the hidden activations row by row.
 */
export function toRows(values: ArrayLike<number>, columns: number): number[][] {
  requirePositiveInteger('columns', columns);
  if (values.length % columns !== 0) {
    throw new Error(
      `values has ${values.length} numbers; expected a multiple of columns (${columns})`,
    );
  }
  const rows: number[][] = [];
  for (let start = 0; start < values.length; start += columns) {
    rows.push(Array.from({ length: columns }, (_, j) => values[start + j]));
  }
  return rows;
}

/**
 * `x` as one flat array of rows of `width` numbers, in `dtype`: a flat typed
 * array as it is, an array of rows copied. Throws at a row of another width
 * or a value that is not finite.
 *
 * @internal
 */
export function readInputRows(
  x: readonly ArrayLike<number>[] | Float32Array | Float64Array,
  width: number,
  dtype: 'float32' | 'float64',
): ParameterArray {
  let flat: ParameterArray;
  if (x instanceof Float32Array || x instanceof Float64Array) {
    if (x.length === 0 || x.length % width !== 0) {
      throw new Error(
        `x is ${describeValue(x)}; ` +
          `expected a whole number of rows of ${width} (sizes[0]) numbers`,
      );
    }
    flat = x;
  } else {
    if (!Array.isArray(x) || x.length === 0) {
      throw new Error(`x is ${describeValue(x)}; expected a non-empty array of rows`);
    }
    const length = x.length * width;
    flat = dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
    for (let r = 0; r < x.length; r++) {
      const row: ArrayLike<number> = x[r];
      if (row?.length !== width) {
        throw new Error(`x[${r}] is ${describeValue(row)}; expected ${width} (sizes[0]) numbers`);
      }
      const start = r * width;
      for (let k = 0; k < width; k++) flat[start + k] = row[k];
    }
  }
  // Checked after the copy, so that a number too large for float32 counts too.
  if (!allFinite(flat)) requireFinite('x', flat, width);
  return flat;
}

/**
 * `y` as one flat array of `rows` × `outputs` targets: flat as given, or
 * rows of `outputs` numbers. Throws when the count does not match the rows
 * of x or a target lies outside [0, 1].
 *
 * @internal
 */
export function readTargets(
  y: ArrayLike<number> | readonly ArrayLike<number>[],
  rows: number,
  outputs: number,
): ArrayLike<number> {
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number') {
    throw new Error(`y is ${describeValue(y)}; expected ${rows} targets, one per row of x`);
  }
  const isNested = y.length > 0 && typeof y[0] === 'object' && y[0] !== null;
  const flat = isNested
    ? flattenRows(y as readonly ArrayLike<number>[], outputs)
    : (y as ArrayLike<number>);
  if (flat.length !== rows * outputs) {
    const count = isNested ? `${y.length} rows` : `${y.length} numbers`;
    throw new Error(
      `y has ${count} but x has ${rows} rows; expected ${rows * outputs} targets ` +
        `(${outputs} per row)`,
    );
  }
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (!(v >= 0 && v <= 1)) {
      throw new Error(
        `y[${i}] is ${describeValue(v)}; expected a target in [0, 1], such as a 0/1 label`,
      );
    }
  }
  return flat;
}

/**
 * Throws, naming the position, at the first value that is not finite:
 * `x[3][1]` for rows of `width` numbers, `x[7]` when width is 0.
 *
 * @internal
 */
export function requireFinite(name: string, values: ArrayLike<number>, width = 0): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const where = width > 0 ? `[${Math.floor(i / width)}][${i % width}]` : `[${i}]`;
      throw new Error(`${name}${where} is ${describeValue(values[i])}; expected a finite number`);
    }
  }
}

/** Whether every value is finite; the fast check before `requireFinite` says where one is not. */
function allFinite(values: ParameterArray): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

function flattenRows(rows: readonly ArrayLike<number>[], width: number): number[] {
  const flat: number[] = [];
  rows.forEach((row, r) => {
    if (row?.length !== width) {
      throw new Error(
        `y[${r}] is ${describeValue(row)}; expected ${width} targets (one per output)`,
      );
    }
    for (let j = 0; j < width; j++) flat.push(row[j]);
  });
  return flat;
}
