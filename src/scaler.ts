/**
 * Scaling of feature columns: standardisation to zero mean and unit variance,
 * and min-max scaling into a fixed interval. Fit a scaler on the training rows
 * only and apply the same scaler to validation and test rows, so that nothing
 * about the held-out rows leaks into training.
 */
import { describeValue, isTensor } from './check';

/** Rows of numbers, one inner array per row, all of the same length. */
export type Rows = readonly (readonly number[])[];

/**
 * What the scalers share: `fit` learns something about each column of some
 * rows, after which `transform` maps every value of column j through one
 * per-column function and `inverseTransform` maps it back. Subclasses say what
 * to learn and how to map one value; the base checks every input, so a wrong
 * shape or a NaN fails with the row and column rather than spreading.
 */
export abstract class ColumnScaler<Fitted extends object> {
  private state?: { columnCount: number; fitted: Fitted };

  /** Starts every error message, as in "MinMaxScaler.fit: ...". */
  protected abstract readonly scalerName: string;

  /** Learns what the mapping needs from the columns of the fitted rows. */
  protected abstract fitColumns(columns: number[][]): Fitted;

  /** Maps value `x` of column `j` forwards. */
  protected abstract scaleValue(x: number, j: number, fitted: Fitted): number;

  /** Undoes {@link ColumnScaler.scaleValue}. */
  protected abstract unscaleValue(x: number, j: number, fitted: Fitted): number;

  /** Learns each column's statistics from `rows`, replacing any earlier fit. */
  fit(rows: Rows): this {
    const context = `${this.scalerName}.fit`;
    const columnCount = countColumns(rows, context);
    checkRows(rows, columnCount, context, `rows[0] has ${columnCount}`);

    const columns = Array.from({ length: columnCount }, (_, j) => rows.map((row) => row[j]));
    this.state = { columnCount, fitted: this.fitColumns(columns) };
    return this;
  }

  /** Returns new rows with every value scaled by the fitted statistics of its column. */
  transform(rows: Rows): number[][] {
    const fitted = this.checkInput(rows, 'transform');
    return rows.map((row) => row.map((x, j) => this.scaleValue(x, j, fitted)));
  }

  /** Fits on `rows` and returns them transformed. */
  fitTransform(rows: Rows): number[][] {
    return this.fit(rows).transform(rows);
  }

  /** Undoes `transform`: returns new rows in the units of the fitted rows. */
  inverseTransform(rows: Rows): number[][] {
    const fitted = this.checkInput(rows, 'inverseTransform');
    return rows.map((row) => row.map((x, j) => this.unscaleValue(x, j, fitted)));
  }

  /** Sets statistics saved earlier, as if `fit` had learnt them. */
  protected restore(fitted: Fitted, columnCount: number): void {
    this.state = { columnCount, fitted };
  }

  /** The fitted statistics; throws, naming `method`, when `fit` has not been called. */
  protected requireFitted(method: string): Fitted {
    if (this.state === undefined) {
      throw new Error(
        `${this.scalerName}.${method}: the scaler is not fitted yet; call fit(rows) first`,
      );
    }
    return this.state.fitted;
  }

  private checkInput(rows: Rows, method: string): Fitted {
    const fitted = this.requireFitted(method);
    const context = `${this.scalerName}.${method}`;
    const columnCount = this.state?.columnCount ?? 0;
    checkRows(rows, columnCount, context, `the scaler was fitted on ${columnCount}`);
    return fitted;
  }
}

/** What a {@link StandardScaler} learns from the fitted rows. */
interface StandardStats {
  mean: readonly number[];
  /** The population standard deviation, or 1 for a constant column. */
  scale: readonly number[];
}

/**
 * Scales each column to zero mean and unit variance, as scikit-learn's
 * `StandardScaler` does: the standard deviation is the population one
 * (dividing by the number of rows, not one less), and a column that is
 * constant in the fitted rows gets a scale of 1, so it becomes zeros rather
 * than NaN or Infinity.
 */
export class StandardScaler extends ColumnScaler<StandardStats> {
  protected readonly scalerName = 'StandardScaler';

