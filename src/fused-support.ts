/**
 * Which models the fused engine trains: exactly those whose every training
 * operation it mirrors, so that it gives model.fit's numbers bit for bit.
 * Anything else is refused with the reason, and `train` uses model.fit.
 *
 * Accepted: on tfjs 4.22's cpu backend, a plain tf.Sequential of tfjs's own
 * Dense layers (relu, tanh, sigmoid or linear, with a bias, L1/L2 penalties
 * allowed, no constraints or activity penalty), each hidden one optionally
 * followed by the library's seeded dropout, ending in one sigmoid unit;
 * every weight trainable and collected for training at compile time;
 * compiled with binary cross-entropy, at most the accuracy metric, and
 * tfjs's rmsprop (not centered), adam or sgd holding no state for weights
 * of other shapes.
 *
 * @internal
 */
import * as tf from '@tensorflow/tfjs';
import { MIRRORED_ACTIVATIONS } from './fused-layers';
import { optimizerUnsupportedReason } from './fused-optimizers';
import { SeededDropout } from './model';

/** The version of tfjs whose arithmetic the engine mirrors, for each package that computes. */
export const MIRRORED_TFJS_VERSION = '4.22.0';
const COMPUTING_PACKAGES = ['tfjs-core', 'tfjs-layers', 'tfjs-backend-cpu'] as const;

/** The Dense options that change training and that the engine does not mirror. */
const UNMIRRORED_DENSE_OPTIONS = ['activityRegularizer', 'kernelConstraint', 'biasConstraint'];

/** tfjs's own Dense class, as its serialization registry knows it; subclasses are not it. */
const DENSE = tf.serialization.SerializationMap.getMap().classNameMap.Dense?.[0];

/**
 * Why the fused engine cannot train `model` exactly as model.fit does, or
 * undefined if it can.
 */
export function fusedUnsupportedReason(model: tf.LayersModel): string | undefined {
  if (tf.getBackend() !== 'cpu') return `the backend is ${tf.getBackend()}, not cpu`;
  const versions = tf.version as Record<string, string>;
  const other = COMPUTING_PACKAGES.find((name) => versions[name] !== MIRRORED_TFJS_VERSION);
  if (other !== undefined) {
    return `${other} is ${versions[other]}; the fused engine mirrors ${MIRRORED_TFJS_VERSION}`;
  }
  if (Object.getPrototypeOf(model) !== tf.Sequential.prototype) {
    return 'the model is not a plain tf.Sequential';
  }
  // A replaced fit (a wrapper, a spy) is the caller's to run.
  if (Object.hasOwn(model, 'fit')) return 'its fit method is replaced';
  if (model.inputs[0]?.shape.length !== 2) return 'its input is not rows of features';
  return (
    layersUnsupportedReason(model.layers) ??
    lossAndMetricsUnsupportedReason(model) ??
    weightsUnsupportedReason(model) ??
    optimizerUnsupportedReason(model.optimizer, trainedVariables(model))
  );
}

/** The variables model.fit trains: the ones collected when the model was compiled. */
export function trainedVariables(model: tf.LayersModel): tf.Variable[] {
  const inner = (model as unknown as { model?: { collectedTrainableWeights?: tf.LayerVariable[] } })
    .model;
  return (inner?.collectedTrainableWeights ?? []).map((w) => w.read() as tf.Variable);
}

function layersUnsupportedReason(layers: tf.layers.Layer[]): string | undefined {
  if (new Set(layers).size !== layers.length) return 'it holds one layer more than once';
  for (const [i, layer] of layers.entries()) {
    const reason =
      Object.getPrototypeOf(layer) === SeededDropout.prototype
        ? dropoutUnsupportedReason(layers, i)
        : denseUnsupportedReason(layer);
    if (reason !== undefined) return `its layer ${layer.name} ${reason}`;
  }
  const last = layers.at(-1)?.getConfig();
  if (last?.units !== 1 || last.activation !== 'sigmoid') {
    return 'its last layer is not one sigmoid unit';
  }
  return undefined;
}

/** The library's dropout is mirrored right after a hidden Dense layer. */
function dropoutUnsupportedReason(layers: tf.layers.Layer[], i: number): string | undefined {
  const follows = i > 0 && Object.getPrototypeOf(layers[i - 1]) === DENSE?.prototype;
  return follows && i < layers.length - 1
    ? undefined
    : 'is a dropout layer that does not follow a hidden Dense layer';
}

function denseUnsupportedReason(layer: tf.layers.Layer): string | undefined {
  if (layer.getClassName() === 'Dropout') {
    return (
      "is tfjs's Dropout, whose masks are not reproducible; " +
      "denseClassifier's seeded dropout is mirrored"
    );
  }
  if (DENSE === undefined || Object.getPrototypeOf(layer) !== DENSE.prototype) {
    return `is a ${layer.getClassName()}, not tfjs's Dense`;
  }
  const config = layer.getConfig();
  if (!(MIRRORED_ACTIVATIONS as readonly string[]).includes(String(config.activation))) {
    return `has activation ${String(config.activation)}`;
  }
  if (config.useBias !== true) return 'has no bias';
  const extra = UNMIRRORED_DENSE_OPTIONS.find((option) => config[option] != null);
  if (extra !== undefined) return `has a ${extra}`;
  for (const option of ['kernelRegularizer', 'biasRegularizer']) {
    const regularizer = config[option] as { className?: string } | null | undefined;
    if (regularizer != null && regularizer.className !== 'L1L2') {
      return `has a ${option} of class ${regularizer.className}, not L1L2`;
    }
  }
  if (layer.trainableWeights.some((w) => w.dtype !== 'float32')) return 'is not float32';
  return undefined;
}

function lossAndMetricsUnsupportedReason(model: tf.LayersModel): string | undefined {
  if (model.loss !== 'binaryCrossentropy') return "its loss is not 'binaryCrossentropy'";
  // What was passed to compile, not the logged names: a function named acc
  // would log as acc too.
  const compiled = model.metrics as unknown;
  const metrics = compiled == null ? [] : Array.isArray(compiled) ? compiled : [compiled];
  const mirrored = metrics.length <= 1 && metrics.every((m) => m === 'accuracy' || m === 'acc');
  if (!mirrored) {
    const names = metrics.map((m) => (typeof m === 'string' ? m : 'a function'));
    return `its metrics are ${names.join(', ')}; only 'accuracy' is mirrored`;
  }
  return undefined;
}

/**
 * model.fit trains the weights collected at compile time; they must be each
 * layer's kernel and bias, in order, and trainable.
 */
function weightsUnsupportedReason(model: tf.LayersModel): string | undefined {
  const expected = model.layers.flatMap((layer) => layer.weights.map((w) => w.read()));
  const trained = trainedVariables(model);
  const same = trained.length === expected.length && trained.every((v, i) => v === expected[i]);
  if (!same) {
    return (
      'the weights it trains are not every layer’s kernel and bias in order ' +
      '(was trainable changed after compile?)'
    );
  }
  if (trained.some((v) => !v.trainable)) return 'one of its weights is not trainable';
  return undefined;
}
