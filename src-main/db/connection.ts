import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

/** A workspace database handle; `close()` is owned by whoever opened it. */
export type Db = Database.Database;

/**
 * Opens (creating if needed) a workspace database with WAL and foreign keys on, then brings its
 * schema up to date. Throws a user-facing error naming the file when it is not a SQLite database.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  let db: Db;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
  } catch (err) {
    throw new Error(`Cannot open workspace database ${file}: ${(err as Error).message}. ` +
      'Is it a Motion Workbench workspace.sqlite file?');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  try {
    migrate(db, migrations);
  } catch (err) {
    db.close();
    throw new Error(`Cannot upgrade workspace database ${file}: ${(err as Error).message}`);
  }
  return db;
}

/** The schema version stored in the file (`PRAGMA user_version`). */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration newer than the file's `user_version`, each inside its own transaction
 * together with the version bump, so a failure leaves the file at the last good version.
 * Refuses a file written by a newer app (its version is above ours) instead of damaging it.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = schemaVersion(db);
  const latest = migrations.length;
  if (current > latest) {
    throw new Error(`it has schema version ${current}, newer than this app's ${latest}; update Motion Workbench`);
  }
  for (let v = current; v < latest; v++) {
    const m = migrations[v]!;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return latest;
}
