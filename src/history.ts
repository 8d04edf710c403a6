/**
 * The record of a training run, shaped like Keras's `History`: one entry in
 * `epoch` per finished epoch, and one array per logged quantity in `history`,
 * keyed by the names the user passed (`loss`, `accuracy`, `val_loss`,
 * `val_accuracy`, ...).
 */
export interface History {
  /** Zero-based index of each finished epoch. */
  epoch: number[];
  /** Per-epoch values, one array per logged quantity, aligned with `epoch`. */
  history: Record<string, number[]>;
}
