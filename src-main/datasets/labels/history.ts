import type { Db } from '../../db/connection.js';
import type { ClipHistoryEntry, ClipHistoryField } from '../../ipc/contract.js';
import { AuditBatch } from './audit.js';
import type { EditOutcome } from './edits.js';
import type { ClipSnapshot } from './snapshot.js';
import { stmt, userError } from './statements.js';

interface Row {
  id: number; clip_id: number; batch_id: number; field: ClipHistoryField;
  old_value: string | null; new_value: string | null; at: string; source: string;
}

/** Newest entries shown per clip; older ones stay in the database. */
const HISTORY_LIMIT = 500;

/** A clip's audit rows, newest first, with values as people read them (class names, seconds). */
export function clipHistory(db: Db, clipId: number): ClipHistoryEntry[] {
  const rows = stmt(db, `SELECT h.id, h.clip_id, h.batch_id, h.field, h.old_value, h.new_value, h.at, b.source
    FROM clip_history h JOIN edit_batches b ON b.id = h.batch_id WHERE h.clip_id = ? ORDER BY h.id DESC LIMIT ${HISTORY_LIMIT}`)
    .all(clipId) as Row[];
  return rows.map((r) => ({
    id: r.id, clipId: r.clip_id, batchId: r.batch_id, field: r.field, at: r.at, source: r.source,
    oldValue: display(db, r.field, r.old_value), newValue: display(db, r.field, r.new_value),
  }));
}

/** Class name for an id: the live class, else the last name its history recorded. */
function className(db: Db, id: number): string {
  const live = stmt(db, 'SELECT name FROM classes WHERE id = ?').get(id) as { name: string } | undefined;
  if (live) return live.name;
  const past = stmt(db, `SELECT coalesce(old_value, new_value) AS v FROM class_history WHERE class_id = ?
    ORDER BY id DESC LIMIT 1`).get(id) as { v: string | null } | undefined;
  const name = past?.v ? (JSON.parse(past.v) as { name: string }).name : `#${id}`;
  return `${name} (deleted)`;
}

/** A span as `0.40–1.64 s` (an open end reads `end`). */
function spanText(s: number, e: number | null): string {
  return `${+s.toFixed(3)}–${e == null ? 'end' : `${+e.toFixed(3)} s`}`;
}

/** An audit value as display text. */
export function display(db: Db, field: ClipHistoryField, value: string | null): string | null {
  if (value == null) return null;
  switch (field) {
    case 'label':
      return className(db, Number(value));
    case 'span': {
      const [s, e] = JSON.parse(value) as [number, number | null];
      return spanText(s, e);
    }
    case 'tags':
      return (JSON.parse(value) as string[]).join(', ');
    case 'link':
      return `link group ${value}`;
    case 'created':
    case 'deleted': {
      const s = JSON.parse(value) as ClipSnapshot;
      return `${s.name} (${spanText(s.start, s.end)})`;
    }
    default:
      return value;
  }
}

/**
 * Puts one audited field of a clip back to its value before that change, as a new batch (so the
 * revert itself shows in the history and can be undone). Reverting a trim deletes the clip;
 * reverting a deletion restores it.
 */
export function revertChange(db: Db, historyId: number, source = 'revert'): EditOutcome {
  return db.transaction((): EditOutcome => {
    const r = stmt(db, 'SELECT id, clip_id, field, old_value, new_value FROM clip_history WHERE id = ?').get(historyId) as Row | undefined;
    if (!r) throw userError('not_found', `No history entry ${historyId} in this workspace`);
    if (r.field === 'label' && r.old_value != null && !stmt(db, 'SELECT 1 FROM classes WHERE id = ?').get(Number(r.old_value))) {
      throw userError('bad_input', `Cannot put back label "${className(db, Number(r.old_value))}": the class no longer exists (undo its deletion or add it again)`);
    }
    const b = new AuditBatch(db, source, `Revert ${r.field} of clip ${r.clip_id} to ${display(db, r.field, r.old_value) ?? 'none'}`);
    b.setClip(r.clip_id, r.field, r.old_value);
    return { batchId: b.finish(), changed: b.clips.size, clipIds: [r.clip_id] };
  }).immediate();
}
