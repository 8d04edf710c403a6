/**
 * Small two-class problems that no linear model solves, for training the
 * scratch network and drawing its decision boundary: XOR and two moons.
 */
import { describeValue, requirePositiveInteger } from '../check';
import { createRandom } from '../random';

/** Rows of two features and their 0/1 labels. */
export interface ToyDataset {
  /** One row [x1, x2] per point. */
  x: number[][];
  /** The label of each row, 0 or 1. */
  y: number[];
}

/** Options of `twoMoons`. */
export interface TwoMoonsArgs {
  /** Number of points, split as evenly as possible between the moons. Defaults to 200. */
  samples?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. Defaults to 0.1. */
  noise?: number;
  /** Seed of the positions and the noise. Defaults to 0. */
  seed?: number;
}

/** The four corners of the unit square, labelled 1 where exactly one coordinate is 1. */
export function xor(): ToyDataset {
  return {
    x: [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
    y: [0, 1, 1, 0],
  };
}

/**
 * Two interleaved half circles: label 0 on the upper arc (cos t, sin t),
 * label 1 on the lower arc (1 − cos t, 0.5 − sin t), t evenly spaced in
 * [0, π], each point moved by Gaussian noise. The rows alternate between
 * the classes in order of t; shuffle before splitting.
 *
 * @example
 * const { x, y } = twoMoons({ samples: 200, noise: 0.1, seed: 0 });
 */
export function twoMoons(args: TwoMoonsArgs = {}): ToyDataset {
  const { samples = 200, noise = 0.1, seed = 0 } = args;
  requirePositiveInteger('samples', samples);
  if (!(noise >= 0) || !Number.isFinite(noise)) {
    throw new Error(`noise is ${describeValue(noise)}; expected a finite number >= 0`);
  }
  const random = createRandom(seed);
  const gaussian = () => {
    // Box-Muller; 1 − random() lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    return radius * Math.cos(2 * Math.PI * random());
  };

  const upper = Math.ceil(samples / 2);
  const lower = samples - upper;
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < samples; i++) {
    const label = i % 2;
    const index = Math.floor(i / 2);
    const t = (Math.PI * index) / Math.max((label === 0 ? upper : lower) - 1, 1);
    const point = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    x.push(point.map((value) => value + noise * gaussian()));
    y.push(label);
  }
  return { x, y };
}
