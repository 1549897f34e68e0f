/**
 * SQL for split sets beyond the importers' `SplitSetsRepo`: full rows with params and seed, bulk
 * writes of whole assignments, deletes, and the clip rows strategies read. Tables: `split_sets`
 * and `split_assignments` (migration 2).
 */
import type { Db } from '../../db/connection.js';
import type { ClipStatus, SplitSubset } from '../../ipc/contract.js';
import type { Assignment, Assignments } from './types.js';

/** A split set row as stored. */
export interface SplitSetRow {
  id: number;
  name: string;
  strategy: string;
  params: Record<string, unknown>;
  seed: number | null;
  locked: boolean;
  createdAt: string;
}

interface RawSetRow { id: number; name: string; strategy: string; params: string; seed: number | null; locked: number; created_at: string }

/** A clip with what splitting and statistics need. */
export interface ClipRow {
  id: number;
  classId: number | null;
  group: string | null;
  mediaId: number;
  status: ClipStatus;
}

/** Thrown for a missing set: the UI shows `not_found`. */
export function noSuchSet(what: number | string): Error {
  const name = typeof what === 'number' ? `with id ${what}` : `named "${what}"`;
  return Object.assign(new Error(`There is no split set ${name} in this workspace`), { code: 'not_found' });
}

function toRow(r: RawSetRow): SplitSetRow {
  let params: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(r.params);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) params = parsed as Record<string, unknown>;
  } catch {
    // a damaged params column shows as {} rather than hiding the set
  }
  return { id: r.id, name: r.name, strategy: r.strategy, params, seed: r.seed, locked: r.locked === 1, createdAt: r.created_at };
}

const SET_COLUMNS = 'id, name, strategy, params, seed, locked, created_at';

/** Every split set, by name. */
export function listSets(db: Db): SplitSetRow[] {
  return (db.prepare(`SELECT ${SET_COLUMNS} FROM split_sets ORDER BY name COLLATE NOCASE, id`).all() as RawSetRow[]).map(toRow);
}

/** One set by id; throws `not_found`. */
export function getSet(db: Db, id: number): SplitSetRow {
  const r = db.prepare(`SELECT ${SET_COLUMNS} FROM split_sets WHERE id = ?`).get(id) as RawSetRow | undefined;
  if (!r) throw noSuchSet(id);
  return toRow(r);
}

/** One set by name; throws `not_found` listing the names there are. */
export function getSetByName(db: Db, name: string): SplitSetRow {
  const r = db.prepare(`SELECT ${SET_COLUMNS} FROM split_sets WHERE name = ?`).get(name) as RawSetRow | undefined;
  if (r) return toRow(r);
  const names = listSets(db).map((s) => s.name);
  throw Object.assign(new Error(`There is no split set named "${name}" in this workspace` +
    (names.length ? `; there are: ${names.join(', ')}` : '; create one first')), { code: 'not_found' });
}

/** Refuses a name that is empty or taken, with a message the New split dialog shows as is. */
export function checkNewName(db: Db, name: string): void {
  if (!name.trim()) throw Object.assign(new Error('A split set needs a name'), { code: 'bad_input' });
  const taken = db.prepare('SELECT 1 FROM split_sets WHERE name = ?').get(name);
  if (taken) throw Object.assign(new Error(`A split set named "${name}" already exists; choose another name`), { code: 'bad_input' });
}

/** Inserts a set row and its assignments in one transaction; returns the new id. */
export function insertSet(db: Db, s: { name: string; strategy: string; params: unknown; seed: number | null }, assignments: Assignments): number {
  return db.transaction(() => {
    checkNewName(db, s.name);
    const info = db.prepare('INSERT INTO split_sets (name, strategy, params, seed) VALUES (?, ?, ?, ?)')
      .run(s.name, s.strategy, JSON.stringify(s.params ?? {}), s.seed);
    const id = Number(info.lastInsertRowid);
    // Rows go in 500 at a time: one statement per row costs about twice as much on 100k clips.
    const CHUNK = 500;
    const sql = (n: number): string => `INSERT INTO split_assignments (split_set_id, clip_id, subset, fold) VALUES ${Array(n).fill('(?, ?, ?, ?)').join(', ')}`;
    const full = db.prepare(sql(CHUNK));
    const rows = [...assignments];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      const args = part.flatMap(([clipId, a]) => [id, clipId, a.subset, a.fold]);
      (part.length === CHUNK ? full : db.prepare(sql(part.length))).run(...args);
    }
    return id;
  })();
}

/** Every assignment of a set, by clip id. */
export function readAssignments(db: Db, setId: number): Assignments {
  const rows = db.prepare('SELECT clip_id, subset, fold FROM split_assignments WHERE split_set_id = ?').raw().all(setId) as
    [number, SplitSubset, number | null][];
  return new Map(rows.map(([clip, subset, fold]) => [clip, { subset, fold }]));
}

/** Writes (or moves) some clips' assignments of an unlocked set; the caller checks the lock. */
export function writeAssignments(db: Db, setId: number, entries: Iterable<[number, Assignment]>): void {
  const put = db.prepare(`INSERT INTO split_assignments (split_set_id, clip_id, subset, fold) VALUES (?, ?, ?, ?)
    ON CONFLICT (split_set_id, clip_id) DO UPDATE SET subset = excluded.subset, fold = excluded.fold`);
  for (const [clipId, a] of entries) put.run(setId, clipId, a.subset, a.fold);
}

/** Replaces a set's params JSON (manual overrides are recorded there). */
export function writeParams(db: Db, setId: number, params: Record<string, unknown>): void {
  db.prepare('UPDATE split_sets SET params = ? WHERE id = ?').run(JSON.stringify(params), setId);
}

/** Sets or clears the lock flag. */
export function writeLocked(db: Db, setId: number, locked: boolean): void {
  db.prepare('UPDATE split_sets SET locked = ? WHERE id = ?').run(locked ? 1 : 0, setId);
}

/** Deletes a set (its assignments go with it, ON DELETE CASCADE). */
export function deleteSetRow(db: Db, setId: number): void {
  db.prepare('DELETE FROM split_sets WHERE id = ?').run(setId);
}

/** Every clip in ascending id order, as strategies and statistics read them. */
export function readClips(db: Db): ClipRow[] {
  const rows = db.prepare('SELECT id, class_id, group_name, media_id, status FROM clips ORDER BY id').raw().all() as
    [number, number | null, string | null, number, ClipStatus][];
  return rows.map(([id, classId, group, mediaId, status]) => ({ id, classId, group, mediaId, status }));
}

/** Number of clips in the workspace. */
export function clipCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM clips').get() as { n: number }).n;
}

/** Assigned clips per set and subset, in one query (of one set when `setId` is given). */
export function subsetCounts(db: Db, setId?: number): Map<number, Record<SplitSubset, number>> {
  const rows = (setId === undefined
    ? db.prepare('SELECT split_set_id, subset, count(*) FROM split_assignments GROUP BY split_set_id, subset').raw().all()
    : db.prepare('SELECT split_set_id, subset, count(*) FROM split_assignments WHERE split_set_id = ? GROUP BY subset').raw().all(setId)) as
    [number, SplitSubset, number][];
  const out = new Map<number, Record<SplitSubset, number>>();
  for (const [id, subset, n] of rows) {
    const rec = out.get(id) ?? { train: 0, val: 0, test: 0, unused: 0 };
    rec[subset] = n;
    out.set(id, rec);
  }
  return out;
}
