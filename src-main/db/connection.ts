import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

/** A workspace database handle; `close()` is owned by whoever opened it. */
export type Db = Database.Database;

/**
 * Opens (creating if needed) a workspace database with WAL and foreign keys on, then brings its
 * schema up to date. Throws a user-facing error naming the file when it is not a SQLite database
 * or was written by a newer app; such a file is left byte-for-byte untouched.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  let db: Db | undefined;
  try {
    db = new Database(file, nativeBindingOption());
    db.pragma('busy_timeout = 5000');
    schemaVersion(db); // reads the header: a file that is not SQLite fails here, before any write
  } catch (err) {
    db?.close();
    throw new Error(`Cannot open workspace database ${file}: ${(err as Error).message}. ` +
      'Is it a Motion Workbench workspace.sqlite file?', { cause: err });
  }
  try {
    refuseNewer(db, migrations.length); // before WAL: switching journal mode rewrites the header
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
  } catch (err) {
    db.close();
    throw new Error(`Cannot upgrade workspace database ${file}: ${(err as Error).message}`, { cause: err });
  }
  return db;
}

/** The schema version stored in the file (`PRAGMA user_version`). */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws when the file's schema is newer than the app's, so an old app never damages it. */
function refuseNewer(db: Db, latest: number): void {
  const current = schemaVersion(db);
  if (current > latest) {
    throw new Error(`it has schema version ${current}, newer than this app's ${latest}; update Motion Workbench`);
  }
}

/**
 * Applies every migration newer than the file's `user_version`, each inside its own transaction
 * together with the version bump, so a failure leaves the file at the last good version.
 * Refuses a file written by a newer app (its version is above ours) instead of damaging it.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.length;
  refuseNewer(db, latest);
  for (let v = schemaVersion(db); v < latest; v++) {
    const m = migrations[v]!;
    try {
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${v + 1}`);
      })();
    } catch (err) {
      throw new Error(`migration ${v + 1} ("${m.name}") failed: ${(err as Error).message}; ` +
        `the file was left at schema version ${v}`, { cause: err });
    }
  }
  return latest;
}

/**
 * Inside Electron the addon must be built for Electron's ABI, not Node's; `npm start` builds that
 * copy once and passes its path in MWB_SQLITE_BINDING. Under plain Node the default build is used.
 */
function nativeBindingOption(): Database.Options {
  const binding = process.env.MWB_SQLITE_BINDING;
  return process.versions.electron && binding ? { nativeBinding: binding } : {};
}
