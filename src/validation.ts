/**
 * Measuring generalisation with more than one split: k-fold cross-validation
 * and the learning curve (scores against training-set size). Both train
 * fresh models from a `build` function, score each on rows it never trained
 * on, free it, and return plain objects of numbers for `showTable` or a
 * DataFrame.
 *
 * Every score comes from the model as training left it (with the best
 * weights put back when early stopping restores them), in inference mode:
 * no dropout, no L2 penalty. So the training and validation losses are the
 * same quantity on different rows, and their gap measures overfitting; the
 * `loss` tfjs logs during training is neither (it averages over the epoch
 * with dropout active and includes the L2 penalty, which `val_loss` does not).
 */
import type * as tf from '@tensorflow/tfjs';
import { describeValue, requirePositiveInteger } from './check';
import { groupByClass, kFold } from './folds';
import { accuracy, logLoss } from './metrics';
import { disposeModel, predictProbabilities } from './model';
import { createRandom, deriveSeed, shuffled, type Random } from './random';
import { summarize } from './repeat';
import { StandardScaler } from './scaler';
import { stratifiedSplit, takeRows } from './split';
import { train, type TrainArgs } from './train';

/** How features are scaled before training: fitted on each run's training rows only. */
export type ScalerChoice = 'standard' | 'none';

/** Options of `train` for each run; the validation rows are chosen for it. */
export type RunTrainArgs = Omit<TrainArgs, 'validationData' | 'validationSplit'>;

/** The scores of one trained model, all measured after training in inference mode. */
export type ValidationScores = {
  /** Epochs trained: fewer than `train.epochs` when early stopping ended the run. */
  epochsTrained: number;
  /** Binary cross-entropy on the training rows. */
  finalTrainLoss: number;
  /** Binary cross-entropy on the validation rows. */
  finalValLoss: number;
  /** `finalValLoss − finalTrainLoss`: how much worse the model does on unseen rows. */
  lossGap: number;
  /** Accuracy on the training rows, predicting 1 for probabilities of at least 0.5. */
  trainAccuracy: number;
  /** Accuracy on the validation rows, predicting 1 for probabilities of at least 0.5. */
  valAccuracy: number;
};

/** Options of `crossValidate`. */
export interface CrossValidateArgs {
  /** One row of numbers per example. Required. */
  features: number[][];
  /** One 0/1 label per row. Required. */
  labels: number[];
  /** Number of stratified folds, from 2 to the row count of the rarest class. Required. */
  folds: number;
  /** Seed of the folds, and of training when `train.seed` is not given. Required. */
  seed: number;
  /**
   * Builds a fresh compiled model for the zero-based `fold`, such as
   * `(fold) => denseClassifier({ inputDim: 30, seed: fold })`. Each model is
   * disposed once scored. Required.
   */
  build: (fold: number) => tf.LayersModel;
  /**
   * Options of `train` for every fold (the fold's rows are its validation
   * data). Callbacks are shared by the folds; `earlyStopping` starts afresh
   * each time. `verbose` defaults to false here; `seed` defaults to one
   * derived from `seed` and the fold. Required, for `epochs`.
   */
  train: RunTrainArgs;
  /** Scaling of the features, fitted on each fold's training rows only. Defaults to `'standard'`. */
  scaler?: ScalerChoice;
}

/** One fold's sizes and scores. */
export type FoldScores = {
  /** Zero-based index of the fold that was held out. */
  fold: number;
  /** Rows the fold's model trained on. */
  trainRows: number;
  /** Rows of the fold, scored as validation. */
  validationRows: number;
} & ValidationScores;

/** The result of `crossValidate`: one row per fold, then the summary over folds. */
export interface CrossValidation {
  /** The scores of each fold, in fold order. */
  folds: FoldScores[];
  /** The mean of each score over the folds. */
  mean: ValidationScores;
  /** The sample standard deviation (n − 1) of each score over the folds. */
  std: ValidationScores;
}

