import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';

import { setupBackend } from '../src/backend';
import { denseClassifier, disposeModel } from '../src/model';
import { createRandom } from '../src/random';
import { LEAKY_RELU_ALPHA } from '../src/scratch/activations';
import { createMlp } from '../src/scratch/mlp';
import { toRows } from '../src/scratch/rows';
import type { Mlp, MlpDtype, MlpLayerWeights } from '../src/scratch/mlp';
import { adam, rmsprop, sgd } from '../src/scratch/optimizers';
import { twoMoons, xor } from '../src/scratch/toy-data';

// Gradients must equal tfjs's within 1e-5 relative. "Relative" is per weight
// tensor: max|scratch − tfjs| / max|tfjs|, so that a gradient entry that is
// tiny because of cancellation in a float32 sum does not count against the
// engine. Each tfjs op rounds to float32 (2^-24 ≈ 6e-8 relative); a gradient
// passes through a few dozen of them, so 1e-5 leaves a margin of two orders.
const GRADIENT_TOLERANCE = 1e-5;

before(async () => {
  await setupBackend({ prefer: 'cpu', verbose: false });
});

type HiddenName = 'relu' | 'sigmoid' | 'tanh' | 'leakyRelu';

const tfActivations: Record<HiddenName, (z: tf.Tensor) => tf.Tensor> = {
  relu: (z) => tf.relu(z),
  sigmoid: (z) => tf.sigmoid(z),
  tanh: (z) => tf.tanh(z),
  leakyRelu: (z) => tf.leakyRelu(z, LEAKY_RELU_ALPHA),
};

/** Seeded rows of `width` features in [−2, 2] and 0/1 labels that depend on them. */
function randomData(rows: number, width: number, seed: number): { x: number[][]; y: number[] } {
  const random = createRandom(seed);
  const x = Array.from({ length: rows }, () =>
    Array.from({ length: width }, () => 4 * random() - 2),
  );
  const y = x.map((row) => (row[0] * row[1] + 0.3 * row[width - 1] > 0 ? 1 : 0));
  return { x, y };
}

/** Gives every bias a seeded non-zero value, so that the bias paths are exercised too. */
function randomizeBiases(mlp: Mlp, seed: number): void {
  const random = createRandom(seed);
  mlp.setWeights(
    mlp.getWeights().map(({ kernel, bias }) => ({ kernel, bias: bias.map(() => random() - 0.5) })),
  );
}

/**
 * The same network written with tf ops: dense layers, the hidden
 * activation, a sigmoid output and tfjs's binary cross-entropy
 * (tf.metrics.binaryCrossentropy clips to [1e-7, 1 − 1e-7] as Keras does),
 * averaged over the rows.
 */
function tfLoss(
  params: tf.Tensor[],
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  activation: HiddenName,
): tf.Scalar {
  let a: tf.Tensor = x;
  const layers = params.length / 2;
  for (let l = 0; l < layers; l++) {
    const z = tf.add(tf.matMul(a as tf.Tensor2D, params[2 * l] as tf.Tensor2D), params[2 * l + 1]);
    a = l === layers - 1 ? tf.sigmoid(z) : tfActivations[activation](z);
  }
  return tf.mean(tf.metrics.binaryCrossentropy(y, a));
}

/** The network's weights as tensors, in the order of a tfjs model's getWeights. */
function tfWeights(mlp: Mlp): tf.Tensor[] {
  return mlp.getWeights().flatMap(({ kernel, bias }) => [tf.tensor2d(kernel), tf.tensor1d(bias)]);
}

/** max|a − b| / max|b| over one tensor's entries. */
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let [difference, size] = [0, 0];
  for (let i = 0; i < b.length; i++) {
    difference = Math.max(difference, Math.abs(a[i] - b[i]));
    size = Math.max(size, Math.abs(b[i]));
  }
  return size === 0 ? difference : difference / size;
}

