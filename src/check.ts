/** Argument checks shared by the library: each names the argument, its value and what was expected. */

/** Throws unless `value` is an integer of at least 1. */
export function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} is ${value}; expected a positive integer`);
  }
}

/** Throws unless `value` is a finite number greater than 0. */
export function requirePositiveNumber(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`${name} is ${value}; expected a finite number > 0`);
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