/** Options of `learningCurve`. */
export interface LearningCurveArgs {
  /** One row of numbers per example. Required. */
  features: number[][];
  /** One 0/1 label per row. Required. */
  labels: number[];
  /**
   * Training-set sizes to try, in the order the result lists them: a number
   * up to 1 is a fraction of the training rows (1 is all of them), a larger
   * one a row count. Required.
   */
  sizes: number[];
  /**
   * Validation rows to score every run on; all of `features` then serve as
   * training rows. Defaults to a held-out part of `features` (`validationSplit`).
   */
  validationData?: [number[][], number[]];
  /**
   * Fraction of `features` held out for validation when `validationData` is
   * not given, in (0, 1): a stratified draw seeded by `seed`, the same for
   * every size and repeat. Defaults to 0.2.
   */
  validationSplit?: number;
  /**
   * Builds a fresh compiled model for the zero-based `repeat`. Give it the
   * same initial weights for the same repeat, such as
   * `(repeat) => denseClassifier({ inputDim: 30, seed: repeat })`, so that
   * within a repeat the sizes differ in data only. Required.
   */
  build: (repeat: number) => tf.LayersModel;
  /**
   * Options of `train` for every run, as for `crossValidate`: `verbose`
   * defaults to false, `seed` to one derived from `seed` and the repeat.
   * Required, for `epochs`.
   */
  train: RunTrainArgs;
  /** Seed of the validation split and of the subsets. Required. */
  seed: number;
  /** Runs per size, each with other subsets and weights; more repeats give steadier means. Defaults to 1. */
  repeats?: number;
  /** Scaling of the features, fitted on each run's training rows only. Defaults to `'standard'`. */
  scaler?: ScalerChoice;
}

/** One run of the learning curve: a model trained on `trainRows` rows. */
export type LearningCurveRun = {
  /** Rows the model trained on. */
  trainRows: number;
  /** Zero-based repeat. */
  repeat: number;
} & ValidationScores;

/**
 * One point of the learning curve: the mean (`...Mean`) and sample standard
 * deviation (`...Std`, n − 1; NaN for a single repeat) of each score over the
 * repeats at one training-set size.
 */
export type LearningCurvePoint = { trainRows: number } & {
  [K in keyof ValidationScores as `${K}Mean` | `${K}Std`]: number;
};

/** The result of `learningCurve`. */
export interface LearningCurve {
  /** One summary per size, in the order of `sizes`. */
  points: LearningCurvePoint[];
  /** Every run, by size in the order of `sizes`, then by repeat. */
  runs: LearningCurveRun[];
}

/**
 * Stratified k-fold cross-validation: splits the rows with `kFold`, and for
 * each fold scales the features (fitted on the other folds), trains a fresh
 * model from `build` on the other folds, scores it on training and fold rows
 * and disposes it. Returns each fold's scores with their mean and sample
 * standard deviation.
 *
 * @example
 * const cv = await crossValidate({
 *   features: data.features, labels: data.labels, folds: 5, seed: 42,
 *   build: (fold) => denseClassifier({ inputDim: 30, hiddenUnits: [16], dropout: 0.2, seed: fold }),
 *   train: { epochs: 30, batchSize: 32 },
 * });
 * showTable([...cv.folds, cv.mean]);
 */
export async function crossValidate(args: CrossValidateArgs): Promise<CrossValidation> {
  const context = 'crossValidate';
  requireArgs(args, context);
  const { features, labels, folds, seed, build, scaler = 'standard' } = args;
  checkData(features, labels, context, 'features', 'labels');
  checkRunOptions(args, context);
  const splits = kFold(labels, { folds, seed });

  const results: FoldScores[] = [];
  for (const [fold, split] of splits.entries()) {
    const scores = await trainAndScore({
      build: () => build(fold),
      buildText: `build(${fold})`,
      train: [takeRows(features, split.train), takeRows(labels, split.train)],
      validation: [takeRows(features, split.validation), takeRows(labels, split.validation)],
      trainArgs: { ...args.train, seed: args.train.seed ?? deriveSeed(seed, 'fold', fold) },
      scaler,
      context,
    });
    results.push({
      fold,
      trainRows: split.train.length,
      validationRows: split.validation.length,
      ...scores,
    });
  }
  return { folds: results, ...summarize(results.map(scoresOf)) };
}

