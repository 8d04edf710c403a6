/**
 * Choosing where tensors are computed. tfjs-node's native TensorFlow backend
 * is used when it is installed; otherwise tfjs's pure-JavaScript `cpu`
 * backend, which computes the same numbers (up to float32 rounding), only
 * slower.
 */
import * as tf from '@tensorflow/tfjs';
import { describeValue } from './check';
import { createRandom } from './random';

/** What `setupBackend` chose and why. */
export interface BackendInfo {
  /** The tfjs backend name: `tensorflow` (native) or `cpu`. */
  name: string;
  /** Whether the native TensorFlow library does the work. */
  native: boolean;
  /** The one line `setupBackend` prints. */
  description: string;
}

/** Options of `setupBackend`. */
export interface SetupBackendArgs {
  /**
   * `auto` uses the native backend when it loads, `cpu` always uses the
   * pure-JS one (useful to compare the two). Defaults to the environment
   * variable `DL_WORKBOOK_BACKEND`, else `auto`.
   */
  prefer?: 'auto' | 'cpu';
  /** Print the one-line description. Defaults to true. */
  verbose?: boolean;
}

// tfjs-node is installed under an alias: danfojs-node needs the name
// `@tensorflow/tfjs-node` for the pure-JS package (see package.json overrides).
const NATIVE_PACKAGE = 'tfjs-node-native';

/**
 * Selects the fastest backend that works here, prints one line saying which,
 * and returns it. Call it once, before creating tensors.
 */
export async function setupBackend(options: SetupBackendArgs = {}): Promise<BackendInfo> {
  const prefer = options.prefer ?? envPreference();
  const verbose = options.verbose ?? true;
  if (prefer !== 'auto' && prefer !== 'cpu') {
    throw new Error(`setupBackend: prefer is ${describeValue(prefer)}; expected 'auto' or 'cpu'`);
  }

  let info: BackendInfo;
  let nativeError = prefer === 'auto' ? loadNative() : 'not requested';
  if (nativeError === undefined && !(await agreesWithCpu('tensorflow'))) {
    nativeError = "tfjs-node's results differ from cpu's";
  }
  if (nativeError === undefined && (await tf.setBackend('tensorflow'))) {
    info = {
      name: 'tensorflow',
      native: true,
      description: `Backend: tensorflow (native TensorFlow via tfjs-node ${tf.version.tfjs})`,
    };
  } else {
    await tf.setBackend('cpu');
    silenceCpuBanner();
    const why =
      prefer === 'cpu'
        ? 'cpu was requested'
        : nativeError?.startsWith('Cannot find module')
          ? 'tfjs-node is not installed'
          : `tfjs-node did not load: ${nativeError ?? "setBackend('tensorflow') failed"}`;
    info = {
      name: 'cpu',
      native: false,
      description: `Backend: cpu (pure JavaScript, tfjs ${tf.version.tfjs}; ${why})`,
    };
  }

  await tf.ready();
  if (verbose) console.log(info.description);
  return info;
}

/**
 * Whether `backend` computes what `cpu` computes: a small seeded network
 * (dense relu layer, sigmoid output, binary cross-entropy, gradients, five
 * steps of gradient descent) must reach the same losses within 1e-3
 * relative on both. `setupBackend` picks no backend but cpu that fails this.
 * The backend active before the call is active again afterwards.
 */
export async function agreesWithCpu(backend: string): Promise<boolean> {
  const previous = tf.getBackend();
  try {
    const reference = await referenceLosses('cpu');
    const losses = await referenceLosses(backend);
    return losses.every(
      (loss, i) =>
        Number.isFinite(loss) && Math.abs(loss - reference[i]) <= 1e-3 * Math.abs(reference[i]),
    );
  } catch {
    return false;
  } finally {
    if (previous && tf.getBackend() !== previous) await tf.setBackend(previous);
  }
}

/** The losses of five gradient-descent steps on fixed data, computed on `backend`. */
async function referenceLosses(backend: string): Promise<number[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);
  if (backend === 'cpu') silenceCpuBanner();
  const random = createRandom('backend-parity');
  const values = (n: number) => Array.from({ length: n }, () => random() * 2 - 1);
  return tf.tidy(() => {
    const x = tf.tensor2d(values(32), [8, 4]);
    const y = tf.tensor2d([1, 0, 1, 1, 0, 0, 1, 0], [8, 1]);
    let w1 = tf.tensor2d(values(12), [4, 3]);
    let w2 = tf.tensor2d(values(3), [3, 1]);
    const loss = (a: tf.Tensor, b: tf.Tensor) =>
      tf.metrics
        .binaryCrossentropy(y, tf.sigmoid(tf.matMul(tf.relu(tf.matMul(x, a)), b)))
        .mean() as tf.Scalar;
    const gradients = tf.grads(loss);
    const losses: number[] = [];
    for (let step = 0; step < 5; step++) {
      losses.push(loss(w1, w2).dataSync()[0]);
      const [g1, g2] = gradients([w1, w2]);
      w1 = w1.sub(g1.mul(0.5));
      w2 = w2.sub(g2.mul(0.5));
    }
    return losses;
  });
}

function envPreference(): 'auto' | 'cpu' {
  const value = process.env.DL_WORKBOOK_BACKEND;
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'cpu') return 'cpu';
  throw new Error(`DL_WORKBOOK_BACKEND is '${value}'; expected 'auto' or 'cpu'`);
}

/** Registers the native backend; returns why it could not, if it could not. */
function loadNative(): string | undefined {
  try {
    require(NATIVE_PACKAGE);
    return tf.findBackendFactory('tensorflow') ? undefined : 'no tensorflow backend registered';
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

/**
 * The cpu backend prints a multi-line "install tfjs-node" banner on its first
 * tensor. `setupBackend` already said which backend runs, so the first tensor
 * is made here with warnings silenced, and warnings are restored afterwards.
 */
function silenceCpuBanner(): void {
  const wasProd = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  tf.tensor1d([0]).dispose();
  tf.env().set('PROD', wasProd);
}