  /** The mean of each column of the rows last passed to `fit`. */
  get mean(): readonly number[] {
    return this.requireFitted('mean').mean;
  }

  /** The population standard deviation of each column, or 1 for a constant column. */
  get scale(): readonly number[] {
    return this.requireFitted('scale').scale;
  }

  protected fitColumns(columns: number[][]): StandardStats {
    const stats = columns.map(meanAndScale);
    return {
      mean: Object.freeze(stats.map((s) => s.mean)),
      scale: Object.freeze(stats.map((s) => s.scale)),
    };
  }

  /**
   * The fitted statistics as plain data, so that `JSON.stringify(scaler)`
   * saves the scaler beside its model; `StandardScaler.fromJSON` restores it.
   */
  toJSON(): { scaler: 'StandardScaler'; mean: number[]; scale: number[] } {
    const { mean, scale } = this.requireFitted('toJSON');
    return { scaler: 'StandardScaler', mean: [...mean], scale: [...scale] };
  }

  /**
   * Restores a scaler saved with `JSON.stringify(scaler)`: it transforms
   * exactly as the saved one did.
   *
   * @example
   * fs.writeFileSync('scaler.json', JSON.stringify(scaler));
   * const again = StandardScaler.fromJSON(JSON.parse(fs.readFileSync('scaler.json', 'utf8')));
   */
  static fromJSON(saved: unknown): StandardScaler {
    const { mean, scale } = (saved ?? {}) as { mean?: unknown; scale?: unknown };
    const isNumbers = (xs: unknown): xs is number[] =>
      Array.isArray(xs) &&
      xs.length > 0 &&
      xs.every((x) => typeof x === 'number' && Number.isFinite(x));
    if (
      (saved as { scaler?: unknown })?.scaler !== 'StandardScaler' ||
      !isNumbers(mean) ||
      !isNumbers(scale) ||
      mean.length !== scale.length ||
      scale.some((x) => x <= 0)
    ) {
      throw new Error(
        'StandardScaler.fromJSON: expected { scaler: "StandardScaler", mean, scale } as written by ' +
          'JSON.stringify(scaler), with as many finite means as positive scales',
      );
    }
    const scaler = new StandardScaler();
    scaler.restore(
      { mean: Object.freeze([...mean]), scale: Object.freeze([...scale]) },
      mean.length,
    );
    return scaler;
  }

  protected scaleValue(x: number, j: number, { mean, scale }: StandardStats): number {
    const scaled = (x - mean[j]) / scale[j];
    // x - mean overflows for, say, x = 1e308 and a mean of -1e308; halving
    // both first is exact and cannot overflow.
    return Number.isFinite(scaled) ? scaled : ((x / 2 - mean[j] / 2) / scale[j]) * 2;
  }

  protected unscaleValue(x: number, j: number, { mean, scale }: StandardStats): number {
    return x * scale[j] + mean[j];
  }
}

/** Options for {@link MinMaxScaler}. */
export interface MinMaxScalerArgs {
  /**
   * The interval `[lower, upper]` that each column's fitted minimum and maximum
   * map to. Defaults to `[0, 1]`.
   */
  featureRange?: readonly [number, number];
}

/** What a {@link MinMaxScaler} learns from the fitted rows. */
interface MinMaxStats {
  dataMin: readonly number[];
  dataMax: readonly number[];
  /** `dataMax - dataMin`, or 1 for a constant column; Infinity when the difference overflows. */
  dataRange: readonly number[];
  /** `dataMax / 2 - dataMin / 2`, or 0.5 for a constant column: finite for every column. */
  halfRange: readonly number[];
}

/**
 * Scales each column linearly so that its minimum in the fitted rows becomes
 * the lower bound of `featureRange` and its maximum the upper bound, as
 * scikit-learn's `MinMaxScaler` does. Values of later rows outside the fitted
 * minimum and maximum land outside the range; they are not clipped. A column
 * that is constant in the fitted rows maps to the lower bound, never to NaN or
 * Infinity.
 *
 * @example
 * const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit([[2], [4], [10]]);
 * scaler.transform([[4]]);   // [[-0.5]]
 */
export class MinMaxScaler extends ColumnScaler<MinMaxStats> {
  protected readonly scalerName = 'MinMaxScaler';

