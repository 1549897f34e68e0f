import type { Db } from '../../db/connection.js';
import type { ClipHistoryField } from '../../ipc/contract.js';
import { FIELDS } from './fields.js';
import { stmt, userError } from './statements.js';

/** A class as its audit rows store it. */
export interface ClassValue {
  name: string;
  color: string;
}

/**
 * One edit batch: every change it makes goes with its audit row, inside the caller's transaction,
 * so the database never holds a change without its history (or the reverse). The batch row is
 * written on the first real change; a batch that changed nothing leaves no trace (id stays null).
 */
export class AuditBatch {
  id: number | null = null;
  readonly clips = new Set<number>();
  private rows = 0;

  constructor(private readonly db: Db, readonly source: string, public summary: string, private readonly undoes: number | null = null) {}

  /** Sets a clip field and records old -> new; returns false (writing nothing) when it already had that value. */
  setClip(clipId: number, field: ClipHistoryField, value: string | null): boolean {
    const codec = FIELDS[field];
    const old = codec.read(this.db, clipId);
    if (old === undefined) throw userError('not_found', `No clip ${clipId} in this workspace (it may have been deleted)`);
    if (old === value) return false;
    codec.write(this.db, clipId, value);
    this.recordClip(clipId, field, old, value);
    return true;
  }

  /** Records an audit row for a change the caller already made (e.g. a clip it inserted). */
  recordClip(clipId: number, field: ClipHistoryField, old: string | null, value: string | null): void {
    stmt(this.db, 'INSERT INTO clip_history (clip_id, batch_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?)')
      .run(clipId, this.ensure(), field, old, value);
    this.clips.add(clipId);
    this.rows++;
  }

  /** Creates (old null), updates, or deletes (value null) a class, with its audit row. */
  setClass(classId: number, value: ClassValue | null): void {
    const old = readClass(this.db, classId);
    if (JSON.stringify(old) === JSON.stringify(value)) return;
    writeClass(this.db, classId, value);
    stmt(this.db, 'INSERT INTO class_history (class_id, batch_id, old_value, new_value) VALUES (?, ?, ?, ?)')
      .run(classId, this.ensure(), old && JSON.stringify(old), value && JSON.stringify(value));
    this.rows++;
  }

  /** Number of audit rows written so far. */
  get size(): number {
    return this.rows;
  }

  /** Writes the summary once the caller knows what the batch did. */
  finish(summary?: string): number | null {
    if (summary !== undefined) this.summary = summary;
    if (this.id != null) stmt(this.db, 'UPDATE edit_batches SET summary = ? WHERE id = ?').run(this.summary, this.id);
    return this.id;
  }

  private ensure(): number {
    if (this.id == null) {
      const info = stmt(this.db, 'INSERT INTO edit_batches (source, summary, undoes) VALUES (?, ?, ?)')
        .run(this.source, this.summary, this.undoes);
      this.id = Number(info.lastInsertRowid);
    }
    return this.id;
  }
}

/** A class's name and colour, or null when it does not exist. */
export function readClass(db: Db, id: number): ClassValue | null {
  const r = stmt(db, 'SELECT name, color FROM classes WHERE id = ?').get(id) as ClassValue | undefined;
  return r ? { name: r.name, color: r.color } : null;
}

/** Writes a class row with a fixed id (null deletes it); a name clash is a user error. */
export function writeClass(db: Db, id: number, value: ClassValue | null): void {
  if (value == null) {
    stmt(db, 'DELETE FROM classes WHERE id = ?').run(id);
    return;
  }
  const clash = stmt(db, 'SELECT id FROM classes WHERE name = ? AND id != ?').get(value.name, id);
  if (clash) throw userError('bad_input', `A class named "${value.name}" already exists`);
  stmt(db, `INSERT INTO classes (id, name, color) VALUES (?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, color = excluded.color`).run(id, value.name, value.color);
}