/**
 * The learning curve: the scores of models trained on more and more rows, on
 * the same validation rows. Within a repeat the training subsets are nested,
 * each larger one holding the smaller ones, and every subset keeps the class
 * balance of the training rows (give or take a row per class); each repeat
 * draws another nesting and builds models with another `repeat`. Nesting
 * makes the curve show what adding rows does, rather than the luck of a new
 * draw at each size, as scikit-learn's `learning_curve` does too.
 *
 * @example
 * const curve = await learningCurve({
 *   features: data.features, labels: data.labels, sizes: [0.1, 0.25, 0.5, 1],
 *   build: (repeat) => denseClassifier({ inputDim: 30, seed: repeat }),
 *   train: { epochs: 30 }, seed: 42, repeats: 3,
 * });
 * showTable(curve.points); // trainRows, finalValLossMean, finalValLossStd, ...
 */
export async function learningCurve(args: LearningCurveArgs): Promise<LearningCurve> {
  const context = 'learningCurve';
  requireArgs(args, context);
  const { features, labels, sizes, seed, build, repeats = 1, scaler = 'standard' } = args;
  checkData(features, labels, context, 'features', 'labels');
  checkRunOptions(args, context);
  requirePositiveInteger(`${context}: repeats`, repeats);

  let pool: number[];
  let validation: [number[][], number[]];
  if (args.validationData !== undefined) {
    const given = args.validationData;
    if (!Array.isArray(given) || given.length !== 2) {
      throw new Error(
        `${context}: validationData is ${describeValue(given)}; expected a pair [features, labels]`,
      );
    }
    checkData(given[0], given[1], context, 'validationData[0]', 'validationData[1]');
    pool = labels.map((_, row) => row);
    validation = given;
  } else {
    const fraction = args.validationSplit ?? 0.2;
    if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
      throw new Error(
        `${context}: validationSplit is ${describeValue(fraction)}; expected a fraction between 0 and 1`,
      );
    }
    const split = stratifiedSplit(labels, {
      fractions: { train: 1 - fraction, validation: fraction },
      seed: deriveSeed(seed, 'validation'),
    });
    pool = split.train;
    validation = [takeRows(features, split.validation), takeRows(labels, split.validation)];
  }
  const counts = resolveSizes(sizes, pool.length, context);

  const poolLabels = takeRows(labels, pool);
  const orders = Array.from({ length: repeats }, (_, repeat) =>
    stratifiedOrder(poolLabels, createRandom(deriveSeed(seed, 'repeat', repeat))).map(
      (k) => pool[k],
    ),
  );
  const runs: LearningCurveRun[] = [];
  const points: LearningCurvePoint[] = [];
  for (const trainRows of counts) {
    const atSize: LearningCurveRun[] = [];
    for (const [repeat, order] of orders.entries()) {
      const rows = order.slice(0, trainRows);
      const scores = await trainAndScore({
        build: () => build(repeat),
        buildText: `build(${repeat})`,
        train: [takeRows(features, rows), takeRows(labels, rows)],
        validation,
        trainArgs: { ...args.train, seed: args.train.seed ?? deriveSeed(seed, 'train', repeat) },
        scaler,
        context,
      });
      atSize.push({ trainRows, repeat, ...scores });
    }
    runs.push(...atSize);
    points.push(pointOf(trainRows, summarize(atSize.map(scoresOf))));
  }
  return { points, runs };
}

/** What one run needs: a model to build, its data, and how to train it. */
interface RunPlan {
  build: () => tf.LayersModel;
  /** The call that builds the model, for messages: `build(2)`. */
  buildText: string;
  train: [number[][], number[]];
  validation: [number[][], number[]];
  trainArgs: RunTrainArgs;
  scaler: ScalerChoice;
  context: string;
}

