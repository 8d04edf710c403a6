import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';

import {
  accuracy,
  confusionMatrix,
  evaluateBinary,
  f1,
  logLoss,
  majorityBaseline,
  precision,
  recall,
  rocAuc,
  rocCurve,
} from '../src/metrics';
import { createRandom } from '../src/random';

// The running example. Position by position (label/prediction):
//   1/1 tp, 0/0 tn, 1/0 fn, 1/1 tp, 0/1 fp, 1/1 tp, 0/0 tn, 1/0 fn
// so tp = 3, fp = 1, tn = 2, fn = 2.
const yTrue = [1, 0, 1, 1, 0, 1, 0, 1];
const yPred = [1, 0, 0, 1, 1, 1, 0, 0];

// -ln(float32(1e-7)), the cost of a 1 label given probability 0 (the Keras epsilon).
const CLIPPED_LOSS = 16.11809565;

function assertClose(actual: number, expected: number, tolerance: number): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `expected ${expected} ± ${tolerance}, got ${actual}`,
  );
}

describe('confusionMatrix', () => {
  it('counts each outcome of the running example', () => {
    assert.deepEqual(confusionMatrix(yTrue, yPred), { tp: 3, fp: 1, tn: 2, fn: 2 });
  });

  it('accepts typed arrays', () => {
    const counts = confusionMatrix(Float32Array.from(yTrue), Uint8Array.from(yPred));
    assert.deepEqual(counts, { tp: 3, fp: 1, tn: 2, fn: 2 });
  });
});

describe('accuracy, precision, recall, f1', () => {
  it('give exact fractions on the running example', () => {
    // (tp + tn) / n = (3 + 2) / 8
    assert.equal(accuracy(yTrue, yPred), 5 / 8);
    // tp / (tp + fp) = 3 / (3 + 1)
    assert.equal(precision(yTrue, yPred), 3 / 4);
    // tp / (tp + fn) = 3 / (3 + 2)
    assert.equal(recall(yTrue, yPred), 3 / 5);
    // 2PR / (P + R) = (2 * 3/4 * 3/5) / (3/4 + 3/5) = (9/10) / (27/20) = 2/3
    assert.equal(f1(yTrue, yPred), 2 / 3);
  });

  it('give 0 for precision when nothing is predicted positive', () => {
    // tp = fp = 0, so tp / (tp + fp) is 0 / 0; recall is 0 / 2.
    assert.equal(precision([1, 0, 1], [0, 0, 0]), 0);
    assert.equal(recall([1, 0, 1], [0, 0, 0]), 0);
    assert.equal(f1([1, 0, 1], [0, 0, 0]), 0);
  });

  it('give 0 for recall when there are no actual positives', () => {
    // tp = fn = 0, so tp / (tp + fn) is 0 / 0; precision is 0 / 1.
    assert.equal(recall([0, 0, 0], [0, 1, 0]), 0);
    assert.equal(precision([0, 0, 0], [0, 1, 0]), 0);
    assert.equal(f1([0, 0, 0], [0, 1, 0]), 0);
  });

  it('give 0 for f1 with no positives anywhere, though every prediction is right', () => {
    // P = R = 0 by zero division, so P + R = 0; accuracy is 3 / 3.
    assert.equal(f1([0, 0, 0], [0, 0, 0]), 0);
    assert.equal(accuracy([0, 0, 0], [0, 0, 0]), 1);
  });
});

describe('rocCurve', () => {
  // Positives score 0.9, 0.5, 0.5; negatives score 0.9, 0.5, 0.1.
  const tiedLabels = [1, 0, 1, 0, 1, 0];
  const tiedScores = [0.9, 0.9, 0.5, 0.5, 0.5, 0.1];

  it('makes one point per distinct score, ties included', () => {
    // threshold Inf: nothing predicted        -> tp 0, fp 0 -> (0, 0)
    // threshold 0.9: one pos, one neg         -> tp 1, fp 1 -> (1/3, 1/3)
    // threshold 0.5: adds two pos, one neg    -> tp 3, fp 2 -> (2/3, 1)
    // threshold 0.1: adds the last negative   -> tp 3, fp 3 -> (1, 1)
    assert.deepEqual(rocCurve(tiedLabels, tiedScores), {
      fpr: [0, 1 / 3, 2 / 3, 1],
      tpr: [0, 1 / 3, 1, 1],
      thresholds: [Infinity, 0.9, 0.5, 0.1],
    });
  });

  it('does not depend on the order of tied examples', () => {
    // Same examples, with the tied ones listed negative-first.
    const curve = rocCurve([0, 1, 0, 1, 1, 0], [0.9, 0.9, 0.5, 0.5, 0.5, 0.1]);
    assert.deepEqual(curve.fpr, [0, 1 / 3, 2 / 3, 1]);
    assert.deepEqual(curve.tpr, [0, 1 / 3, 1, 1]);
  });

  it('goes straight up then across for a perfect ranking', () => {
    const curve = rocCurve([0, 1, 0, 1], [0.2, 0.8, 0.1, 0.7]);
    assert.deepEqual(curve.fpr, [0, 0, 0, 0.5, 1]);
    assert.deepEqual(curve.tpr, [0, 0.5, 1, 1, 1]);
    assert.deepEqual(curve.thresholds, [Infinity, 0.8, 0.7, 0.2, 0.1]);
  });
});

