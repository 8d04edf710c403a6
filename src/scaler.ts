/**
 * Standardisation of feature columns to zero mean and unit variance. Fit it on
 * the training rows only and apply the same scaler to validation and test
 * rows, so that nothing about the held-out rows leaks into training.
 */

/**
 * Scales each column to zero mean and unit variance, as scikit-learn's
 * `StandardScaler` does: the standard deviation is the population one
 * (dividing by the number of rows, not one less), and a column that is
 * constant in the fitted rows gets a scale of 1, so it becomes zeros rather
 * than NaN or Infinity.
 */
export class StandardScaler {
  private fitted?: { mean: readonly number[]; scale: readonly number[] };

  /** The mean of each column of the rows last passed to `fit`. */
  get mean(): readonly number[] {
    return this.requireFitted('mean').mean;
  }

  /** The population standard deviation of each column, or 1 for a constant column. */
  get scale(): readonly number[] {
    return this.requireFitted('scale').scale;
  }

  /** Learns each column's mean and scale from `rows`, replacing any earlier fit. */
  fit(rows: readonly (readonly number[])[]): this {
    if (!Array.isArray(rows) || rows.length === 0) {
      throw new Error('StandardScaler.fit: expected at least one row');
    }
    const columnCount = Array.isArray(rows[0]) ? rows[0].length : 0;
    if (columnCount === 0) {
      throw new Error('StandardScaler.fit: expected rows with at least one column');
    }
    checkRows(rows, columnCount, 'fit', `rows[0] has ${columnCount}`);

    const mean: number[] = [];
    const scale: number[] = [];
    for (let j = 0; j < columnCount; j++) {
      const column = rows.map((row) => row[j]);
      const stats = columnStats(column);
      mean.push(stats.mean);
      scale.push(stats.scale);
    }
    this.fitted = { mean: Object.freeze(mean), scale: Object.freeze(scale) };
    return this;
  }

  /** Returns new rows with each value `(x - mean) / scale`, using the fitted columns. */
  transform(rows: readonly (readonly number[])[]): number[][] {
    const { mean, scale } = this.checkInput(rows, 'transform');
    return rows.map((row) => row.map((x, j) => (x - mean[j]) / scale[j]));
  }

  /** Fits on `rows` and returns them transformed. */
  fitTransform(rows: readonly (readonly number[])[]): number[][] {
    return this.fit(rows).transform(rows);
  }

  /** Undoes `transform`: returns new rows with each value `x * scale + mean`. */
  inverseTransform(rows: readonly (readonly number[])[]): number[][] {
    const { mean, scale } = this.checkInput(rows, 'inverseTransform');
    return rows.map((row) => row.map((x, j) => x * scale[j] + mean[j]));
  }

  private requireFitted(method: string): { mean: readonly number[]; scale: readonly number[] } {
    if (this.fitted === undefined) {
      throw new Error(
        `StandardScaler.${method}: the scaler is not fitted yet; call fit(rows) first`,
      );
    }
    return this.fitted;
  }

  private checkInput(
    rows: readonly (readonly number[])[],
    method: string,
  ): { mean: readonly number[]; scale: readonly number[] } {
    const fitted = this.requireFitted(method);
    if (!Array.isArray(rows)) {
      throw new Error(`StandardScaler.${method}: expected an array of rows`);
    }
    const columnCount = fitted.mean.length;
    checkRows(rows, columnCount, method, `the scaler was fitted on ${columnCount}`);
    return fitted;
  }
}

/** Checks that every row is an array of `columnCount` finite numbers. */
function checkRows(
  rows: readonly (readonly number[])[],
  columnCount: number,
  method: string,
  reason: string,
): void {
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== columnCount) {
      const found = Array.isArray(row)
        ? `${row.length} column${row.length === 1 ? '' : 's'}`
        : `a ${typeof row} instead of an array`;
      throw new Error(
        `StandardScaler.${method}: rows[${i}] has ${found}, ` +
          `expected ${columnCount} columns (${reason})`,
      );
    }
    const j = row.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
    if (j >= 0) {
      throw new Error(
        `StandardScaler.${method}: rows[${i}][${j}] is ${row[j]}, expected a finite number`,
      );
    }
  });
}

function columnStats(column: readonly number[]): { mean: number; scale: number } {
  // Testing for a constant column exactly, rather than for a zero variance,
  // matters: the mean of [0.1, 0.1, 0.1] computes as 0.10000000000000002, and
  // dividing by the tiny variance that leaves would blow rounding up to ±1.
  if (column.every((x) => x === column[0])) {
    return { mean: column[0], scale: 1 };
  }
  const n = column.length;
  const mean = column.reduce((sum, x) => sum + x, 0) / n;
  // Two passes (mean first, then squared deviations) avoid the cancellation of
  // the one-pass E[x²] - E[x]² formula on columns with a large mean.
  const variance = column.reduce((sum, x) => sum + (x - mean) ** 2, 0) / n;
  // Differences below about 1e-154 square to 0; such a column is constant in practice.
  return { mean, scale: variance > 0 ? Math.sqrt(variance) : 1 };
}