/** Scales, builds, trains and scores one model, and disposes it whatever happens. */
async function trainAndScore(plan: RunPlan): Promise<ValidationScores> {
  let [xTrain, yTrain] = plan.train;
  let [xVal, yVal] = plan.validation;
  if (plan.scaler === 'standard') {
    const scaler = new StandardScaler().fit(xTrain);
    xTrain = scaler.transform(xTrain);
    xVal = scaler.transform(xVal);
  }

  const model = plan.build();
  const isModel =
    typeof model === 'object' &&
    model !== null &&
    typeof (model as Partial<tf.LayersModel>).fit === 'function' &&
    typeof (model as Partial<tf.LayersModel>).predict === 'function';
  if (!isModel) {
    throw new Error(
      `${plan.context}: ${plan.buildText} returned ${describeValue(model)}; ` +
        'expected a compiled model such as denseClassifier({ inputDim: 2 })',
    );
  }
  try {
    const history = await train(model, xTrain, yTrain, {
      ...plan.trainArgs,
      verbose: plan.trainArgs.verbose ?? false,
      validationData: [xVal, yVal],
    });
    const trainProbabilities = predictProbabilities(model, xTrain);
    const valProbabilities = predictProbabilities(model, xVal);
    const finalTrainLoss = logLoss(yTrain, trainProbabilities);
    const finalValLoss = logLoss(yVal, valProbabilities);
    return {
      epochsTrained: history.epoch.length,
      finalTrainLoss,
      finalValLoss,
      lossGap: finalValLoss - finalTrainLoss,
      trainAccuracy: accuracy(yTrain, thresholded(trainProbabilities)),
      valAccuracy: accuracy(yVal, thresholded(valProbabilities)),
    };
  } finally {
    disposeModel(model);
  }
}

/** The scores of a fold or run, without its sizes and indices. */
function scoresOf(run: ValidationScores): ValidationScores {
  const { epochsTrained, finalTrainLoss, finalValLoss, lossGap, trainAccuracy, valAccuracy } = run;
  return { epochsTrained, finalTrainLoss, finalValLoss, lossGap, trainAccuracy, valAccuracy };
}

/** One flat row of the learning curve: each score's mean and standard deviation side by side. */
function pointOf(
  trainRows: number,
  { mean, std }: { mean: ValidationScores; std: ValidationScores },
): LearningCurvePoint {
  const point: Record<string, number> = { trainRows };
  for (const key of Object.keys(mean) as (keyof ValidationScores)[]) {
    point[`${key}Mean`] = mean[key];
    point[`${key}Std`] = std[key];
  }
  return point as LearningCurvePoint;
}

function thresholded(probabilities: ArrayLike<number>): number[] {
  return Array.from(probabilities, (p) => (p >= 0.5 ? 1 : 0));
}

/**
 * The training rows for each size: a size up to 1 is a fraction of the
 * `available` rows, rounded, and a larger one a row count.
 */
function resolveSizes(sizes: unknown, available: number, context: string): number[] {
  if (!Array.isArray(sizes) || sizes.length === 0) {
    throw new Error(
      `${context}: sizes is ${describeValue(sizes)}; expected a non-empty array such as [0.25, 0.5, 1] or [50, 100]`,
    );
  }
  return sizes.map((size: unknown, i) => {
    const isCount = typeof size === 'number' && Number.isInteger(size) && size > 1;
    const isFraction = typeof size === 'number' && size > 0 && size <= 1;
    if (!isCount && !isFraction) {
      throw new Error(
        `${context}: sizes[${i}] is ${describeValue(size)}; ` +
          'expected a fraction in (0, 1] or a whole number of rows',
      );
    }
    const rows = isFraction ? Math.round((size as number) * available) : (size as number);
    if (rows < 1 || rows > available) {
      throw new Error(
        `${context}: sizes[${i}] is ${size}, which gives ${rows} rows; expected ` +
          `between 1 and the ${available} training rows`,
      );
    }
    return rows;
  });
}

/**
 * A seeded order of row indices `0 .. labels.length - 1` in which every
 * prefix keeps the class balance of the whole within a row per class: each
 * class is shuffled, then the next row comes from the class furthest behind
 * its share. Taking prefixes gives nested stratified subsets.
 */