describe('rocAuc', () => {
  it('counts a tie between classes as half a pair', () => {
    // Pairs (positive score vs negative score), 3 x 3 = 9 of them:
    //   0.9 vs 0.9 tie 1/2, vs 0.5 win 1, vs 0.1 win 1  -> 2.5
    //   0.5 vs 0.9 loss 0,  vs 0.5 tie 1/2, vs 0.1 win 1 -> 1.5, twice -> 3
    // U = 5.5, AUC = 5.5 / 9 = 11/18.
    assert.equal(rocAuc([1, 0, 1, 0, 1, 0], [0.9, 0.9, 0.5, 0.5, 0.5, 0.1]), 11 / 18);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]), 1);
    assert.equal(rocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]), 0);
  });

  it('is 0.5 when every score is the same', () => {
    // One diagonal segment from (0, 0) to (1, 1): every pair is a tie.
    assert.equal(rocAuc([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3]), 0.5);
  });

  it('is 0.5 for alternating scores that win and lose equally', () => {
    // Positives 0.8, 0.2; negatives 0.6, 0.4: 0.8 wins both, 0.2 loses both -> 2 / 4.
    assert.equal(rocAuc([1, 0, 0, 1], [0.8, 0.6, 0.4, 0.2]), 0.5);
  });

  it('matches pairs counted one by one on seeded random data with many ties', () => {
    const random = createRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const labels = Array.from({ length: 40 }, (_, i) => (i < 3 ? i % 2 : random() < 0.4 ? 1 : 0));
      // One decimal place, so most scores are tied with another.
      const scores = labels.map(() => Math.round(random() * 10) / 10);

      let wins = 0;
      let pairs = 0;
      for (let i = 0; i < labels.length; i++) {
        for (let j = 0; j < labels.length; j++) {
          if (labels[i] !== 1 || labels[j] !== 0) continue;
          pairs++;
          if (scores[i] > scores[j]) wins += 1;
          else if (scores[i] === scores[j]) wins += 0.5;
        }
      }
      assertClose(rocAuc(labels, scores), wins / pairs, 1e-12);
    }
  });

  it('equals the trapezoidal area under rocCurve', () => {
    const labels = [1, 0, 1, 1, 0, 0, 1, 0];
    const scores = [0.7, 0.7, 0.4, 0.9, 0.1, 0.4, 0.4, 0.8];
    const { fpr, tpr } = rocCurve(labels, scores);
    let area = 0;
    for (let i = 1; i < fpr.length; i++) {
      area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
    }
    // Pairs by hand, positives 0.7 0.4 0.9 0.4 vs negatives 0.7 0.1 0.4 0.8:
    //   0.7: 1/2 + 1 + 1 + 0 = 2.5;  0.9: 4;  each 0.4: 0 + 1 + 1/2 + 0 = 1.5
    // U = 2.5 + 4 + 1.5 + 1.5 = 9.5, AUC = 9.5 / 16.
    assert.equal(rocAuc(labels, scores), 9.5 / 16);
    assertClose(area, 9.5 / 16, 1e-12);
  });
});

describe('logLoss', () => {
  it('averages the cross-entropy of each example', () => {
    // -(ln 0.8 + ln(1 - 0.4)) / 2 = (0.2231435513 + 0.5108256238) / 2
    assertClose(logLoss([1, 0], [0.8, 0.4]), 0.3669845876, 1e-9);
  });

  it('is finite for confident mistakes at p = 0 and p = 1', () => {
    // Clipped to float32(1e-7) = 1.0000000117e-7: -ln of it = 16.118095...
    assertClose(logLoss([1], [0]), CLIPPED_LOSS, 1e-6);
    // Clipped to float32(1 - 1e-7) = 1 - 2^-23: -ln(2^-23) = 23 ln 2 = 15.942385...
    assertClose(logLoss([0], [1]), 23 * Math.LN2, 1e-6);
  });

  it('is near zero, not exactly zero, for confident right answers', () => {
    // (-ln(1 - 2^-23) - ln(1 - 1e-7)) / 2 ≈ (1.1920929e-7 + 1e-7) / 2.
    assertClose(logLoss([1, 0], [1, 0]), (2 ** -23 + 1e-7) / 2, 1e-12);
  });
});

