import type { Db } from '../../db/connection.js';
import type { ClipStatus, SplitSubset } from '../../ipc/contract.js';
import { stmt, userError } from './statements.js';

/**
 * Everything needed to bring a deleted clip back exactly: its row, its link group and its split
 * assignments. Stored as JSON in the audit row of a `created` or `deleted` change.
 */
export interface ClipSnapshot {
  id: number;
  mediaId: number;
  name: string;
  classId: number | null;
  start: number;
  end: number | null;
  group: string | null;
  view: string | null;
  tags: string;
  status: ClipStatus;
  link: number | null;
  splits: [setId: number, subset: SplitSubset, fold: number | null][];
}

interface Row {
  id: number; media_id: number; name: string; class_id: number | null; start_s: number; end_s: number | null;
  group_name: string | null; view: string | null; tags: string; status: ClipStatus;
}

/** The clip as a snapshot, or null when there is no such clip. */
export function readSnapshot(db: Db, id: number): ClipSnapshot | null {
  const r = stmt(db, `SELECT id, media_id, name, class_id, start_s, end_s, group_name, view, tags, status
    FROM clips WHERE id = ?`).get(id) as Row | undefined;
  if (!r) return null;
  const link = stmt(db, 'SELECT link_group FROM clip_links WHERE clip_id = ?').get(id) as { link_group: number } | undefined;
  const splits = stmt(db, 'SELECT split_set_id, subset, fold FROM split_assignments WHERE clip_id = ? ORDER BY split_set_id')
    .all(id) as { split_set_id: number; subset: SplitSubset; fold: number | null }[];
  return {
    id: r.id, mediaId: r.media_id, name: r.name, classId: r.class_id, start: r.start_s, end: r.end_s,
    group: r.group_name, view: r.view, tags: r.tags, status: r.status, link: link?.link_group ?? null,
    splits: splits.map((s) => [s.split_set_id, s.subset, s.fold]),
  };
}

/**
 * Inserts a clip from its snapshot with its original id. A class or split set deleted since is
 * left out (the clip comes back unlabelled / unassigned there) rather than failing the undo.
 */
export function restoreSnapshot(db: Db, s: ClipSnapshot): void {
  if (!stmt(db, 'SELECT 1 FROM media WHERE id = ?').get(s.mediaId)) {
    throw userError('not_found', `Cannot restore clip "${s.name}": its media file was removed from the workspace`);
  }
  const same = stmt(db, 'SELECT name FROM clips WHERE media_id = ? AND start_s = ? AND end_s IS ? AND id != ?')
    .get(s.mediaId, s.start, s.end, s.id) as { name: string } | undefined;
  if (same) throw userError('bad_input', `Cannot restore clip "${s.name}": clip "${same.name}" now covers exactly the same span`);
  const classId = s.classId != null && stmt(db, 'SELECT 1 FROM classes WHERE id = ?').get(s.classId) ? s.classId : null;
  stmt(db, `INSERT INTO clips (id, media_id, name, class_id, start_s, end_s, group_name, view, tags, status)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(s.id, s.mediaId, s.name, classId, s.start, s.end, s.group, s.view, s.tags, s.status);
  if (s.link != null) stmt(db, 'INSERT OR REPLACE INTO clip_links (clip_id, link_group) VALUES (?, ?)').run(s.id, s.link);
  for (const [setId, subset, fold] of s.splits) {
    stmt(db, `INSERT OR IGNORE INTO split_assignments (split_set_id, clip_id, subset, fold)
      SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM split_sets WHERE id = ?)`).run(setId, s.id, subset, fold, setId);
  }
}

/** Deletes a clip; its tags, link and split assignments go with it (foreign keys cascade). */
export function deleteClipRow(db: Db, id: number): void {
  stmt(db, 'DELETE FROM clips WHERE id = ?').run(id);
}

/**
 * An id no clip ever had: above every clip and every clip named in the history, so a new clip
 * never inherits the audit rows of a deleted one.
 */
export function freshClipId(db: Db): number {
  const r = stmt(db, `SELECT max(coalesce((SELECT max(id) FROM clips), 0),
    coalesce((SELECT max(clip_id) FROM clip_history), 0)) + 1 AS id`).get() as { id: number };
  return r.id;
}
