import type { Db } from '../../db/connection.js';
import { AuditBatch, readClass } from './audit.js';
import { stmt, userError } from './statements.js';

/** Colours new classes take in turn (the same palette the importers use). */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1',
  '#ff9da7', '#9c755f', '#bab0ac'];

/** Id of the class with this name in any case (SQLite's NOCASE folds only A-Z), or null. */
export function findClass(db: Db, name: string): number | null {
  const key = name.normalize('NFC').trim();
  const exact = stmt(db, 'SELECT id FROM classes WHERE name = ?').get(key) as { id: number } | undefined;
  if (exact) return exact.id;
  const lower = key.toLowerCase();
  const all = stmt(db, 'SELECT id, name FROM classes').all() as { id: number; name: string }[];
  return all.find((c) => c.name.toLowerCase() === lower)?.id ?? null;
}

/** Id of an existing class by name; a name that is not a class is a user error naming the choices. */
export function requireClass(db: Db, name: string): number {
  const id = findClass(db, name);
  if (id != null) return id;
  const names = (stmt(db, 'SELECT name FROM classes ORDER BY name').all() as { name: string }[]).map((c) => c.name);
  throw userError('bad_input', `There is no class "${name}"; add it first${names.length ? ` (classes: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''})` : ''}`);
}

function requireClassId(db: Db, id: number): { name: string; color: string } {
  const c = readClass(db, id);
  if (!c) throw userError('not_found', `No class ${id} in this workspace (it may have been deleted)`);
  return c;
}

/** Result of a class operation: its undo batch and how many clips it relabelled. */
export interface ClassOutcome {
  batchId: number;
  classId: number;
  moved: number;
}

/** Adds a class (next palette colour unless given), audited so undo removes it again. */
export function addClass(db: Db, name: string, color?: string, source = 'class add'): ClassOutcome {
  const clean = name.normalize('NFC').trim();
  if (!clean) throw userError('bad_input', 'A class name cannot be empty');
  return db.transaction((): ClassOutcome => {
    if (findClass(db, clean) != null) throw userError('bad_input', `A class named "${clean}" already exists`);
    const n = (stmt(db, 'SELECT count(*) AS n FROM classes').get() as { n: number }).n;
    const id = (stmt(db, 'SELECT coalesce(max(m), 0) + 1 AS id FROM (SELECT max(id) AS m FROM classes UNION ALL SELECT max(class_id) FROM class_history)').get() as { id: number }).id;
    const b = new AuditBatch(db, source, `Add class "${clean}"`);
    b.setClass(id, { name: clean, color: color ?? PALETTE[n % PALETTE.length]! });
    return { batchId: b.finish()!, classId: id, moved: 0 };
  }).immediate();
}

/** Renames a class (labels follow: clips point at the class id). */
export function renameClass(db: Db, id: number, name: string, source = 'class rename'): ClassOutcome {
  const clean = name.normalize('NFC').trim();
  if (!clean) throw userError('bad_input', 'A class name cannot be empty');
  return db.transaction((): ClassOutcome => {
    const c = requireClassId(db, id);
    const other = findClass(db, clean);
    if (other != null && other !== id) throw userError('bad_input', `A class named "${clean}" already exists; merge the two instead`);
    const b = new AuditBatch(db, source, `Rename class "${c.name}" to "${clean}"`);
    b.setClass(id, { name: clean, color: c.color });
    return { batchId: b.finish() ?? 0, classId: id, moved: 0 };
  }).immediate();
}

/** Changes a class's colour. */
export function recolorClass(db: Db, id: number, color: string, source = 'class recolor'): ClassOutcome {
  return db.transaction((): ClassOutcome => {
    const c = requireClassId(db, id);
    const b = new AuditBatch(db, source, `Recolour class "${c.name}"`);
    b.setClass(id, { name: c.name, color: color.toLowerCase() });
    return { batchId: b.finish() ?? 0, classId: id, moved: 0 };
  }).immediate();
}

/**
 * Deletes a class after moving its clips to `moveTo` (null = unlabelled). One batch holds every
 * relabel and the deletion, so one undo brings the class and all its labels back.
 */
export function deleteClass(db: Db, id: number, moveTo: number | null, source = 'class delete'): ClassOutcome {
  return db.transaction((): ClassOutcome => {
    const c = requireClassId(db, id);
    const dest = moveTo == null ? null : requireClassId(db, moveTo);
    if (moveTo === id) throw userError('bad_input', 'Its clips cannot move to the class being deleted');
    const summary = source === 'class merge' && dest ? `Merge class "${c.name}" into "${dest.name}"`
      : `Delete class "${c.name}"${dest ? ` (clips to "${dest.name}")` : ' (clips unlabelled)'}`;
    const b = new AuditBatch(db, source, summary);
    const clips = stmt(db, 'SELECT id FROM clips WHERE class_id = ? ORDER BY id').all(id) as { id: number }[];
    for (const k of clips) b.setClip(k.id, 'label', moveTo == null ? null : String(moveTo));
    b.setClass(id, null);
    return { batchId: b.finish()!, classId: id, moved: clips.length };
  }).immediate();
}

/** Relabels every clip of `from` as `into`, then deletes `from` (one undo step). */
export function mergeClasses(db: Db, from: number, into: number): ClassOutcome {
  if (from === into) throw userError('bad_input', 'Choose two different classes to merge');
  return deleteClass(db, from, into, 'class merge');
}
