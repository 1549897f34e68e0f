import type { Db } from '../../db/connection.js';
import type { ClipHistoryField } from '../../ipc/contract.js';
import { AuditBatch, readClass, type ClassValue } from './audit.js';
import { FIELDS } from './fields.js';
import { stmt, userError } from './statements.js';

interface ClipRow { id: number; clip_id: number; field: ClipHistoryField; old_value: string | null; new_value: string | null }
interface ClassRow { id: number; class_id: number; old_value: string | null; new_value: string | null }

/** What replaying a batch did. */
export interface ReplayOutcome {
  batchId: number | null;
  clipIds: number[];
  changed: number;
  /** Rows left alone because the value had been changed since by something outside the stack. */
  skipped: number;
}

/** The batch's source and summary, or null when there is no such batch. */
export function batchInfo(db: Db, id: number): { source: string; summary: string } | null {
  return (stmt(db, 'SELECT source, summary FROM edit_batches WHERE id = ?').get(id) as { source: string; summary: string } | undefined) ?? null;
}

/** Whether a stored value still is what the batch left (clip existence is compared as existence only). */
function matches(field: ClipHistoryField, current: string | null | undefined, expected: string | null): boolean {
  if (field === 'created' || field === 'deleted') return (current != null) === (expected != null);
  return current === expected;
}

/**
 * Reverses a batch (every row back to its old value) as a new audited batch, in one transaction.
 * Undo reverses an edit; redo reverses that undo. Order matters when classes come and go: classes
 * that must exist are written first, clip rows next (newest first), and classes that must
 * disappear last, so no label ever points at a missing class.
 */
export function reverseBatch(db: Db, batchId: number, source: string, summary: string): ReplayOutcome {
  return db.transaction((): ReplayOutcome => {
    if (!batchInfo(db, batchId)) throw userError('not_found', `No edit ${batchId} in this workspace`);
    const clipRows = stmt(db, 'SELECT id, clip_id, field, old_value, new_value FROM clip_history WHERE batch_id = ? ORDER BY id')
      .all(batchId) as ClipRow[];
    const classRows = stmt(db, 'SELECT id, class_id, old_value, new_value FROM class_history WHERE batch_id = ? ORDER BY id')
      .all(batchId) as ClassRow[];
    const from = (r: { new_value: string | null }): string | null => r.new_value;
    const to = (r: { old_value: string | null }): string | null => r.old_value;
    clipRows.reverse();
    classRows.reverse();
    const b = new AuditBatch(db, source, summary, batchId);
    let skipped = 0;
    const applyClass = (r: ClassRow): void => {
      const current = readClass(db, r.class_id);
      if (JSON.stringify(current) !== (from(r) ?? 'null')) {
        skipped++;
        return;
      }
      const target = to(r);
      b.setClass(r.class_id, target == null ? null : (JSON.parse(target) as ClassValue));
    };
    for (const r of classRows) if (to(r) != null) applyClass(r);
    for (const r of clipRows) {
      const current = FIELDS[r.field].read(db, r.clip_id);
      if (current === undefined || !matches(r.field, current, from(r))) {
        skipped++;
        continue;
      }
      b.setClip(r.clip_id, r.field, to(r));
    }
    for (const r of classRows) if (to(r) == null) applyClass(r);
    return { batchId: b.finish(), clipIds: [...b.clips], changed: b.clips.size, skipped };
  }).immediate();
}