describe('scratch MLP gradients against tf.grads', () => {
  const { x, y } = randomData(24, 5, 1);
  for (const dtype of ['float32', 'float64'] as MlpDtype[]) {
    for (const activation of ['relu', 'sigmoid', 'tanh', 'leakyRelu'] as HiddenName[]) {
      it(`${activation}, ${dtype}: every weight and bias within ${GRADIENT_TOLERANCE} relative`, () => {
        const mlp = createMlp({ sizes: [5, 7, 4, 1], activation, seed: 3, dtype });
        randomizeBiases(mlp, 4);
        const scratchLoss = mlp.loss(x, y);
        mlp.forward(x);
        const gradients = mlp.backward(y);
        assert.equal(gradients.weights.length, 3);

        const params = tfWeights(mlp);
        const [xTensor, yTensor] = [tf.tensor2d(x), tf.tensor2d(y, [y.length, 1])];
        const lossOfParams = (...p: tf.Tensor[]) => tfLoss(p, xTensor, yTensor, activation);
        const { value, grads } = tf.valueAndGrads(lossOfParams)(params);

        const backward = mlp.gradientArrays();
        backward.forEach((g, i) => {
          const expected = grads[i].dataSync();
          const difference = relativeDifference(g, expected);
          assert.ok(
            difference <= GRADIENT_TOLERANCE,
            `parameter ${i}: relative difference ${difference}`,
          );
          assert.ok(
            Math.max(...Array.from(expected, Math.abs)) > 1e-4,
            `parameter ${i} has a gradient`,
          );
        });
        assert.ok(Math.abs(scratchLoss - value.dataSync()[0]) <= 1e-6 * scratchLoss);
        tf.dispose([...params, xTensor, yTensor, value, ...grads]);
      });
    }
  }

  it('a custom activation object runs through its f and df and gives the same gradients', () => {
    const named = createMlp({ sizes: [5, 6, 1], activation: 'tanh', seed: 8, dtype: 'float64' });
    const custom = createMlp({
      sizes: [5, 6, 1],
      activation: { name: 'my tanh', f: Math.tanh, df: (z) => 1 - Math.tanh(z) ** 2 },
      seed: 8,
      dtype: 'float64',
    });
    assert.equal(custom.activation.name, 'my tanh');
    for (const mlp of [named, custom]) {
      mlp.forward(x);
      mlp.backward(y);
    }
    named.gradientArrays().forEach((g, i) => {
      assert.ok(relativeDifference(custom.gradientArrays()[i], g) < 1e-14);
    });
  });
});

describe('scratch MLP and a tfjs model with the same weights', () => {
  it('predict the same probabilities', () => {
    const { x } = randomData(50, 6, 2);
    const mlp = createMlp({ sizes: [6, 8, 1], seed: 5 });
    randomizeBiases(mlp, 6);
    const model = denseClassifier({ inputDim: 6, hiddenUnits: [8], seed: 99 });
    model.setWeights(tfWeights(mlp));
    const expected = tf.tidy(() => (model.predict(tf.tensor2d(x)) as tf.Tensor).dataSync());
    assert.ok(relativeDifference(mlp.predict(x), expected) < 1e-6);
    disposeModel(model);
  });

  it('train to the same weights and history with rmsprop, batches in order', async () => {
    // tfjs's model.fit with shuffle: false takes the batches in row order,
    // as the scratch fit does with shuffle: false; both use rmsprop with
    // tfjs's defaults (learning rate 0.001, decay 0.9, ε = 1e-7).
    const { x, y } = randomData(100, 10, 3);
    const mlp = createMlp({ sizes: [10, 8, 1], seed: 7 });
    randomizeBiases(mlp, 8);
    const model = denseClassifier({ inputDim: 10, hiddenUnits: [8], seed: 99 });
    model.setWeights(tfWeights(mlp));

    const initial = mlp.getWeights();
    const history = mlp.fit(x, y, { epochs: 5, batchSize: 32, shuffle: false });
    const [xTensor, yTensor] = [tf.tensor2d(x), tf.tensor2d(y, [y.length, 1])];
    const tfHistory = await model.fit(xTensor, yTensor, {
      epochs: 5,
      batchSize: 32,
      shuffle: false,
      verbose: 0,
    });

    // Four batches an epoch for five epochs: float32 rounding of the two
    // engines drifts apart a little more with each of the 20 steps.
    model.getWeights().forEach((tensor, i) => {
      const pick = (layers: MlpLayerWeights[]) => {
        const layer = layers[Math.floor(i / 2)];
        return i % 2 === 0 ? layer.kernel.flat() : layer.bias;
      };
      const values = pick(mlp.getWeights());
      const difference = relativeDifference(values, tensor.dataSync());
      assert.ok(difference < 1e-5, `weight ${i}: relative difference ${difference}`);
      assert.ok(relativeDifference(pick(initial), values) > 1e-3, `weight ${i} did not move`);
    });
    history.loss.forEach((loss, epoch) => {
      assert.ok(Math.abs(loss - (tfHistory.history.loss[epoch] as number)) < 1e-6 * loss);
    });
    history.accuracy.forEach((accuracy, epoch) => {
      // tfjs reports the accuracy in float32, 0.51 as 0.50999999.
      assert.ok(Math.abs(accuracy - (tfHistory.history.acc[epoch] as number)) < 1e-7);
    });
    tf.dispose([xTensor, yTensor]);
    disposeModel(model);
  });
});

