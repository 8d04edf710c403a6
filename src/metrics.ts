/**
 * Metrics for binary classifiers, computed on plain arrays so that `number[]`,
 * typed arrays and the `dataSync()` output of a tensor all work alike. Labels
 * are 0 or 1, and the positive class is 1.
 *
 * Where a ratio has nothing to divide by, the metric is 0 (scikit-learn's
 * `zero_division=0`), so a degenerate classifier prints as 0 in a summary
 * instead of NaN.
 */
import { describeValue, isTensor } from './check';

/** Counts of a binary classifier's outcomes; the positive class is 1. */
export interface ConfusionMatrix {
  /** True positives: label 1, predicted 1. */
  tp: number;
  /** False positives: label 0, predicted 1. */
  fp: number;
  /** True negatives: label 0, predicted 0. */
  tn: number;
  /** False negatives: label 1, predicted 0. */
  fn: number;
}

/** A ROC curve, from the strictest threshold to the loosest. */
export interface RocCurve {
  /** False-positive rate at each point: fp / (number of 0 labels). */
  fpr: number[];
  /** True-positive rate at each point: tp / (number of 1 labels). */
  tpr: number[];
  /** Each point predicts 1 for the scores `>=` its threshold; the first is `Infinity`. */
  thresholds: number[];
}

/** The scores of the always-predict-the-majority-class classifier on a test set. */
export interface MajorityBaseline {
  /** The most frequent label in the training set, predicted for every test example. */
  predictedClass: 0 | 1;
  /** Accuracy on the test labels. */
  accuracy: number;
  /** Precision on the test labels (0 when `predictedClass` is 0). */
  precision: number;
  /** Recall on the test labels (0 when `predictedClass` is 0). */
  recall: number;
  /** F1 on the test labels (0 when `predictedClass` is 0). */
  f1: number;
}

/** The summary of a probabilistic binary classifier that a notebook prints. */
export interface BinaryEvaluation {
  /** Accuracy of the thresholded predictions. */
  accuracy: number;
  /** Precision of the thresholded predictions. */
  precision: number;
  /** Recall of the thresholded predictions. */
  recall: number;
  /** F1 of the thresholded predictions. */
  f1: number;
  /** Area under the ROC curve of the probabilities; independent of the threshold. */
  rocAuc: number;
  /** Mean binary cross-entropy of the probabilities; independent of the threshold. */
  logLoss: number;
  /** Counts of the thresholded predictions. */
  confusion: ConfusionMatrix;
}

/** Options for {@link evaluateBinary}. */
export interface EvaluateBinaryArgs {
  /** Predict 1 when the probability is `>=` this value, in [0, 1]. Defaults to 0.5. */
  threshold?: number;
}

/**
 * The interval probabilities are clipped to before taking logs: Keras's
 * `epsilon()` of 1e-7, rounded to float32 as tfjs and Keras compute it, so
 * losses match the ones printed during training. In float32, 1 - 1e-7 rounds
 * to 1 - 1.19e-7, which is why a confident mistake on a 0 label costs 15.94
 * and one on a 1 label 16.12.
 */
const LOWEST_PROBABILITY = Math.fround(1e-7);
const HIGHEST_PROBABILITY = Math.fround(1 - 1e-7);

/** Counts true and false positives and negatives of 0/1 predictions against 0/1 labels. */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
): ConfusionMatrix {
  checkLabels('yTrue', yTrue);
  checkSameLength('yTrue', yTrue, 'yPred', yPred);
  checkLabels('yPred', yPred, ' (to score probabilities, use evaluateBinary)');

  const counts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === 1) {
      if (yPred[i] === 1) counts.tp++;
      else counts.fn++;
    } else if (yPred[i] === 1) counts.fp++;
    else counts.tn++;
  }
  return counts;
}

/** Fraction of predictions that equal their label. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return accuracyOf(confusionMatrix(yTrue, yPred));
}

/**
 * Fraction of predicted positives that are positive, tp / (tp + fp). Returns 0
 * when nothing is predicted positive (scikit-learn's `zero_division=0`).
 */
export function precision(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return precisionOf(confusionMatrix(yTrue, yPred));
}

/**
 * Fraction of actual positives predicted positive, tp / (tp + fn). Returns 0
 * when `yTrue` holds no positives (scikit-learn's `zero_division=0`).
 */
export function recall(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return recallOf(confusionMatrix(yTrue, yPred));
}

/**
 * Harmonic mean of precision and recall. Returns 0 when precision + recall is
 * 0, which includes the case of no predicted and no actual positives
 * (scikit-learn's `zero_division=0`).
 */
export function f1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return f1Of(confusionMatrix(yTrue, yPred));
}

