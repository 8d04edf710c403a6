/**
 * The entry of a search's worker thread: loads the objective module, opens
 * its own connection to the study file and runs trials until none is left,
 * posting each finished trial to the main thread.
 *
 * @internal
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setupBackend } from '../backend';
import { runTrials, type ObjectiveFunction, type StudyConfig } from './runner';
import { StudyStore } from './storage';

/** What the main thread passes to each worker. */
export interface WorkerData {
  storage: string;
  name: string;
  config: StudyConfig;
  /** Absolute path of the objective module. */
  module: string;
  exportName: string;
  /**
   * The main thread's tfjs backend, if it chose one: the worker chooses as
   * `setupBackend` does ('tensorflow' where tfjs-node loads), quietly, before
   * loading the objective, so that its trials run on the same kind.
   */
  backend?: string;
}

/** What a worker posts back. */
export type WorkerMessage =
  | { type: 'trial'; trial: import('./storage').StoredTrial }
  | { type: 'done' }
  | { type: 'error'; message: string };

async function main(): Promise<void> {
  const data = workerData as WorkerData;
  const post = (message: WorkerMessage) => parentPort!.postMessage(message);
  let objective: ObjectiveFunction;
  try {
    if (data.backend !== undefined) {
      await setupBackend({ verbose: false, prefer: data.backend === 'cpu' ? 'cpu' : 'auto' });
    }
    objective = loadObjective(data.module, data.exportName);
  } catch (error) {
    post({ type: 'error', message: (error as Error).message });
    return;
  }
  const store = new StudyStore(data.storage);
  try {
    await runTrials(store, data.name, data.config, objective, (trial) =>
      post({ type: 'trial', trial }),
    );
  } finally {
    store.close();
  }
  post({ type: 'done' });
}

function loadObjective(module: string, exportName: string): ObjectiveFunction {
  let exports: Record<string, unknown>;
  try {
    exports = require(module) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `runSearch: objective.module ${JSON.stringify(module)} failed to load in a worker thread: ` +
        `${(error as Error).message}`,
    );
  }
  const objective = exports[exportName];
  if (typeof objective !== 'function') {
    const functions = Object.keys(exports).filter((key) => typeof exports[key] === 'function');
    throw new Error(
      `runSearch: objective.module ${JSON.stringify(module)} exports no function named ` +
        `${JSON.stringify(exportName)}; expected one of its exported functions` +
        (functions.length > 0 ? ` (${functions.join(', ')})` : ' (it exports none)'),
    );
  }
  return objective as ObjectiveFunction;
}

main().catch((error: Error) => {
  parentPort!.postMessage({ type: 'error', message: error.stack ?? error.message });
});
