/**
 * Filling in missing feature values. `loadCsv(path, { missing: 'keep' })`
 * loads gaps as NaN; a {@link SimpleImputer} fitted on the training rows only
 * replaces them in every part of a split with statistics of the training rows,
 * so that nothing about the held-out rows leaks into training.
 */
import { describeValue } from './check';
import { checkRows, countColumns, meanOf, type Rows } from './scaler';

/** How {@link SimpleImputer} finds each column's fill value. */
export type ImputeStrategy = 'mean' | 'median' | 'constant';

/** Options for {@link SimpleImputer}. */
export interface SimpleImputerArgs {
  /**
   * `'mean'` or `'median'` of the values present in each column of the fitted
   * rows, or `'constant'` for `fillValue` in every column. Defaults to `'mean'`.
   */
  strategy?: ImputeStrategy;
  /** The value that fills every gap; required with strategy `'constant'` and only allowed then. */
  fillValue?: number;
  /**
   * The name of each column, such as a loaded data set's `featureNames`, for
   * error messages. Defaults to none: columns are then named by index only.
   */
  featureNames?: readonly string[];
}

const STRATEGIES: readonly ImputeStrategy[] = ['mean', 'median', 'constant'];

/**
 * Replaces NaN (a missing value) in each column with one value learnt from the
 * fitted rows, as scikit-learn's `SimpleImputer` does: their mean or median,
 * ignoring NaN, or a constant. A column with no value at all in the fitted rows
 * is an error, whatever the strategy: it could only ever hold the fill value.
 * Column indices in messages count from 0, as in `rows[i][j]`.
 *
 * @example
 * const data = await loadCsv(file, { label: 'diagnosis', missing: 'keep' });
 * const imputer = new SimpleImputer({ strategy: 'median', featureNames: data.featureNames });
 * imputer.fit(takeRows(data.features, split.train));
 * const xTrain = imputer.transform(takeRows(data.features, split.train));
 */
export class SimpleImputer {
  /** How the fill values are found. */
  readonly strategy: ImputeStrategy;
  /** The constant fill value with strategy `'constant'`, otherwise undefined. */
  readonly fillValue?: number;
  /** The column names given in the options, if any. */
  readonly featureNames?: readonly string[];

  private fitted?: readonly number[];

  constructor(options: SimpleImputerArgs = {}) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new Error(
        "SimpleImputer: options must be an object such as { strategy: 'median' } " +
          `or left out, got ${describeValue(options)}`,
      );
    }
    const { strategy = 'mean', fillValue, featureNames } = options;
    if (!STRATEGIES.includes(strategy)) {
      const valid = STRATEGIES.map((name) => `'${name}'`).join(', ');
      throw new Error(
        `SimpleImputer: strategy is ${describeValue(strategy)}; expected one of ${valid}`,
      );
    }
    if (strategy === 'constant') {
      if (typeof fillValue !== 'number' || !Number.isFinite(fillValue)) {
        throw new Error(
          `SimpleImputer: fillValue is ${describeValue(fillValue)}; ` +
            "strategy 'constant' needs a finite number",
        );
      }
    } else if (fillValue !== undefined) {
      throw new Error(
        `SimpleImputer: fillValue ${describeValue(fillValue)} is only used with strategy ` +
          `'constant', not '${strategy}'`,
      );
    }
    if (featureNames !== undefined && !Array.isArray(featureNames)) {
      throw new Error(
        'SimpleImputer: featureNames must be an array of column names, ' +
          `got ${describeValue(featureNames)}`,
      );
    }

    this.strategy = strategy;
    this.fillValue = fillValue;
    this.featureNames = featureNames === undefined ? undefined : Object.freeze([...featureNames]);
  }

  /** The value that replaces NaN in each column, learnt by the last `fit`. */
  get statistics(): readonly number[] {
    return this.requireFitted('statistics');
  }

  /**
   * Learns each column's fill value from `rows`, replacing any earlier fit.
   * Values must be finite numbers or NaN.
   */
  fit(rows: Rows): this {
    const context = 'SimpleImputer.fit';
    const columnCount = countColumns(rows, context);
    checkRows(rows, columnCount, context, `rows[0] has ${columnCount}`, true);
    if (this.featureNames !== undefined && this.featureNames.length !== columnCount) {
      throw new Error(
        `${context}: featureNames has ${this.featureNames.length} names ` +
          `but the rows have ${columnCount} columns`,
      );
    }

    const statistics: number[] = [];
    for (let j = 0; j < columnCount; j++) {
      const present = rows.map((row) => row[j]).filter((x) => !Number.isNaN(x));
      if (present.length === 0) {
        throw new Error(
          `${context}: ${this.describeColumn(j)} is missing (NaN) in all ${rows.length} ` +
            'fitted rows; a column without a single value teaches a model nothing, ' +
            "so leave it out (loadCsv's exclude option)",
        );
      }
      statistics.push(this.fillValueFor(present));
    }
    this.fitted = Object.freeze(statistics);
    return this;
  }

  /** Returns new rows with each NaN replaced by the fitted value of its column. */
  transform(rows: Rows): number[][] {
    const statistics = this.requireFitted('transform');
    const context = 'SimpleImputer.transform';
    const reason = `the imputer was fitted on ${statistics.length}`;
    checkRows(rows, statistics.length, context, reason, true);
    return rows.map((row) => row.map((x, j) => (Number.isNaN(x) ? statistics[j] : x)));
  }

  /** Fits on `rows` and returns them with their gaps filled. */
  fitTransform(rows: Rows): number[][] {
    return this.fit(rows).transform(rows);
  }

  private fillValueFor(present: number[]): number {
    switch (this.strategy) {
      case 'mean':
        // Not sum / n: the sum of [1e308, 1e308] overflows to Infinity.
        return meanOf(present);
      case 'median':
        return median(present);
      case 'constant':
        return this.fillValue as number;
    }
  }

  private describeColumn(j: number): string {
    const name = this.featureNames?.[j];
    if (name === undefined) return `column ${j}`;
    return `column ${j} (${describeValue(name)})`;
  }

  private requireFitted(method: string): readonly number[] {
    if (this.fitted === undefined) {
      throw new Error(
        `SimpleImputer.${method}: the imputer is not fitted yet; call fit(rows) first`,
      );
    }
    return this.fitted;
  }
}

/** The middle value, or the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle];
  const [a, b] = [sorted[middle - 1], sorted[middle]];
  const mean = (a + b) / 2;
  // a + b overflows for two values near 1e308; halving first is exact and cannot.
  return Number.isFinite(mean) ? mean : a / 2 + b / 2;
}