  /** The interval the fitted minimum and maximum of each column map to. */
  readonly featureRange: readonly [number, number];

  constructor(options: MinMaxScalerArgs = {}) {
    super();
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new Error(
        'MinMaxScaler: options must be an object such as { featureRange: [0, 1] } ' +
          `or left out, got ${describeValue(options)}`,
      );
    }
    const range = options.featureRange ?? [0, 1];
    const valid =
      Array.isArray(range) &&
      range.length === 2 &&
      range.every((bound) => typeof bound === 'number' && Number.isFinite(bound)) &&
      range[0] < range[1];
    if (!valid) {
      throw new Error(
        `MinMaxScaler: featureRange is ${describeValue(range)}; ` +
          'expected [lower, upper] with finite numbers and lower < upper',
      );
    }
    this.featureRange = Object.freeze([range[0], range[1]] as [number, number]);
  }

  /** The minimum of each column of the rows last passed to `fit`. */
  get dataMin(): readonly number[] {
    return this.requireFitted('dataMin').dataMin;
  }

  /** The maximum of each column of the rows last passed to `fit`. */
  get dataMax(): readonly number[] {
    return this.requireFitted('dataMax').dataMax;
  }

  protected fitColumns(columns: number[][]): MinMaxStats {
    const dataMin = columns.map((column) => column.reduce((a, b) => Math.min(a, b)));
    const dataMax = columns.map((column) => column.reduce((a, b) => Math.max(a, b)));
    // A range of 1 for a constant column sends its value to (x - min) * 1 = 0,
    // then to the lower bound, where dividing by the range of 0 would give NaN.
    const dataRange = dataMin.map((min, j) => (dataMax[j] > min ? dataMax[j] - min : 1));
    const halfRange = dataMin.map((min, j) => (dataMax[j] > min ? dataMax[j] / 2 - min / 2 : 0.5));
    return {
      dataMin: Object.freeze(dataMin),
      dataMax: Object.freeze(dataMax),
      dataRange: Object.freeze(dataRange),
      halfRange: Object.freeze(halfRange),
    };
  }

  // The forms below (rather than one precomputed slope and intercept) map the
  // fitted minimum and maximum exactly onto the bounds. When a difference
  // overflows (a column spanning -1e308 to 1e308), the same forms on halved
  // values, which is exact, take over.
  protected scaleValue(
    x: number,
    j: number,
    { dataMin, dataRange, halfRange }: MinMaxStats,
  ): number {
    const [lower, upper] = this.featureRange;
    let fraction = (x - dataMin[j]) / dataRange[j];
    if (!Number.isFinite(fraction) || !Number.isFinite(dataRange[j])) {
      fraction = (x / 2 - dataMin[j] / 2) / halfRange[j];
    }
    return fraction * (upper - lower) + lower;
  }

  protected unscaleValue(
    x: number,
    j: number,
    { dataMin, dataRange, halfRange }: MinMaxStats,
  ): number {
    const [lower, upper] = this.featureRange;
    const fraction = (x - lower) / (upper - lower);
    if (Number.isFinite(dataRange[j])) {
      return fraction * dataRange[j] + dataMin[j];
    }
    return (fraction * halfRange[j] + dataMin[j] / 2) * 2;
  }
}

/** How a call should pass its rows, for messages about rows of the wrong shape. */
const ROWS_EXAMPLE = 'rows such as [[1, 2], [3, 4]], one array of numbers per row';

/**
 * Checks that `rows` is a non-empty array whose first row has at least one
 * column, and returns that column count. A flat array of numbers, a typed
 * array or a tensor is refused with what was received. Shared with the
 * imputer.
 *
 * @internal
 */
