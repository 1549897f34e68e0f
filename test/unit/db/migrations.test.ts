import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion, type Db } from '../../../src-main/db/connection.js';
import { MIGRATIONS, type Migration } from '../../../src-main/db/migrations.js';
import { openFilesUnder, removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';
import { closeTestDbs, openTestDb, track } from '../../helpers/testDb.js';

const LATEST = MIGRATIONS.length;

/** Every table, index and trigger with its SQL, in a stable order: the schema as a value. */
function schemaOf(db: Db): { type: string; name: string; sql: string | null }[] {
  return db.prepare(`SELECT type, name, sql FROM sqlite_master
    WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).all() as { type: string; name: string; sql: string | null }[];
}

function columns(db: Db, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

/** Reads a file's version and schema through a separate read-only handle. */
function inspect(file: string): { version: number; schema: ReturnType<typeof schemaOf> } {
  const db = new Database(file, { readonly: true });
  try {
    return { version: schemaVersion(db), schema: schemaOf(db) };
  } finally {
    db.close();
  }
}

let dir = '';
afterEach(() => {
  closeTestDbs();
  if (dir) expect(openFilesUnder(dir)).toEqual([]); // every handle the code opened was closed
  dir = '';
  removeTempDirs();
});

describe('openDatabase', () => {
  it('brings an empty file to the latest schema with WAL and foreign keys on', () => {
    const t = openTestDb();
    dir = t.dir;
    expect(schemaVersion(t.db)).toBe(LATEST);
    expect(t.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = schemaOf(t.db).filter((o) => o.type === 'table').map((o) => o.name);
    expect(tables).toEqual(expect.arrayContaining(['media', 'classes', 'clips', 'jobs']));
    expect(columns(t.db, 'media')).toEqual(expect.arrayContaining(['path', 'status', 'fingerprint', 'thumb_path']));
    expect(columns(t.db, 'clips')).toEqual(expect.arrayContaining(['media_id', 'class_id', 'start_s', 'end_s']));
    expect(columns(t.db, 'jobs')).toEqual(expect.arrayContaining(['kind', 'spec', 'state', 'done', 'total', 'error']));
  });

  it('is a no-op on a file that is already up to date', () => {
    const t = openTestDb();
    dir = t.dir;
    const before = schemaOf(t.db);
    expect(migrate(t.db)).toBe(LATEST);
    expect(schemaOf(t.db)).toEqual(before);
  });

  // Generic over the history: every future migration is covered from every earlier version.
  it.each(Array.from({ length: LATEST }, (_, k) => k))('upgrades a file at version %i to the same schema as a new file', (k) => {
    const fresh = openTestDb();
    dir = tempDir('mwb-upgrade-');
    const file = join(dir, 'workspace.sqlite');
    const old = openDatabase(file, MIGRATIONS.slice(0, k));
    expect(schemaVersion(old)).toBe(k);
    old.close();
    const db = track(openDatabase(file));
    expect(schemaVersion(db)).toBe(LATEST);
    expect(schemaOf(db)).toEqual(schemaOf(fresh.db));
  });

  it('rolls a failing migration back and keeps the good ones before it', () => {
    const t = openTestDb();
    dir = t.dir;
    t.db.close();
    const before = inspect(t.file);
    const good: Migration = { name: 'good step', up: (db) => db.exec('CREATE TABLE kept (x)') };
    const bad: Migration = {
      name: 'half-done step',
      up(db) {
        db.exec('CREATE TABLE half_done (x); ALTER TABLE media ADD COLUMN oops TEXT');
        throw new Error('boom in step');
      },
    };
    expect(() => openDatabase(t.file, [...MIGRATIONS, good, bad])).toThrow(
      new RegExp(`${t.file}.*migration ${LATEST + 2} \\("half-done step"\\) failed: boom in step.*version ${LATEST + 1}`));
    const after = inspect(t.file);
    expect(after.version).toBe(LATEST + 1);
    expect(after.schema.map((o) => o.name)).toContain('kept');
    expect(after.schema.map((o) => o.name)).not.toContain('half_done');
    expect(after.schema.find((o) => o.name === 'media')).toEqual(before.schema.find((o) => o.name === 'media'));
  });

  it('leaves version and schema unchanged when the only new migration fails', () => {
    const t = openTestDb();
    dir = t.dir;
    t.db.close();
    const before = inspect(t.file);
    const bad: Migration = { name: 'bad', up: (db) => db.exec('CREATE TABLE t1 (x); CREATE TABLE t1 (y)') };
    expect(() => openDatabase(t.file, [...MIGRATIONS, bad])).toThrow(/already exists/);
    expect(inspect(t.file)).toEqual(before);
  });

  it('refuses a file written by a newer app and does not touch it', () => {
    dir = tempDir();
    const file = join(dir, 'workspace.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future_table (x)');
    raw.pragma(`user_version = ${LATEST + 5}`);
    raw.close(); // rollback-journal mode: switching it to WAL would rewrite the header
    const bytes = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(
      new RegExp(`${file}.*schema version ${LATEST + 5}, newer than this app's ${LATEST}; update Motion Workbench`));
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('names the file when it is not a SQLite database, and leaves it as it was', () => {
    dir = tempDir();
    const file = join(dir, 'workspace.sqlite');
    const text = 'These are my notes, not a database.\n'.repeat(50);
    writeFileSync(file, text);
    expect(() => openDatabase(file)).toThrow(new RegExp(`Cannot open workspace database ${file}: file is not a database`));
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
