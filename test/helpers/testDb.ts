import { join } from 'node:path';
import { openDatabase, type Db } from '../../src-main/db/connection.js';
import type { Migration } from '../../src-main/db/migrations.js';
import { tempDir } from './coreFixtures.js';

const opened: Db[] = [];

/** Opens a real workspace database file in a fresh temp folder; `closeTestDbs()` closes it. */
export function openTestDb(migrations?: readonly Migration[]): { db: Db; file: string; dir: string } {
  const dir = tempDir('mwb-db-');
  const file = join(dir, 'workspace.sqlite');
  return { db: track(openDatabase(file, migrations)), file, dir };
}

/** Registers a handle the test opened itself so `closeTestDbs()` closes it. */
export function track(db: Db): Db {
  opened.push(db);
  return db;
}

/** Closes every handle opened through this helper that is still open. */
export function closeTestDbs(): void {
  for (const db of opened.splice(0)) if (db.open) db.close();
}
