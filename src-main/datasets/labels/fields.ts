import type { Db } from '../../db/connection.js';
import type { ClipHistoryField } from '../../ipc/contract.js';
import { deleteClipRow, readSnapshot, restoreSnapshot, type ClipSnapshot } from './snapshot.js';
import { stmt, userError } from './statements.js';

/**
 * How one audited clip field is read and written as audit text. `read` returns undefined when the
 * clip does not exist (except for `created`/`deleted`, whose value *is* the clip or null).
 * Undo, redo and revert all go through this registry, so adding a field is adding one entry.
 */
export interface FieldCodec {
  read(db: Db, clipId: number): string | null | undefined;
  write(db: Db, clipId: number, value: string | null): void;
}

/** A plain column of `clips`, stored as its text (or a number as decimal text). */
function column(name: string, numeric = false): FieldCodec {
  return {
    read(db, id) {
      const r = stmt(db, `SELECT ${name} AS v FROM clips WHERE id = ?`).get(id) as { v: string | number | null } | undefined;
      if (!r) return undefined;
      return r.v == null ? null : String(r.v);
    },
    write(db, id, value) {
      stmt(db, `UPDATE clips SET ${name} = ? WHERE id = ?`).run(numeric && value != null ? Number(value) : value, id);
    },
  };
}

/** Span as JSON `[start, end]` seconds (end null = to the end of the media). */
const span: FieldCodec = {
  read(db, id) {
    const r = stmt(db, 'SELECT start_s, end_s FROM clips WHERE id = ?').get(id) as { start_s: number; end_s: number | null } | undefined;
    return r ? JSON.stringify([r.start_s, r.end_s]) : undefined;
  },
  write(db, id, value) {
    const [start, end] = JSON.parse(value ?? '[0,null]') as [number, number | null];
    const r = stmt(db, 'SELECT media_id FROM clips WHERE id = ?').get(id) as { media_id: number } | undefined;
    const other = r && stmt(db, 'SELECT name FROM clips WHERE media_id = ? AND start_s = ? AND end_s IS ? AND id != ?')
      .get(r.media_id, start, end, id) as { name: string } | undefined;
    if (other) throw userError('bad_input', `Clip "${other.name}" already covers exactly this span; move a mark by a frame`);
    stmt(db, 'UPDATE clips SET start_s = ?, end_s = ? WHERE id = ?').run(start, end, id);
  },
};

/** Multi-view link group id (text), or null when the clip is in no group. */
const link: FieldCodec = {
  read(db, id) {
    if (!stmt(db, 'SELECT 1 FROM clips WHERE id = ?').get(id)) return undefined;
    const r = stmt(db, 'SELECT link_group FROM clip_links WHERE clip_id = ?').get(id) as { link_group: number } | undefined;
    return r ? String(r.link_group) : null;
  },
  write(db, id, value) {
    if (value == null) stmt(db, 'DELETE FROM clip_links WHERE clip_id = ?').run(id);
    else stmt(db, 'INSERT OR REPLACE INTO clip_links (clip_id, link_group) VALUES (?, ?)').run(id, Number(value));
  },
};

/** The whole clip as a snapshot (JSON), or null = no such clip: writing null deletes, a snapshot restores. */
const existence: FieldCodec = {
  read(db, id) {
    const s = readSnapshot(db, id);
    return s ? JSON.stringify(s) : null;
  },
  write(db, id, value) {
    const exists = stmt(db, 'SELECT 1 FROM clips WHERE id = ?').get(id) != null;
    if (value == null) {
      if (exists) deleteClipRow(db, id);
      return;
    }
    if (exists) deleteClipRow(db, id);
    restoreSnapshot(db, JSON.parse(value) as ClipSnapshot);
  },
};

/** Every audited field's codec. */
export const FIELDS: Record<ClipHistoryField, FieldCodec> = {
  label: column('class_id', true),
  group: column('group_name'),
  view: column('view'),
  status: column('status'),
  tags: column('tags'),
  name: column('name'),
  span,
  link,
  created: existence,
  deleted: existence,
};
