/** Imported by kernel-module.ts: the kernel must compile a local module's own imports too. */
export function half(x: number): number {
  return x / 2;
}