describe('scratch MLP training', () => {
  it('learns XOR to 100% from a fixed seed', () => {
    const { x, y } = xor();
    const mlp = createMlp({ sizes: [2, 8, 1], activation: 'tanh', seed: 1 });
    const history = mlp.fit(x, y, {
      epochs: 300,
      batchSize: 4,
      optimizer: adam({ learningRate: 0.05 }),
    });
    assert.equal(history.accuracy.at(-1), 1);
    assert.deepEqual(
      Array.from(mlp.predict(x), (p) => (p > 0.5 ? 1 : 0)),
      y,
    );
    assert.ok(history.loss.at(-1)! < 0.05, `final loss ${history.loss.at(-1)}`);
  });

  it('learns two moons to at least 0.97 accuracy', () => {
    const { x, y } = twoMoons({ samples: 200, noise: 0.1, seed: 0 });
    const mlp = createMlp({ sizes: [2, 16, 16, 1], activation: 'relu', seed: 2 });
    mlp.fit(x, y, { epochs: 100, batchSize: 16, optimizer: adam({ learningRate: 0.01 }), seed: 2 });
    const { accuracy } = mlp.evaluate(x, y);
    assert.ok(accuracy >= 0.97, `accuracy ${accuracy}`);
  });

  it('is reproducible: the same seeds give the same weights and history', () => {
    const { x, y } = randomData(64, 3, 4);
    const run = (shuffleSeed: number) => {
      const mlp = createMlp({ sizes: [3, 5, 1], seed: 11 });
      const history = mlp.fit(x, y, { epochs: 3, batchSize: 8, seed: shuffleSeed });
      return { history, weights: mlp.getWeights() };
    };
    assert.deepEqual(run(1), run(1));
    assert.notDeepEqual(run(1).history.batchLoss, run(2).history.batchLoss);
    assert.notDeepEqual(
      createMlp({ sizes: [3, 5, 1], seed: 11 }).getWeights(),
      createMlp({ sizes: [3, 5, 1], seed: 12 }).getWeights(),
    );
  });

  it('reports one loss per batch and the loss of each epoch as their size-weighted mean', () => {
    const { x, y } = randomData(10, 3, 5);
    const mlp = createMlp({ sizes: [3, 4, 1], seed: 1 });
    const seen: number[] = [];
    const history = mlp.fit(x, y, {
      epochs: 2,
      batchSize: 4,
      optimizer: () => sgd({ learningRate: 0.1 }),
      onEpochEnd: (epoch) => seen.push(epoch),
    });
    assert.deepEqual(seen, [0, 1]);
    assert.equal(history.batchLoss.length, 6); // batches of 4, 4 and 2 rows, twice
    const [b0, b1, b2] = history.batchLoss;
    assert.ok(Math.abs(history.loss[0] - (4 * b0 + 4 * b1 + 2 * b2) / 10) < 1e-12);
  });

  it('trainStep returns the loss before the step and lowers it', () => {
    const { x, y } = randomData(32, 4, 6);
    const mlp = createMlp({ sizes: [4, 6, 1], seed: 1, dtype: 'float64' });
    const optimizer = sgd({ learningRate: 0.5 });
    const before = mlp.loss(x, y);
    assert.equal(mlp.trainStep(x, y, optimizer), before);
    assert.ok(mlp.loss(x, y) < before);
  });
});

