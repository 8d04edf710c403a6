/**
 * Studies stored in SQLite: resume or fresh (never silently reused), a
 * process killed mid-trial losing no finished trial, and two processes
 * sharing one study file.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { float, int } from '../src/search/space';
import { runSearch } from '../src/search/study';
import { StudyStore } from '../src/search/storage';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-storage-test-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const CHILD = path.join(__dirname, 'support', 'search-child.ts');

/** A quick search of `trials` trials on `file`, counting the objective's calls in `calls`. */
function search(file: string, mode: 'fresh' | 'resume' | undefined, calls: number[], trials = 5) {
  return runSearch({
    name: 'stored',
    storage: file,
    mode,
    space: { x: float(-1, 1), n: int(1, 4) },
    trials,
    seed: 9,
    direction: 'minimize',
    objective: (trial) => {
      calls.push(trial.number);
      return trial.params.x ** 2 + trial.params.n;
    },
  });
}

function childArgs(file: string, extra: object = {}): string {
  return JSON.stringify({ storage: file, name: 'child', trials: 6, delayMs: 5, ...extra });
}

describe('resume or fresh', () => {
  const file = path.join(dir, 'modes.db');

  test('a stored study is not reused unless the caller says resume or fresh', async () => {
    const first: number[] = [];
    const stored = await search(file, undefined, first);
    assert.deepEqual(first, [1, 2, 3, 4, 5]);

    await assert.rejects(
      search(file, undefined, []),
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} already holds a study named "stored" ` +
          "\\(5 of 5 trials finished\\); expected mode: 'resume' to run its remaining trials or " +
          "mode: 'fresh' to delete it and start over",
      ),
    );

    const resumed: number[] = [];
    const again = await search(file, 'resume', resumed);
    assert.deepEqual(resumed, [], 'a finished study runs no trial on resume');
    assert.deepEqual(again.trials, stored.trials);

    const more: number[] = [];
    await assert.rejects(
      search(file, 'resume', more, 8),
      /cannot resume study "stored": it was stored with trials 5, now trials is 8; expected the same trials/,
    );

    const fresh: number[] = [];
    const restarted = await search(file, 'fresh', fresh, 3);
    assert.deepEqual(fresh, [1, 2, 3]);
    assert.equal(restarted.trials.length, 3);
    assert.deepEqual(
      restarted.trials.map((trial) => trial.params),
      stored.trials.slice(0, 3).map((trial) => trial.params),
    );
  });

  test('a different space cannot be resumed', async () => {
    await assert.rejects(
      runSearch({
        name: 'stored',
        storage: file,
        mode: 'resume',
        space: { x: float(-2, 2), n: int(1, 4) },
        trials: 3,
        seed: 9,
        direction: 'minimize',
        objective: () => 0,
      }),
      /cannot resume study "stored": it was stored with space \{"x":\{"kind":"float","low":-1,/,
    );
  });
});

describe('a process killed mid-trial', () => {
  test('loses no finished trial, and the unfinished one runs again on resume', async () => {
    const file = path.join(dir, 'killed.db');
    const marker = path.join(dir, 'hanging');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, childArgs(file, { hangAt: 4, marker })],
      { stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    for (let waited = 0; !fs.existsSync(marker); waited += 50) {
      assert.ok(waited < 60_000, 'the child never reached trial 4');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');

    const store = new StudyStore(file);
    const left = store.trials('child');
    store.close();
    assert.deepEqual(
      left.map((trial) => [trial.number, trial.state]),
      [
        [1, 'complete'],
        [2, 'complete'],
        [3, 'complete'],
        [4, 'running'],
      ],
    );
    assert.deepEqual(left[3].reports, [{ epoch: 0, value: 1 }]);

    const resumed = spawnSync(process.execPath, ['--import', 'tsx', CHILD, childArgs(file)], {
      encoding: 'utf8',
    });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.deepEqual(JSON.parse(resumed.stdout), [4, 5, 6]);

    const whole = spawnSync(
      process.execPath,
      ['--import', 'tsx', CHILD, childArgs(path.join(dir, 'whole.db'))],
      { encoding: 'utf8' },
    );
    assert.equal(whole.status, 0, whole.stderr);
    const check = [new StudyStore(file), new StudyStore(path.join(dir, 'whole.db'))];
    const [afterKill, uninterrupted] = check.map((s) => s.trials('child'));
    check.forEach((s) => s.close());
    const essentials = (trials: typeof afterKill) =>
      trials.map(({ number, state, params, seed, score, reports }) => ({
        number,
        state,
        params,
        seed,
        score,
        reports,
      }));
    assert.deepEqual(essentials(afterKill), essentials(uninterrupted));
    assert.equal(afterKill[0].durationMs, left[0].durationMs, 'trial 1 was not run again');
  });
});

describe('one file, two processes', () => {
  test('share the trials: each runs once, none twice', async () => {
    const file = path.join(dir, 'shared.db');
    const barrier = { dir: fs.mkdtempSync(path.join(dir, 'barrier-')), parties: 2 };
    const args = JSON.stringify({
      storage: file,
      name: 'shared',
      trials: 40,
      delayMs: 50,
      barrier,
    });
    const run = () =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', CHILD, args]);
        let [stdout, stderr] = ['', ''];
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const results = await Promise.all([run(), run()]);
    const ran = results.map((result) => {
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout) as number[];
    });
    const all = ran.flat().sort((a, b) => a - b);
    assert.deepEqual(
      all,
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    assert.ok(
      ran.every((numbers) => numbers.length >= 5),
      `trials per process: ${ran.map((numbers) => numbers.length)}`,
    );
    const store = new StudyStore(file);
    const trials = store.trials('shared');
    store.close();
    assert.equal(trials.filter((trial) => trial.state === 'complete').length, 40);
  });
});