function stratifiedOrder(labels: readonly number[], random: Random): number[] {
  const classes = groupByClass(labels).map(({ rows }) => shuffled(rows, random));
  const total = labels.length;
  const taken = classes.map(() => 0);
  const order: number[] = [];
  for (let k = 1; k <= total; k++) {
    let next = -1;
    let largestDeficit = -Infinity;
    classes.forEach((rows, c) => {
      const deficit = (k * rows.length) / total - taken[c];
      if (taken[c] < rows.length && deficit > largestDeficit) {
        next = c;
        largestDeficit = deficit;
      }
    });
    order.push(classes[next][taken[next]++]);
  }
  return order;
}

function requireArgs(args: unknown, context: string): void {
  if (typeof args !== 'object' || args === null) {
    throw new Error(
      `${context}: args is ${describeValue(args)}; expected an object with features, labels, ` +
        'build, train and seed',
    );
  }
}

/** Checks what both helpers share: `build`, `train`, `seed` and `scaler`. */
function checkRunOptions(
  args: { build: unknown; train: unknown; seed: unknown; scaler?: unknown },
  context: string,
): void {
  if (typeof args.build !== 'function') {
    throw new Error(
      `${context}: build is ${describeValue(args.build)}; expected a function that returns a ` +
        'fresh compiled model, such as () => denseClassifier({ inputDim: 2 })',
    );
  }
  const trainArgs = args.train as Partial<TrainArgs> | null;
  if (typeof trainArgs !== 'object' || trainArgs === null || Array.isArray(trainArgs)) {
    throw new Error(
      `${context}: train is ${describeValue(trainArgs)}; expected options of train such as { epochs: 20 }`,
    );
  }
  for (const key of ['validationData', 'validationSplit'] as const) {
    if (trainArgs[key] !== undefined) {
      throw new Error(
        `${context}: train.${key} is ${describeValue(trainArgs[key])}; expected it left out, ` +
          `since ${context} chooses the validation rows`,
      );
    }
  }
  if (typeof args.seed !== 'number' || !Number.isFinite(args.seed)) {
    throw new Error(
      `${context}: seed is ${describeValue(args.seed)}; expected a finite number such as 42`,
    );
  }
  const scaler = args.scaler ?? 'standard';
  if (scaler !== 'standard' && scaler !== 'none') {
    throw new Error(
      `${context}: scaler is ${describeValue(scaler)}; expected 'standard' or 'none'`,
    );
  }
}

/**
 * Checks that `features` are rows of finite numbers, all as wide as the
 * first, and `labels` one 0 or 1 per row; names the first offender.
 */
function checkData(
  features: unknown,
  labels: unknown,
  context: string,
  featuresName: string,
  labelsName: string,
): void {
  if (!Array.isArray(features) || features.length === 0 || !Array.isArray(features[0])) {
    throw new Error(
      `${context}: ${featuresName} is ${describeValue(features)}; ` +
        'expected rows such as [[1, 2], [3, 4]], one array of numbers per example',
    );
  }
  const width = (features[0] as unknown[]).length;
  features.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new Error(
        `${context}: ${featuresName}[${i}] is ${describeValue(row)}; expected ${width} numbers, ` +
          `as in ${featuresName}[0]`,
      );
    }
    const j = row.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
    if (j >= 0) {
      throw new Error(
        `${context}: ${featuresName}[${i}][${j}] is ${describeValue(row[j])}; expected a finite number`,
      );
    }
  });
  if (!Array.isArray(labels) || labels.length !== features.length) {
    throw new Error(
      `${context}: ${labelsName} is ${describeValue(labels)}; expected one label per row of ` +
        `${featuresName} (${features.length})`,
    );
  }
  const i = labels.findIndex((label) => label !== 0 && label !== 1);
  if (i >= 0) {
    throw new Error(
      `${context}: ${labelsName}[${i}] is ${describeValue(labels[i])}; expected 0 or 1`,
    );
  }
}