describe('scratch MLP intermediates', () => {
  it('cache holds z and a of every layer; a = f(z), and the output is σ(z)', () => {
    const mlp = createMlp({ sizes: [2, 3, 1], activation: 'relu', seed: 1, dtype: 'float64' });
    randomizeBiases(mlp, 2);
    const output = mlp.forward([
      [0.5, -1],
      [2, 0.25],
    ]);
    const { rows, input, z, a } = mlp.cache;
    assert.equal(rows, 2);
    assert.deepEqual(toRows(input, 2), [
      [0.5, -1],
      [2, 0.25],
    ]);
    assert.deepEqual([z[0].length, a[0].length, z[1].length], [6, 6, 2]);
    z[0].forEach((value, i) => assert.equal(a[0][i], Math.max(0, value)));
    z[1].forEach((value, i) => assert.ok(Math.abs(a[1][i] - 1 / (1 + Math.exp(-value))) < 1e-15));
    assert.deepEqual(Array.from(output), Array.from(a[1]));
    // By hand: z = x·W + b for the first row and first hidden unit.
    const [{ kernel, bias }] = mlp.getWeights();
    assert.ok(Math.abs(z[0][0] - (0.5 * kernel[0][0] - 1 * kernel[1][0] + bias[0])) < 1e-15);
  });

  it('accepts rows as typed arrays and one flat typed array', () => {
    const mlp = createMlp({ sizes: [2, 3, 1], seed: 1 });
    const rows = [
      [0.5, -1],
      [2, 0.25],
    ];
    const expected = Array.from(mlp.forward(rows));
    assert.deepEqual(Array.from(mlp.forward(rows.map((r) => Float32Array.from(r)))), expected);
    assert.deepEqual(Array.from(mlp.forward(Float32Array.from(rows.flat()))), expected);
  });

  it('getWeights and setWeights round-trip, with Glorot-uniform kernels and zero biases', () => {
    const mlp = createMlp({ sizes: [4, 6, 1], seed: 3, dtype: 'float64' });
    const weights = mlp.getWeights();
    const shapes = [
      weights[0].kernel.length,
      weights[0].kernel[0].length,
      weights[1].kernel.length,
    ];
    assert.deepEqual(shapes, [4, 6, 6]);
    assert.ok(weights.every(({ bias }) => bias.every((b) => b === 0)));
    const limit = Math.sqrt(6 / (4 + 6));
    assert.ok(weights[0].kernel.flat().every((w) => Math.abs(w) <= limit));
    const copy = createMlp({ sizes: [4, 6, 1], seed: 4, dtype: 'float64' });
    copy.setWeights(weights);
    assert.deepEqual(copy.getWeights(), weights);
  });
});