describe('majorityBaseline', () => {
  it('predicts 0 when 0 is the majority, scoring 0 on the positive-class metrics', () => {
    // yTrain has three 0s and two 1s; on yTest the 0s are right: 3 of 4.
    // Nothing is predicted positive, so precision, recall and f1 are 0.
    assert.deepEqual(majorityBaseline([0, 1, 0, 1, 0], [0, 1, 0, 0]), {
      predictedClass: 0,
      accuracy: 3 / 4,
      precision: 0,
      recall: 0,
      f1: 0,
    });
  });

  it('predicts 1 when 1 is the majority', () => {
    // Always 1 on yTest = [1, 0, 1, 1, 0]: tp = 3, fp = 2, fn = 0, tn = 0.
    // accuracy 3/5, precision 3/5, recall 3/3, f1 = 6 / (6 + 2 + 0) = 3/4.
    assert.deepEqual(majorityBaseline([1, 1, 0], [1, 0, 1, 1, 0]), {
      predictedClass: 1,
      accuracy: 3 / 5,
      precision: 3 / 5,
      recall: 1,
      f1: 3 / 4,
    });
  });

  it('breaks a tie toward 0', () => {
    assert.equal(majorityBaseline([1, 0, 0, 1], [1]).predictedClass, 0);
  });
});

describe('evaluateBinary', () => {
  // Thresholded at 0.5 these give yPred of the running example; 0.5 itself
  // (index 5) is predicted 1, since the rule is p >= threshold.
  const probabilities = [0.9, 0.2, 0.4, 0.7, 0.6, 0.5, 0.1, 0.3];

  it('summarizes the running example at the default threshold', () => {
    const evaluation = evaluateBinary(yTrue, probabilities);
    assert.deepEqual(evaluation.confusion, { tp: 3, fp: 1, tn: 2, fn: 2 });
    assert.equal(evaluation.accuracy, 5 / 8);
    assert.equal(evaluation.precision, 3 / 4);
    assert.equal(evaluation.recall, 3 / 5);
    assert.equal(evaluation.f1, 2 / 3);
    // Positives 0.9 0.4 0.7 0.5 0.3 vs negatives 0.2 0.6 0.1:
    // wins 3 + 2 + 3 + 2 + 2 = 12 of 15 pairs.
    assert.equal(evaluation.rocAuc, 12 / 15);
    // Probability given to the true label: 0.9 0.8 0.4 0.7 0.4 0.5 0.9 0.3;
    // the mean of their negative logs is 4.5202409752 / 8.
    assertClose(evaluation.logLoss, 0.5650301219, 1e-9);
  });

  it('uses the threshold option for the thresholded metrics only', () => {
    // At 0.65 only 0.9 and 0.7 are predicted 1, both positives:
    // tp = 2, fp = 0, fn = 3, tn = 3.
    const evaluation = evaluateBinary(yTrue, probabilities, { threshold: 0.65 });
    assert.deepEqual(evaluation.confusion, { tp: 2, fp: 0, tn: 3, fn: 3 });
    assert.equal(evaluation.accuracy, 5 / 8);
    assert.equal(evaluation.precision, 1);
    assert.equal(evaluation.recall, 2 / 5);
    assert.equal(evaluation.rocAuc, 12 / 15);
  });

  it('accepts a Float32Array of probabilities', () => {
    const evaluation = evaluateBinary(yTrue, Float32Array.from(probabilities));
    assert.deepEqual(evaluation.confusion, { tp: 3, fp: 1, tn: 2, fn: 2 });
    assert.equal(evaluation.rocAuc, 12 / 15);
  });
});

