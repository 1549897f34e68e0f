import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/db/connection.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';

const CLIPS = 10_000;
const CHILD = join(__dirname, 'bulkRelabelChild.ts');

afterEach(() => removeTempDirs());

/** A workspace database with 10,000 clips of one media, all labelled "run". */
function makeWorkspace(): string {
  const file = join(tempDir('mwb-crash-'), 'workspace.sqlite');
  const db = openDatabase(file);
  db.transaction(() => {
    db.prepare("INSERT INTO media (id, path, status) VALUES (1, '/videos/long.mp4', 'ok')").run();
    db.prepare("INSERT INTO classes (id, name, color) VALUES (1, 'run', '#4e79a7'), (2, 'walk', '#f28e2b')").run();
    const ins = db.prepare('INSERT INTO clips (media_id, name, class_id, start_s, end_s) VALUES (1, ?, 1, ?, ?)');
    for (let i = 0; i < CLIPS; i++) ins.run(`clip_${i}`, i, i + 1);
  })();
  db.close();
  return file;
}

/** Runs the child until `ready` matches its output, waits `delayMs`, then SIGKILLs it. */
function killMidway(mode: 'hold' | 'loop', file: string, ready: RegExp, delayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let killing = false;
    const onData = (d: Buffer): void => {
      out += d;
      if (!killing && ready.test(out)) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(out) : reject(new Error(`child exited with ${code}:\n${out}`))));
  });
}

/** Labels of all clips as {label: count}, history rows per batch, and the integrity check. */
function inspect(file: string): { labels: Record<string, number>; batchSizes: number[]; integrity: string; tags: number } {
  const db = new Database(file);
  try {
    const labels = Object.fromEntries((db.prepare(`SELECT c.name, count(*) AS n FROM clips k JOIN classes c ON c.id = k.class_id
      GROUP BY c.name`).all() as { name: string; n: number }[]).map((r) => [r.name, r.n]));
    const batchSizes = (db.prepare(`SELECT b.id, count(h.id) AS n FROM edit_batches b LEFT JOIN clip_history h ON h.batch_id = b.id
      GROUP BY b.id`).all() as { n: number }[]).map((r) => r.n);
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const tags = (db.prepare('SELECT count(*) AS n FROM clip_tags').get() as { n: number }).n;
    return { labels, batchSizes, integrity, tags };
  } finally {
    db.close();
  }
}

describe('crash safety of a bulk relabel of 10,000 clips', () => {
  it('killed inside the transaction: the database is exactly as before', async () => {
    const file = makeWorkspace();
    await killMidway('hold', file, /inside/, 0);
    expect(inspect(file)).toEqual({ labels: { run: CLIPS }, batchSizes: [], integrity: 'ok', tags: 0 });
  });

  it('killed at arbitrary moments: every relabel is all there or not at all', async () => {
    const file = makeWorkspace();
    const delays = [0, 45, 120, 300, 1500];
    let seenCommits = 0;
    for (const delay of delays) {
      const out = await killMidway('loop', file, /start/, delay);
      seenCommits += (out.match(/commit/g) ?? []).length;
      const { labels, batchSizes, integrity } = inspect(file);
      expect(integrity).toBe('ok');
      // All clips carry one label, and every committed batch holds one audit row per clip.
      expect(Object.values(labels)).toEqual([CLIPS]);
      for (const n of batchSizes) expect(n).toBe(CLIPS);
    }
    // The later kills landed after some commits, so both outcomes were exercised.
    expect(seenCommits).toBeGreaterThan(0);
  }, 60_000);
});
