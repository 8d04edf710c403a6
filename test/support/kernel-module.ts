/** A local module that a kernel test imports from a cell, as a notebook may import its own helpers. */
import { half } from './kernel-module-helper';

export function twice(x: number): number {
  return 2 * half(2 * x);
}