describe('scratch MLP rejects bad input by name', () => {
  const mlp = createMlp({ sizes: [2, 3, 1], seed: 1 });

  it('bad sizes, activation and dtype', () => {
    assert.throws(
      () => createMlp({ sizes: [2] }),
      /sizes is an array of 1 item \(\[2\]\); expected at least two layer widths/,
    );
    assert.throws(
      () => createMlp({ sizes: [2, 0, 1] }),
      /sizes\[1\] is 0; expected a positive integer/,
    );
    assert.throws(
      () => createMlp({ sizes: [2, 1], activation: 'swish' as never }),
      /activation is "swish"; expected one of 'relu', 'sigmoid', 'tanh', 'leakyRelu', 'linear'/,
    );
    assert.throws(
      () => createMlp({ sizes: [2, 1], dtype: 'float16' as never }),
      /dtype is "float16"; expected 'float32' or 'float64'/,
    );
  });

  it('rows of the wrong width and values that are not finite', () => {
    assert.throws(
      () => mlp.forward([[1, 2], [3]]),
      /x\[1\] is an array of 1 item \(\[3\]\); expected 2 \(sizes\[0\]\) numbers/,
    );
    assert.throws(() => mlp.forward([[1, NaN]]), /x\[0\]\[1\] is NaN; expected a finite number/);
    assert.throws(
      () => mlp.forward(new Float32Array(3)),
      /x is a Float32Array of 3 numbers; expected a whole number of rows of 2/,
    );
    assert.throws(() => mlp.forward([]), /x is an empty array; expected a non-empty array of rows/);
  });

  it('targets that do not match the rows, or lie outside [0, 1]', () => {
    const x = [
      [1, 2],
      [3, 4],
    ];
    assert.throws(
      () => mlp.loss(x, [1]),
      /y has 1 numbers but x has 2 rows; expected 2 targets \(1 per row\)/,
    );
    assert.throws(() => mlp.fit(x, [1, 0, 1]), /y has 3 numbers but x has 2 rows/);
    assert.throws(() => mlp.loss(x, [1, 2]), /y\[1\] is 2; expected a target in \[0, 1\]/);
    assert.throws(() => mlp.loss(x, [1, NaN]), /y\[1\] is NaN; expected a target in \[0, 1\]/);
  });

  it('bad training options and weights of the wrong shape', () => {
    const x = [[1, 2]];
    assert.throws(() => mlp.fit(x, [1], { epochs: 0 }), /epochs is 0; expected a positive integer/);
    assert.throws(
      () => mlp.fit(x, [1], { batchSize: 2.5 }),
      /batchSize is 2.5; expected a positive integer/,
    );
    assert.throws(
      () => mlp.fit(x, [1], { optimizer: {} as never }),
      /optimizer is \{\}; expected a ScratchOptimizer/,
    );
    assert.throws(
      () => mlp.fit(x, [1], { optimizer: rmsprop({ learningRate: Infinity }) }),
      /learningRate is Infinity; expected a finite number > 0/,
    );
    assert.throws(
      () => mlp.setWeights([]),
      /layers is an empty array; expected 2 layers of \{ kernel, bias \}/,
    );
    const weights = mlp.getWeights();
    weights[0].kernel.pop();
    assert.throws(
      () => mlp.setWeights(weights),
      /layers\[0\].kernel is an array of 1 item .*; expected 2 rows of 3 numbers/,
    );
  });

  it('backward before any forward pass', () => {
    const fresh = createMlp({ sizes: [2, 1], seed: 1 });
    assert.throws(
      () => fresh.backward([1]),
      /backward needs a forward pass first: run forward\(x\)/,
    );
    assert.throws(() => fresh.cache, /cache is empty: run forward\(x\) first/);
  });
});

describe('scratch MLP fit and evaluation in between', () => {
  it('evaluating all rows in onEpochEnd does not change what fit trains on', () => {
    const { x, y } = twoMoons({ samples: 100, seed: 3 });
    const train = (evaluate: boolean) => {
      const mlp = createMlp({ sizes: [2, 6, 1], activation: 'tanh', seed: 2 });
      mlp.fit(x, y, {
        epochs: 4,
        batchSize: 8,
        optimizer: adam({ learningRate: 0.01 }),
        // loss() on 100 rows grows the buffers beyond a batch of 8.
        onEpochEnd: evaluate ? () => void mlp.loss(x, y) : undefined,
      });
      return mlp.getWeights();
    };
    assert.deepEqual(train(true), train(false));
  });
});