export function countColumns(rows: Rows, context: string): number {
  if (!Array.isArray(rows)) {
    const hint = isTensor(rows) ? '; tensor.arraySync() gives its rows' : '';
    throw new Error(`${context}: expected ${ROWS_EXAMPLE}, got ${describeValue(rows)}${hint}`);
  }
  if (rows.length === 0) {
    throw new Error(`${context}: expected at least one row`);
  }
  const first: unknown = rows[0];
  if (typeof first === 'number') {
    throw new Error(
      `${context}: got a flat array of numbers; expected ${ROWS_EXAMPLE} ` +
        '(for a single feature, values.map((x) => [x]))',
    );
  }
  if (!Array.isArray(first)) {
    throw new Error(
      `${context}: rows[0] is ${describeValue(first)}; expected ${ROWS_EXAMPLE}` +
        (ArrayBuffer.isView(first) ? ' (Array.from(row) converts a typed array)' : ''),
    );
  }
  if (first.length === 0) {
    throw new Error(`${context}: expected rows with at least one column, got rows[0] = []`);
  }
  return first.length;
}

/**
 * Checks that every row is an array of `columnCount` finite numbers, or of
 * finite numbers and NaN when `allowNaN` is set (NaN marks a missing value for
 * the imputer). `reason` says where the expected count comes from. Shared with
 * the imputer.
 *
 * @internal
 */
export function checkRows(
  rows: Rows,
  columnCount: number,
  context: string,
  reason: string,
  allowNaN = false,
): void {
  if (!Array.isArray(rows)) {
    throw new Error(`${context}: expected ${ROWS_EXAMPLE}, got ${describeValue(rows)}`);
  }
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== columnCount) {
      const found = Array.isArray(row)
        ? `has ${row.length} column${row.length === 1 ? '' : 's'}`
        : `is ${describeValue(row)} instead of an array`;
      throw new Error(
        `${context}: rows[${i}] ${found}, expected ${columnCount} columns (${reason})`,
      );
    }
    const isAllowed = (x: unknown): boolean =>
      typeof x === 'number' && (Number.isFinite(x) || (allowNaN && Number.isNaN(x)));
    const j = row.findIndex((x) => !isAllowed(x));
    if (j >= 0) {
      const expected = allowNaN ? 'a finite number or NaN (missing)' : 'a finite number';
      const value: unknown = row[j];
      throw new Error(
        `${context}: rows[${i}][${j}] is ${describeValue(value)}, expected ${expected}`,
      );
    }
  });
}

/**
 * The mean of finite `values`, without overflow: [1e308, 1e308] gives 1e308,
 * not Infinity. Gives the same bits as sum / n whenever that does not overflow.
 * Shared with the imputer.
 *
 * @internal
 */
export function meanOf(values: readonly number[]): number {
  const unit = powerOfTwoNear(values);
  return (values.reduce((sum, x) => sum + x / unit, 0) / values.length) * unit;
}

function meanAndScale(column: readonly number[]): { mean: number; scale: number } {
  // Testing for a constant column exactly, rather than for a zero variance,
  // matters: the mean of [0.1, 0.1, 0.1] computes as 0.10000000000000002, and
  // dividing by the tiny variance that leaves would blow rounding up to ±1.
  if (column.every((x) => x === column[0])) {
    return { mean: column[0], scale: 1 };
  }
  // Working on x / 2^k, with 2^k near the largest |x|, keeps the sums and
  // squares of values above 1e154 from overflowing. Dividing and multiplying by
  // a power of two is exact, so ordinary columns get the very same bits.
  const unit = powerOfTwoNear(column);
  const scaled = column.map((x) => x / unit);
  const n = scaled.length;
  const mean = scaled.reduce((sum, y) => sum + y, 0) / n;
  // Two passes (mean first, then squared deviations) avoid the cancellation of
  // the one-pass E[x²] - E[x]² formula on columns with a large mean.
  const variance = scaled.reduce((sum, y) => sum + (y - mean) ** 2, 0) / n;
  // Differences below about 1e-154 of the largest value square to 0; such a
  // column is constant in practice.
  return { mean: mean * unit, scale: variance > 0 ? Math.sqrt(variance) * unit : 1 };
}

/**
 * A power of two between half the largest |x| and the largest |x| (1 if all
 * are 0), finite for every finite input, so that x / it lies in (-2, 2).
 */
function powerOfTwoNear(values: readonly number[]): number {
  const largest = values.reduce((max, x) => Math.max(max, Math.abs(x)), 0);
  return largest === 0 ? 1 : 2 ** Math.floor(Math.log2(largest));
}
