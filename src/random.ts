/**
 * Seeded randomness for everything the library shuffles or samples, so a
 * notebook run with the same seed gives the same split, the same batches and
 * the same weights every time.
 */
import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1), reproducible from its seed. */
export type Random = () => number;

/** Returns a seeded generator (the Alea algorithm from `seedrandom`). */
export function createRandom(seed: number | string): Random {
  return seedrandom.alea(String(seed));
}

/** Returns a new array holding `items` in a seeded random order (Fisher-Yates). */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Derives an integer seed for a sub-task (a layer, an epoch) from a parent seed. */
export function deriveSeed(seed: number, ...path: (number | string)[]): number {
  const random = createRandom([seed, ...path].join('/'));
  return Math.floor(random() * 2 ** 31);
}
