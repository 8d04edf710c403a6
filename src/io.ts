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

/**
 * Writes `model` to `dir` (created if missing) as `model.json` and
 * `weights.bin`, replacing an earlier save there (a folder holding other
 * files is refused). The files are written
 * beside the folder first and moved into place whole, so a failed save never
 * leaves half a model behind.
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (artifacts.modelTopology === undefined || artifacts.weightSpecs === undefined) {
        throw new Error(`saveModel(${dir}): the model has no topology or weights to save`);
      }
      const weights = artifacts.weightData === undefined
        ? new Uint8Array(0)
        : new Uint8Array(tf.io.concatenateArrayBuffers(
          Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData],
        ));
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
  const modelPath = path.join(dir, MODEL_FILE);
  if (!fs.existsSync(modelPath)) {
    throw new Error(`loadModel(${dir}): ${modelPath} not found; expected a folder written by saveModel`);
  }
  const modelJson = JSON.parse(fs.readFileSync(modelPath, 'utf8')) as tf.io.ModelJSON;
  const manifest = modelJson.weightsManifest ?? [];
  const weightSpecs = manifest.flatMap((group) => group.weights);
  const buffers = manifest.flatMap((group) =>
    group.paths.map((file) => {
      const bytes = fs.readFileSync(path.join(dir, file));
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    }),
  );
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      trainingConfig: modelJson.trainingConfig,
      weightSpecs,
      weightData: tf.io.concatenateArrayBuffers(buffers),
      format: modelJson.format,
      generatedBy: modelJson.generatedBy,
      convertedBy: modelJson.convertedBy,
    }),
  );
}

/** Writes `files` into a sibling temporary folder, then swaps it in for `dir`. */
function writeFolderAtomically(dir: string, files: Record<string, string | Uint8Array>): void {
  if (fs.existsSync(dir)) {
    const foreign = fs.readdirSync(dir).filter((name) => !(name in files));
    if (foreign.length > 0) {
      throw new Error(
        `saveModel(${dir}): the folder holds other files (${foreign.slice(0, 3).join(', ')}); ` +
          'expected a new folder or one written by saveModel',
      );
    }
  }
  const parent = path.dirname(path.resolve(dir));
  fs.mkdirSync(parent, { recursive: true });
  // A plain mkdir (not mkdtemp, whose folder is private) keeps the usual permissions.
  const staging = path.join(parent, `.${path.basename(dir)}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(staging);
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.writeFileSync(path.join(staging, name), content);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
