/**
 * Studies stored in SQLite (better-sqlite3), by name, so that a search can
 * be resumed after a crash and shared by several workers.
 *
 * Every finished trial is one committed UPDATE, so a process killed in the
 * middle of a trial loses only that trial, whose row stays 'running'; on
 * resume such rows of dead processes are cleared and their trials run again.
 * Workers claim trial numbers inside an IMMEDIATE transaction, so two never
 * take the same one; the file is in WAL mode with a busy timeout, so readers
 * and one writer at a time proceed without "database is locked" errors.
 *
 * @internal
 */
import Database from 'better-sqlite3';
import * as os from 'node:os';
import type { TrialState } from '../search-plot';
import type { ParamValue } from './space';

/** What a stored study was created with; resuming requires the same. */
export type StudyConfig = Record<string, unknown>;

/** A stored trial row, decoded. */
export interface StoredTrial {
  number: number;
  state: TrialState | 'running';
  params: Record<string, ParamValue>;
  seed: number;
  score: number;
  error?: string;
  durationMs: number;
  reports: { epoch: number; value: number }[];
}

/** How long a writer waits for another's lock before failing, in ms. */
const BUSY_TIMEOUT_MS = 30_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS studies (
  name TEXT PRIMARY KEY,
  config TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS trials (
  study TEXT NOT NULL,
  number INTEGER NOT NULL,
  state TEXT NOT NULL,
  params TEXT NOT NULL,
  seed INTEGER NOT NULL,
  score REAL,
  error TEXT,
  owner TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  duration_ms REAL,
  PRIMARY KEY (study, number)
);
CREATE TABLE IF NOT EXISTS reports (
  study TEXT NOT NULL,
  number INTEGER NOT NULL,
  epoch INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (study, number, epoch)
);
CREATE INDEX IF NOT EXISTS reports_by_epoch ON reports (study, epoch);
`;

/** This process, as written in the `owner` column: host and pid. */
export const OWNER = `${os.hostname()}:${process.pid}`;

/** One connection to a study file. */
export class StudyStore {
  private readonly db: Database.Database;

  /** Opens (creating if needed) the file at `path`, or an in-memory database for ':memory:'. */
  constructor(readonly path: string) {
    this.db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
    // WAL with NORMAL loses no committed transaction when a process dies, only on power loss.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  /** The stored config of study `name`, or undefined when there is none. */
  studyConfig(name: string): StudyConfig | undefined {
    const row = this.db.prepare('SELECT config FROM studies WHERE name = ?').get(name) as
      { config: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.config) as StudyConfig);
  }

  /**
   * Creates study `name` with `config` unless it exists; returns the stored
   * config when it did exist, else undefined. Atomic, so that two processes
   * starting the same study at once create it once.
   */
  createIfMissing(name: string, config: StudyConfig): StudyConfig | undefined {
    return this.db
      .transaction(() => {
        const stored = this.studyConfig(name);
        if (stored !== undefined) return stored;
        this.db
          .prepare('INSERT INTO studies (name, config, created_at) VALUES (?, ?, ?)')
          .run(name, JSON.stringify(config), Date.now());
        return undefined;
      })
      .immediate();
  }

  /** Creates study `name`, first deleting any stored study of that name and its trials. */
  createStudy(name: string, config: StudyConfig): void {
    this.db
      .transaction(() => {
        this.deleteStudy(name);
        this.db
          .prepare('INSERT INTO studies (name, config, created_at) VALUES (?, ?, ?)')
          .run(name, JSON.stringify(config), Date.now());
      })
      .immediate();
  }

  /**
   * Deletes the 'running' trials of study `name` whose process is gone (on
   * this host, a pid that no longer exists), with their reports, so that
   * they run again; this process's own are cleared unless `selfActive` (it
   * is running this study elsewhere). Returns their numbers.
   */
  clearAbandoned(name: string, selfActive: boolean): number[] {
    return this.db
      .transaction(() => {
        const running = this.db
          .prepare("SELECT number, owner FROM trials WHERE study = ? AND state = 'running'")
          .all(name) as { number: number; owner: string }[];
        const abandoned = running
          .filter(({ owner }) => !isAlive(owner, selfActive))
          .map(({ number }) => number);
        const deleteTrial = this.db.prepare('DELETE FROM trials WHERE study = ? AND number = ?');
        const deleteReports = this.db.prepare('DELETE FROM reports WHERE study = ? AND number = ?');
        for (const number of abandoned) {
          deleteTrial.run(name, number);
          deleteReports.run(name, number);
        }
        return abandoned;
      })
      .immediate();
  }

  /**
   * Takes the lowest trial number in 1..total that no one has taken, marks
   * it running, and returns it; undefined when all are taken. `plan` gives
   * the trial's parameters and seed.
   */
  claimTrial(
    name: string,
    total: number,
    plan: (number: number) => { params: Record<string, ParamValue>; seed: number },
  ): { number: number; params: Record<string, ParamValue>; seed: number } | undefined {
    return this.db
      .transaction(() => {
        const taken = this.db
          .prepare('SELECT number FROM trials WHERE study = ? ORDER BY number')
          .pluck()
          .all(name) as number[];
        let number = 1;
        for (const t of taken) {
          if (t !== number) break;
          number++;
        }
        if (number > total) return undefined;
        const { params, seed } = plan(number);
        this.db
          .prepare(
            'INSERT INTO trials (study, number, state, params, seed, owner, started_at) ' +
              "VALUES (?, ?, 'running', ?, ?, ?, ?)",
          )
          .run(name, number, JSON.stringify(params), seed, OWNER, Date.now());
        return { number, params, seed };
      })
      .immediate();
  }

  /** Stores one per-epoch value of a running trial (a repeated epoch replaces the earlier value). */
  report(name: string, number: number, epoch: number, value: number): void {
    this.db
      .prepare('INSERT OR REPLACE INTO reports (study, number, epoch, value) VALUES (?, ?, ?, ?)')
      .run(name, number, epoch, Number.isNaN(value) ? null : value);
  }

  /**
   * Values reported at `epoch` by the trials of study `name` whose number
   * minus one leaves `bracket` when divided by `brackets` (all trials for
   * one bracket); NaN stands for a non-finite value.
   */
  valuesAt(name: string, epoch: number, brackets = 1, bracket = 0): number[] {
    const values = this.db
      .prepare('SELECT value FROM reports WHERE study = ? AND epoch = ? AND (number - 1) % ? = ?')
      .pluck()
      .all(name, epoch, brackets, bracket) as (number | null)[];
    return values.map((value) => value ?? NaN);
  }

  /** Records how a trial ended, in one committed statement. */
  finishTrial(
    name: string,
    number: number,
    end: { state: TrialState; score: number; error?: string; durationMs: number },
  ): void {
    this.db
      .prepare(
        'UPDATE trials SET state = ?, score = ?, error = ?, duration_ms = ? WHERE study = ? AND number = ?',
      )
      .run(
        end.state,
        Number.isFinite(end.score) ? end.score : null,
        end.error ?? null,
        end.durationMs,
        name,
        number,
      );
  }

  /** Every trial of study `name`, by number, with its reports in epoch order. */
  trials(name: string): StoredTrial[] {
    const rows = this.db
      .prepare(
        'SELECT number, state, params, seed, score, error, duration_ms FROM trials ' +
          'WHERE study = ? ORDER BY number',
      )
      .all(name) as {
      number: number;
      state: StoredTrial['state'];
      params: string;
      seed: number;
      score: number | null;
      error: string | null;
      duration_ms: number | null;
    }[];
    const reports = this.db
      .prepare('SELECT number, epoch, value FROM reports WHERE study = ? ORDER BY number, epoch')
      .all(name) as { number: number; epoch: number; value: number | null }[];
    const byNumber = new Map<number, { epoch: number; value: number }[]>();
    for (const { number, epoch, value } of reports) {
      if (!byNumber.has(number)) byNumber.set(number, []);
      byNumber.get(number)!.push({ epoch, value: value ?? NaN });
    }
    return rows.map((row) => ({
      number: row.number,
      state: row.state,
      params: JSON.parse(row.params) as Record<string, ParamValue>,
      seed: row.seed,
      score: row.score ?? NaN,
      ...(row.error === null ? {} : { error: row.error }),
      durationMs: row.duration_ms ?? NaN,
      reports: byNumber.get(row.number) ?? [],
    }));
  }

  private deleteStudy(name: string): void {
    for (const table of ['studies', 'trials', 'reports']) {
      const column = table === 'studies' ? 'name' : 'study';
      this.db.prepare(`DELETE FROM ${table} WHERE ${column} = ?`).run(name);
    }
  }
}

/**
 * Whether the process named by `owner` ("host:pid") may still be running:
 * on this host, whether the pid exists; on another host, assumed alive (it
 * cannot be checked from here). This process is alive when `selfActive`.
 */
function isAlive(owner: string, selfActive: boolean): boolean {
  const at = owner.lastIndexOf(':');
  const [host, pid] = [owner.slice(0, at), Number(owner.slice(at + 1))];
  if (host !== os.hostname()) return true;
  if (pid === process.pid) return selfActive;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
