/**
 * Saving a model to a folder and loading it back, in the format tfjs-node's
 * `file://` handler uses (`model.json` plus `weights.bin`), so it works the
 * same on every backend, including the pure-JS one that has no file handler.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

/** Bytes per value of each weight dtype tfjs writes. */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * Writes `model` to the folder `dir` (created if missing) as `model.json` and
 * `weights.bin`, replacing an earlier save there; a folder holding other files
 * is refused. The files are written beside the folder first and moved into
 * place whole, so a failed save never leaves half a model behind.
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  checkSaveFolder(dir);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (artifacts.modelTopology === undefined || artifacts.weightSpecs === undefined) {
        throw new Error(`saveModel(${dir}): the model has no topology or weights to save`);
      }
      const weights =
        artifacts.weightData === undefined
          ? new Uint8Array(0)
          : new Uint8Array(
              tf.io.concatenateArrayBuffers(
                Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData],
              ),
            );
      const modelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      writeFolderAtomically(dir, {
        [MODEL_FILE]: JSON.stringify(modelJson),
        [WEIGHTS_FILE]: weights,
      });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/** Loads a model written by `saveModel` (or by tfjs-node's `file://` handler) from `dir`. */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const fail = (problem: string): never => {
    throw new Error(`loadModel(${dir}): ${problem}`);
  };
  const modelPath = path.join(dir, MODEL_FILE);
  if (!fs.existsSync(modelPath)) {
    fail(`${modelPath} not found; expected a folder written by saveModel`);
  }

  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(fs.readFileSync(modelPath, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    return fail(`${MODEL_FILE} is not valid JSON (${(error as Error).message})`);
  }
  if (modelJson === null || typeof modelJson !== 'object' || !modelJson.modelTopology) {
    fail(`${MODEL_FILE} has no modelTopology; expected a file written by saveModel`);
  }
  const manifest = Array.isArray(modelJson.weightsManifest) ? modelJson.weightsManifest : [];
  const weightSpecs = manifest.flatMap((group) => group.weights);

  const folder = path.resolve(dir);
  const buffers = manifest.flatMap((group) =>
    group.paths.map((file) => {
      const weightsPath = path.resolve(folder, file);
      if (path.dirname(weightsPath) !== folder) {
        fail(
          `${MODEL_FILE} lists the weights file '${file}' outside the folder; expected a file name`,
        );
      }
      if (!fs.existsSync(weightsPath)) fail(`${file} not found; ${MODEL_FILE} lists it`);
      const bytes = fs.readFileSync(weightsPath);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    }),
  );
  const weightData = tf.io.concatenateArrayBuffers(buffers);
  const expectedBytes = weightSpecs.reduce(
    (total, spec) => total + spec.shape.reduce((a, b) => a * b, 1) * (DTYPE_BYTES[spec.dtype] ?? 4),
    0,
  );
  if (weightData.byteLength !== expectedBytes) {
    fail(
      `the weights files hold ${weightData.byteLength} bytes but ${MODEL_FILE} describes ` +
        `${expectedBytes}; the files are truncated or belong to different saves`,
    );
  }

  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      trainingConfig: modelJson.trainingConfig,
      weightSpecs,
      weightData,
      format: modelJson.format,
      generatedBy: modelJson.generatedBy,
      convertedBy: modelJson.convertedBy,
    }),
  );
}

/** Refuses, before anything is written, a `dir` that cannot hold a saved model. */
function checkSaveFolder(dir: string): void {
  const fail = (problem: string): never => {
    throw new Error(`saveModel(${JSON.stringify(dir)}): ${problem}`);
  };
  if (typeof dir !== 'string' || dir.trim() === '') {
    fail('expected the path of a folder, such as "../models/my-model"');
  }
  const resolved = path.resolve(dir);
  if (resolved === path.parse(resolved).root || resolved === process.cwd()) {
    fail('cannot replace the current or root folder; name a subfolder such as "./model"');
  }
  if (fs.existsSync(resolved) && !fs.statSync(resolved).isDirectory()) {
    fail('a file of that name exists; expected a folder or a new name');
  }
}

/**
 * Writes `files` into a sibling temporary folder, then swaps it in for `dir`.
 * An earlier save is moved aside first and put back if the swap fails, so
 * `dir` always holds one whole model.
 */
function writeFolderAtomically(dir: string, files: Record<string, string | Uint8Array>): void {
  const target = path.resolve(dir);
  if (fs.existsSync(target)) {
    const foreign = fs.readdirSync(target).filter((name) => !(name in files));
    if (foreign.length > 0) {
      throw new Error(
        `saveModel(${JSON.stringify(dir)}): the folder holds other files ` +
          `(${foreign.slice(0, 3).join(', ')}); expected a new folder or one written by saveModel`,
      );
    }
  }
  const parent = path.dirname(target);
  // A plain mkdir (not mkdtemp, whose folder is private) keeps the usual permissions.
  const staging = path.join(parent, `.${path.basename(target)}-${process.pid}-${Date.now()}`);
  const previous = `${staging}-previous`;
  let movedAside = false;
  try {
    fs.mkdirSync(parent, { recursive: true });
    fs.mkdirSync(staging);
    for (const [name, content] of Object.entries(files)) {
      fs.writeFileSync(path.join(staging, name), content);
    }
    if (fs.existsSync(target)) {
      fs.renameSync(target, previous);
      movedAside = true;
    }
    fs.renameSync(staging, target);
  } catch (error) {
    if (movedAside && !fs.existsSync(target)) fs.renameSync(previous, target);
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`saveModel(${JSON.stringify(dir)}): ${(error as Error).message}`);
  }
  if (movedAside) fs.rmSync(previous, { recursive: true, force: true });
}