/**
 * The ROC curve of `scores` against 0/1 labels: one point per distinct score,
 * from (0, 0) at threshold `Infinity` to (1, 1) at the lowest score. Tied
 * scores form a single point, so a tie between classes draws a diagonal
 * segment rather than a staircase whose shape would depend on input order.
 * Scores must be finite, because `Infinity` is the threshold of the first
 * point. Throws when `yTrue` holds only one class, as one of the rates is then
 * 0 / 0.
 */
export function rocCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  const roc = countRocPoints('rocCurve', yTrue, scores);
  return {
    fpr: roc.falsePositives.map((fp) => fp / roc.negatives),
    tpr: roc.truePositives.map((tp) => tp / roc.positives),
    thresholds: roc.thresholds,
  };
}

/**
 * Area under the ROC curve by the trapezoidal rule, so a tie between a positive
 * and a negative counts half. This equals the Mann-Whitney U statistic divided
 * by (number of positives x number of negatives): the chance that a random
 * positive scores above a random negative. Throws when `yTrue` holds only one
 * class.
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  const roc = countRocPoints('rocAuc', yTrue, scores);

  // Integrating over counts instead of rates keeps every term a multiple of
  // 1/2, so the sum is exact and the only rounding is the final division.
  let area = 0;
  for (let i = 1; i < roc.thresholds.length; i++) {
    const width = roc.falsePositives[i] - roc.falsePositives[i - 1];
    area += (width * (roc.truePositives[i] + roc.truePositives[i - 1])) / 2;
  }
  return area / (roc.positives * roc.negatives);
}

/**
 * Mean binary cross-entropy of `probabilities` (of class 1) against 0/1
 * labels, in nats. Probabilities are clipped to [1e-7, 1 - 1e-7] in float32,
 * as Keras and tfjs do, so a confident mistake at exactly 0 or 1 costs about
 * 16 instead of Infinity, and the value equals tfjs's within 1e-5.
 */
export function logLoss(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkLabels('yTrue', yTrue);
  checkSameLength('yTrue', yTrue, 'probabilities', probabilities);
  checkProbabilities('probabilities', probabilities);

  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = Math.min(Math.max(probabilities[i], LOWEST_PROBABILITY), HIGHEST_PROBABILITY);
    total -= yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return total / yTrue.length;
}

/**
 * Scores the classifier that ignores its input and always predicts the most
 * frequent class of `yTrain`, the bar any trained model has to clear. On a
 * tie it predicts 0, as scikit-learn's `DummyClassifier` picks the first of
 * the tied classes.
 */
export function majorityBaseline(
  yTrain: ArrayLike<number>,
  yTest: ArrayLike<number>,
): MajorityBaseline {
  checkLabels('yTrain', yTrain);
  checkLabels('yTest', yTest);

  let ones = 0;
  for (let i = 0; i < yTrain.length; i++) ones += yTrain[i];
  const predictedClass = ones > yTrain.length - ones ? 1 : 0;

  const predictions = new Array<number>(yTest.length).fill(predictedClass);
  return { predictedClass, ...thresholdedScores(confusionMatrix(yTest, predictions)) };
}

/**
 * Evaluates probabilities of class 1 against 0/1 labels: the threshold-based
 * metrics of the predictions `p >= threshold`, plus ROC AUC and log loss of
 * the probabilities themselves. Throws when `yTrue` holds only one class,
 * since ROC AUC is then undefined.
 */
export function evaluateBinary(
  yTrue: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: EvaluateBinaryArgs = {},
): BinaryEvaluation {
  const { threshold = 0.5 } = options ?? {};
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
    throw new Error(`threshold is ${describeValue(threshold)}; expected a number in [0, 1]`);
  }
  // Checked here so that errors name `probabilities`, not the `scores` of rocAuc.
  checkLabels('yTrue', yTrue);
  checkSameLength('yTrue', yTrue, 'probabilities', probabilities);
  checkProbabilities('probabilities', probabilities);

  const predictions = Array.from(probabilities, (p) => (p >= threshold ? 1 : 0));
  const confusion = confusionMatrix(yTrue, predictions);
  return {
    ...thresholdedScores(confusion),
    rocAuc: rocAuc(yTrue, probabilities),
    logLoss: logLoss(yTrue, probabilities),
    confusion,
  };
}

/** Cumulative counts at each point of a ROC curve, before dividing into rates. */
interface RocCounts {
  thresholds: number[];
  truePositives: number[];
  falsePositives: number[];
  positives: number;
  negatives: number;
}

