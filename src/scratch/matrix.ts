/**
 * The matrix arithmetic of the scratch network, on flat row-major typed
 * arrays: one product kernel, a transpose, and the bias sums. No allocation,
 * so that a training step runs without garbage.
 *
 * @internal
 */
import type { ParameterArray } from './optimizers';

/**
 * out[i, j] = Σt a[i, t]·b[j, t] for the rows of `a` (aRows × inner) and
 * of `b` (bRows × inner): every row of a against every row of b, that is
 * a·bᵀ. The forward pass, the weight gradient and the input gradient are
 * all this product (of transposed copies where needed). Its inner loop is
 * a dot product of contiguous rows, four rows of a against four rows of b
 * at a time: each number loaded serves four products, the sixteen sums stay
 * in registers, and out is added to once per sum and block, never once per
 * product. (An r-k-j loop that adds into out in its inner loop measured
 * about three times slower in the classic model here.)
 *
 * With `blockSize` (a positive integer), the sum over t runs in blocks of
 * that many terms, each summed in float64 and then added into out, which
 * rounds to out's type: exactly the arithmetic of tfjs's cpu matMul (blocks
 * of 48), so a float32 `out` holds the very numbers tfjs computes. Defaults
 * to one block.
 */
export function multiplyRowsByRows(
  a: ParameterArray,
  aRows: number,
  b: ParameterArray,
  bRows: number,
  inner: number,
  out: ParameterArray,
  blockSize = inner,
): void {
  if (!(blockSize >= 1)) throw new Error(`blockSize is ${blockSize}; expected a positive integer`);
  out.fill(0, 0, aRows * bRows);
  for (let t0 = 0; t0 < inner; t0 += blockSize) {
    const t1 = Math.min(t0 + blockSize, inner);
    let i = 0;
    for (; i + 3 < aRows; i += 4) {
      let j = 0;
      for (; j + 3 < bRows; j += 4) addTile(a, i, b, j, bRows, inner, t0, t1, out);
      for (; j < bRows; j++) addDots(a, i, 4, b, j, bRows, inner, t0, t1, out);
    }
    for (; i < aRows; i++) {
      for (let j = 0; j < bRows; j++) addDots(a, i, 1, b, j, bRows, inner, t0, t1, out);
    }
  }
}

/** out[i..i+3, j..j+3] += the 4 × 4 dot products over t in [t0, t1). */
function addTile(
  a: ParameterArray,
  i: number,
  b: ParameterArray,
  j: number,
  bRows: number,
  inner: number,
  t0: number,
  t1: number,
  out: ParameterArray,
): void {
  const a0 = i * inner;
  const a1 = a0 + inner;
  const a2 = a1 + inner;
  const a3 = a2 + inner;
  const b0 = j * inner;
  const b1 = b0 + inner;
  const b2 = b1 + inner;
  const b3 = b2 + inner;
  let s00 = 0,
    s01 = 0,
    s02 = 0,
    s03 = 0,
    s10 = 0,
    s11 = 0,
    s12 = 0,
    s13 = 0;
  let s20 = 0,
    s21 = 0,
    s22 = 0,
    s23 = 0,
    s30 = 0,
    s31 = 0,
    s32 = 0,
    s33 = 0;
  for (let t = t0; t < t1; t++) {
    const y0 = b[b0 + t];
    const y1 = b[b1 + t];
    const y2 = b[b2 + t];
    const y3 = b[b3 + t];
    const x0 = a[a0 + t];
    s00 += x0 * y0;
    s01 += x0 * y1;
    s02 += x0 * y2;
    s03 += x0 * y3;
    const x1 = a[a1 + t];
    s10 += x1 * y0;
    s11 += x1 * y1;
    s12 += x1 * y2;
    s13 += x1 * y3;
    const x2 = a[a2 + t];
    s20 += x2 * y0;
    s21 += x2 * y1;
    s22 += x2 * y2;
    s23 += x2 * y3;
    const x3 = a[a3 + t];
    s30 += x3 * y0;
    s31 += x3 * y1;
    s32 += x3 * y2;
    s33 += x3 * y3;
  }
  let o = i * bRows + j;
  out[o] += s00;
  out[o + 1] += s01;
  out[o + 2] += s02;
  out[o + 3] += s03;
  o += bRows;
  out[o] += s10;
  out[o + 1] += s11;
  out[o + 2] += s12;
  out[o + 3] += s13;
  o += bRows;
  out[o] += s20;
  out[o + 1] += s21;
  out[o + 2] += s22;
  out[o + 3] += s23;
  o += bRows;
  out[o] += s30;
  out[o + 1] += s31;
  out[o + 2] += s32;
  out[o + 3] += s33;
}

/**
 * out[i + p, j] += Σt a[i + p, t]·b[j, t] over t in [t0, t1), for p < count:
 * the edges the tiles leave.
 */
function addDots(
  a: ParameterArray,
  i: number,
  count: number,
  b: ParameterArray,
  j: number,
  bRows: number,
  inner: number,
  t0: number,
  t1: number,
  out: ParameterArray,
): void {
  const b0 = j * inner;
  for (let p = 0; p < count; p++) {
    const a0 = (i + p) * inner;
    let sum = 0;
    for (let t = t0; t < t1; t++) sum += a[a0 + t] * b[b0 + t];
    out[(i + p) * bRows + j] += sum;
  }
}

/** target (cols × rows) ← the transpose of source (rows × cols). */
export function transpose(
  source: ParameterArray,
  rows: number,
  cols: number,
  target: ParameterArray,
): void {
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let c = 0; c < cols; c++) target[c * rows + r] = source[row + c];
  }
}

/** out[r, j] += bias[j] for every row. */
export function addBias(out: ParameterArray, rows: number, bias: ParameterArray, m: number): void {
  for (let r = 0; r < rows; r++) {
    const row = r * m;
    for (let j = 0; j < m; j++) out[row + j] += bias[j];
  }
}

/**
 * gradBias[j] = Σr delta[r, j], each sum taken in float64 and rounded once
 * to gradBias's type, as tfjs's cpu sum does.
 */
export function sumRows(
  delta: ParameterArray,
  rows: number,
  m: number,
  gradBias: ParameterArray,
): void {
  for (let j = 0; j < m; j++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += delta[r * m + j];
    gradBias[j] = sum;
  }
}
