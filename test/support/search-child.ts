/**
 * A search run in a child process by test/search-storage.test.ts. Arguments
 * as JSON in argv[2]: the storage file, the study name, the trial count, the
 * ms each trial takes, and optionally a trial at which to write `marker` and
 * then hang (for the parent to kill it). Prints the trial numbers it ran.
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
}

const args = JSON.parse(process.argv[2]) as ChildArgs;
const ran: number[] = [];

async function main(): Promise<void> {
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