function countRocPoints(
  caller: string,
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
): RocCounts {
  checkLabels('yTrue', yTrue);
  checkSameLength('yTrue', yTrue, 'scores', scores);
  checkFiniteScores('scores', scores);

  let positives = 0;
  for (let i = 0; i < yTrue.length; i++) positives += yTrue[i];
  const negatives = yTrue.length - positives;
  if (positives === 0 || negatives === 0) {
    const onlyLabel = positives === 0 ? 0 : 1;
    throw new Error(
      `${caller} needs both classes, but yTrue holds only label ${onlyLabel} ` +
        `(${yTrue.length} labels); expected at least one 0 and one 1`,
    );
  }

  const order = Array.from({ length: yTrue.length }, (_, i) => i);
  order.sort((a, b) => scores[b] - scores[a]);

  const counts: RocCounts = {
    thresholds: [Infinity],
    truePositives: [0],
    falsePositives: [0],
    positives,
    negatives,
  };
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (yTrue[i] === 1) tp++;
    else fp++;

    // A point is emitted only after the last of a run of tied scores, since a
    // threshold cannot separate examples with equal scores.
    const endsTie = k === order.length - 1 || scores[order[k + 1]] !== scores[i];
    if (endsTie) {
      counts.thresholds.push(scores[i]);
      counts.truePositives.push(tp);
      counts.falsePositives.push(fp);
    }
  }
  return counts;
}

function thresholdedScores(counts: ConfusionMatrix) {
  return {
    accuracy: accuracyOf(counts),
    precision: precisionOf(counts),
    recall: recallOf(counts),
    f1: f1Of(counts),
  };
}

function accuracyOf({ tp, fp, tn, fn }: ConfusionMatrix): number {
  return (tp + tn) / (tp + fp + tn + fn);
}

function precisionOf({ tp, fp }: ConfusionMatrix): number {
  return tp + fp === 0 ? 0 : tp / (tp + fp);
}

function recallOf({ tp, fn }: ConfusionMatrix): number {
  return tp + fn === 0 ? 0 : tp / (tp + fn);
}

function f1Of({ tp, fp, fn }: ConfusionMatrix): number {
  // 2tp / (2tp + fp + fn) is 2PR / (P + R) without rounding P and R first, so
  // exact fractions come out exact. It is 0 whenever tp is 0, except for 0 / 0.
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}

/** Added to a message about an entry that is an array: model outputs come as [n, 1] rows. */
const FLATTEN_HINT = ' (flatten [n, 1] arrays first, e.g. with .flat())';

function checkLabels(name: string, values: ArrayLike<number>, hint = ''): void {
  checkArrayLike(name, values);
  if (values.length === 0) {
    throw new Error(`${name} is empty; expected at least one label`);
  }
  for (let i = 0; i < values.length; i++) {
    const value: unknown = values[i];
    if (value !== 0 && value !== 1) {
      const why = Array.isArray(value) ? FLATTEN_HINT : hint;
      throw new Error(`${name}[${i}] is ${describeValue(value)}; expected a label 0 or 1${why}`);
    }
  }
}

/** Metrics take plain arrays or typed arrays; a tensor or anything else is named as such. */
function checkArrayLike(name: string, values: unknown): void {
  const isArrayLike =
    Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView));
  if (!isArrayLike) {
    const hint = isTensor(values) ? ' (pass tensor.dataSync() instead)' : '';
    throw new Error(`${name} is ${describeValue(values)}; expected an array of numbers${hint}`);
  }
}

function checkSameLength(
  referenceName: string,
  reference: ArrayLike<number>,
  name: string,
  values: ArrayLike<number>,
): void {
  checkArrayLike(name, values);
  if (values.length !== reference.length) {
    throw new Error(
      `${name} has length ${values.length} but ${referenceName} has length ` +
        `${reference.length}; expected one entry per label`,
    );
  }
}

function checkFiniteScores(name: string, values: ArrayLike<number>): void {
  checkArrayLike(name, values);
  for (let i = 0; i < values.length; i++) {
    const value: unknown = values[i];
    if (!Number.isFinite(value)) {
      const hint = Array.isArray(value) ? FLATTEN_HINT : '';
      throw new Error(`${name}[${i}] is ${describeValue(value)}; expected a finite number${hint}`);
    }
  }
}

function checkProbabilities(name: string, values: ArrayLike<number>): void {
  checkArrayLike(name, values);
  for (let i = 0; i < values.length; i++) {
    const p: unknown = values[i];
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      const hint = Array.isArray(p) ? FLATTEN_HINT : ' (apply a sigmoid to logits first)';
      throw new Error(
        `${name}[${i}] is ${describeValue(p)}; expected a probability in [0, 1]${hint}`,
      );
    }
  }
}
