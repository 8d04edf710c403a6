/**
 * A search run in a child process by test/search-storage.test.ts. Arguments
 * as JSON in argv[2]: the storage file, the study name, the trial count, the
 * ms each trial takes, optionally a trial at which to write `marker` and then
 * hang (for the parent to kill it), and optionally a barrier to start at.
 * Prints the trial numbers it ran.
 */
import * as fs from 'node:fs';
import { float } from '../../src/search/space';
import { runSearch } from '../../src/search/study';

interface ChildArgs {
  storage: string;
  name: string;
  trials: number;
  delayMs: number;
  hangAt?: number;
  marker?: string;
  /**
   * A folder where each child leaves its mark and then waits for `parties`
   * marks, so that children started together begin searching together
   * however long each took to load.
   */
  barrier?: { dir: string; parties: number };
}

const args = JSON.parse(process.argv[2]) as ChildArgs;
const ran: number[] = [];

async function main(): Promise<void> {
  if (args.barrier) {
    const { dir, parties } = args.barrier;
    fs.writeFileSync(`${dir}/${process.pid}`, '');
    while (fs.readdirSync(dir).length < parties) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  await runSearch({
    name: args.name,
    storage: args.storage,
    mode: 'resume',
    space: { x: float(-1, 1) },
    trials: args.trials,
    seed: 5,
    direction: 'minimize',
    objective: async (trial) => {
      ran.push(trial.number);
      if (trial.number === args.hangAt) {
        trial.report(0, 1);
        fs.writeFileSync(args.marker!, String(trial.number));
        await new Promise(() => setInterval(() => {}, 1000));
      }
      await new Promise((resolve) => setTimeout(resolve, args.delayMs));
      return trial.params.x ** 2;
    },
  });
  console.log(JSON.stringify(ran));
}

void main();