describe('bad input', () => {
  it('names the argument whose length differs, and both lengths', () => {
    assert.throws(
      () => accuracy([1, 0, 1], [1, 0]),
      /^Error: yPred has length 2 but yTrue has length 3; expected one entry per label$/,
    );
    assert.throws(() => rocAuc([1, 0], [0.5]), /scores has length 1 but yTrue has length 2/);
    assert.throws(
      () => logLoss([1, 0], [0.5, 0.5, 0.5]),
      /probabilities has length 3 but yTrue has length 2/,
    );
  });

  it('rejects empty input', () => {
    assert.throws(() => precision([], []), /yTrue is empty; expected at least one label/);
    assert.throws(() => majorityBaseline([], [1]), /yTrain is empty/);
    assert.throws(() => majorityBaseline([1], []), /yTest is empty/);
  });

  it('names the position and value of a label that is not 0 or 1', () => {
    assert.throws(
      () => confusionMatrix([1, 2, 0], [1, 0, 0]),
      /yTrue\[1\] is 2; expected a label 0 or 1/,
    );
    assert.throws(
      () => recall([1, 0, 0], [1, 0, 0.7]),
      /yPred\[2\] is 0\.7; expected a label 0 or 1 \(.*use evaluateBinary\)/,
    );
    assert.throws(() => majorityBaseline([0, -1], [0]), /yTrain\[1\] is -1/);
  });

  it('rejects NaN and infinite scores', () => {
    assert.throws(
      () => rocAuc([0, 1, 1], [0.1, NaN, 0.3]),
      /scores\[1\] is NaN; expected a finite number/,
    );
    assert.throws(
      () => rocCurve([0, 1], [0.1, Infinity]),
      /scores\[1\] is Infinity; expected a finite number/,
    );
  });

  it('rejects probabilities outside [0, 1] and NaN', () => {
    assert.throws(
      () => logLoss([1, 0], [0.2, 1.5]),
      /probabilities\[1\] is 1\.5; expected a probability in \[0, 1\]/,
    );
    assert.throws(
      () => evaluateBinary([1, 0], [NaN, 0.5]),
      /probabilities\[0\] is NaN; expected a probability/,
    );
  });

  it('says ROC needs both classes when only one is present', () => {
    assert.throws(
      () => rocAuc([1, 1, 1], [0.2, 0.5, 0.9]),
      /rocAuc needs both classes, but yTrue holds only label 1 \(3 labels\); expected at/,
    );
    assert.throws(
      () => rocCurve([0, 0], [0.2, 0.5]),
      /rocCurve needs both classes, but yTrue holds only label 0/,
    );
    assert.throws(() => evaluateBinary([1, 1], [0.6, 0.7]), /needs both classes/);
  });

  it('rejects a threshold outside [0, 1]', () => {
    const evaluateWithThreshold = (threshold: number) => () =>
      evaluateBinary([1, 0], [0.7, 0.2], { threshold });
    assert.throws(evaluateWithThreshold(2), /threshold is 2; expected a number in \[0, 1\]/);
    assert.throws(evaluateWithThreshold(NaN), /threshold is NaN/);
  });
});

describe('inputs of the wrong kind are named as such', () => {
  it('names nested arrays, strings, tensors and a bad threshold', () => {
    assert.throws(
      () => accuracy([[0], [1]] as never, [0, 1]),
      /yTrue\[0\] is an array of 1 item \(\[0\]\); expected a label 0 or 1 \(flatten \[n, 1\] arrays first/,
    );
    assert.throws(
      () => accuracy(['0', 1] as never, [0, 1]),
      /yTrue\[0\] is "0"; expected a label 0 or 1/,
    );
    const tensor = tf.tensor1d([0.5]);
    try {
      assert.throws(
        () => evaluateBinary([1], tensor as never),
        /probabilities is a tensor of shape \[1\]; expected an array of numbers \(pass tensor\.dataSync\(\) instead\)/,
      );
    } finally {
      tensor.dispose();
    }
    assert.throws(
      () => evaluateBinary([0, 1], [[0.2], [0.8]] as never),
      /probabilities\[0\] is an array of 1 item \(\[0\.2\]\); expected a probability in \[0, 1\] \(flatten \[n, 1\] arrays first/,
    );
    assert.throws(
      () => rocAuc([0, 1], [[0.2], [0.8]] as never),
      /scores\[0\] is an array of 1 item \(\[0\.2\]\); expected a finite number \(flatten \[n, 1\] arrays first/,
    );
    assert.throws(
      () => evaluateBinary([0, 1], [0.2, 0.8], { threshold: null as never }),
      /threshold is null; expected a number in \[0, 1\]/,
    );
    assert.throws(
      () => evaluateBinary([0, 1], [0.2, 0.8], { threshold: '0.5' as never }),
      /threshold is "0\.5"; expected a number in \[0, 1\]/,
    );
    assert.doesNotThrow(() => evaluateBinary([0, 1], new Float32Array([0.2, 0.8])));
  });
});
