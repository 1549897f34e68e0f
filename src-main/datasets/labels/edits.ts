import { basename, extname } from 'node:path';
import type { Db } from '../../db/connection.js';
import type { ClipPatch } from '../../ipc/contract.js';
import { AuditBatch } from './audit.js';
import { requireClass } from './classes.js';
import { freshClipId, readSnapshot, restoreSnapshot } from './snapshot.js';
import { stmt, userError } from './statements.js';

/** What one committed edit did: its batch (null = nothing changed) and the clips it touched. */
export interface EditOutcome {
  batchId: number | null;
  changed: number;
  clipIds: number[];
}

/** Where a change came from, recorded on its batch (`label`, `bulk`, `cli`, …). */
export type EditSource = string;

/**
 * Applies one patch to many clips: a single transaction writes every changed field and its audit
 * row, so a crash leaves either all of it or none. Unknown clip ids or class names abort it whole.
 */
export function updateClips(db: Db, ids: number[], patch: ClipPatch, source: EditSource = 'edit'): EditOutcome {
  const unique = [...new Set(ids)];
  return db.transaction((): EditOutcome => {
    const classId = patch.label === undefined ? undefined : patch.label === null ? null : requireClass(db, patch.label);
    const b = new AuditBatch(db, source, describePatch(patch, unique.length));
    const add = patch.addTags ?? [];
    const remove = new Set(patch.removeTags ?? []);
    for (const id of unique) {
      if (classId !== undefined) b.setClip(id, 'label', classId == null ? null : String(classId));
      if (patch.status !== undefined) b.setClip(id, 'status', patch.status);
      if (patch.group !== undefined) b.setClip(id, 'group', patch.group);
      if (patch.view !== undefined) b.setClip(id, 'view', patch.view);
      if (add.length || remove.size) {
        const current = readTags(db, id);
        const next = [...new Set([...current, ...add])].filter((t) => !remove.has(t)).sort();
        const same = next.length === current.length && next.every((t) => current.includes(t));
        if (!same) b.setClip(id, 'tags', JSON.stringify(next));
      }
    }
    return { batchId: b.finish(), changed: b.clips.size, clipIds: unique };
  }).immediate();
}

function readTags(db: Db, id: number): string[] {
  const r = stmt(db, 'SELECT tags FROM clips WHERE id = ?').get(id) as { tags: string } | undefined;
  if (!r) throw userError('not_found', `No clip ${id} in this workspace (it may have been deleted)`);
  try {
    const v = JSON.parse(r.tags) as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** One line saying what a patch does, for the undo button's tooltip and the history. */
export function describePatch(p: ClipPatch, n: number): string {
  const parts: string[] = [];
  const negative = p.status === 'negative' && p.label === null;
  if (p.label !== undefined && !negative) parts.push(p.label == null ? 'remove label' : `label "${p.label}"`);
  const impliedActive = p.status === 'active' && typeof p.label === 'string';
  if (p.status !== undefined && !impliedActive) parts.push(p.status === 'active' ? 'include' : p.status === 'negative' ? 'mark negative' : 'exclude');
  if (p.group !== undefined) parts.push(p.group == null ? 'clear group' : `group "${p.group}"`);
  if (p.view !== undefined) parts.push(p.view == null ? 'clear view' : `view "${p.view}"`);
  if (p.addTags?.length) parts.push(`tag ${p.addTags.map((t) => `"${t}"`).join(', ')}`);
  if (p.removeTags?.length) parts.push(`untag ${p.removeTags.map((t) => `"${t}"`).join(', ')}`);
  const what = parts.join(', ') || 'no change';
  return `${what[0]!.toUpperCase()}${what.slice(1)} on ${n === 1 ? '1 clip' : `${n} clips`}`;
}

interface MediaRow { id: number; path: string; duration: number | null; fps: number | null; kind: string }

function requireMedia(db: Db, id: number): MediaRow {
  const m = stmt(db, 'SELECT id, path, duration, fps, kind FROM media WHERE id = ?').get(id) as MediaRow | undefined;
  if (!m) throw userError('not_found', `No media ${id} in this workspace`);
  return m;
}

/** Snaps a time to the nearest frame boundary when the frame rate is known (frame-accurate marks). */
export function snapToFrame(t: number, fps: number | null): number {
  if (!fps || !(fps > 0)) return t;
  return Math.round(Math.round(t * fps) / fps * 1e6) / 1e6;
}

/** Checks a span against its media; returns it frame-snapped. */
function checkedSpan(m: MediaRow, start: number, end: number): [number, number] {
  const s = snapToFrame(start, m.fps);
  const e = snapToFrame(end, m.fps);
  if (!(e > s)) throw userError('bad_input', 'The end mark must come at least one frame after the start mark');
  if (m.duration != null && e > m.duration + 1e-3) {
    throw userError('bad_input', `The end mark (${e.toFixed(3)} s) is past the end of ${basename(m.path)} (${m.duration.toFixed(3)} s)`);
  }
  return [s, e];
}

/** A new clip spanning [start, end) of a media file (the labeler's I / O marks). */
export interface TrimRequest {
  mediaId: number;
  start: number;
  end: number;
  name?: string;
  label?: string | null;
}

/** Cuts a new clip out of a media file, frame-snapped, in one audited transaction; returns its id. */
export function trimClip(db: Db, r: TrimRequest, source: EditSource = 'trim'): { batchId: number; clipId: number } {
  return db.transaction(() => {
    const m = requireMedia(db, r.mediaId);
    const [start, end] = checkedSpan(m, r.start, r.end);
    const same = stmt(db, 'SELECT name FROM clips WHERE media_id = ? AND start_s = ? AND end_s = ?').get(m.id, start, end) as { name: string } | undefined;
    if (same) throw userError('bad_input', `Clip "${same.name}" already covers exactly this span`);
    const classId = r.label ? requireClass(db, r.label) : null;
    const id = freshClipId(db);
    const frames = m.fps ? `${Math.round(start * m.fps)}-${Math.round(end * m.fps)}` : `${start.toFixed(2)}-${end.toFixed(2)}s`;
    const name = r.name ?? `${basename(m.path, extname(m.path))}_${frames}`;
    restoreSnapshot(db, { id, mediaId: m.id, name, classId, start, end, group: null, view: null, tags: '[]',
      status: 'active', link: null, splits: [] });
    // Inherit the group and view of the media's other clips: the same actor and camera.
    const sibling = stmt(db, `SELECT group_name, view FROM clips WHERE media_id = ? AND id != ?
      AND (group_name IS NOT NULL OR view IS NOT NULL) ORDER BY id LIMIT 1`).get(m.id, id) as { group_name: string | null; view: string | null } | undefined;
    if (sibling) stmt(db, 'UPDATE clips SET group_name = ?, view = ? WHERE id = ?').run(sibling.group_name, sibling.view, id);
    const b = new AuditBatch(db, source, `Trim "${name}"`);
    b.recordClip(id, 'created', null, JSON.stringify(readSnapshot(db, id)));
    return { batchId: b.finish()!, clipId: id };
  }).immediate();
}

/** Moves a clip's trim marks (frame-snapped) in one audited transaction. */
export function setSpan(db: Db, id: number, start: number, end: number, source: EditSource = 'span'): EditOutcome {
  return db.transaction((): EditOutcome => {
    const row = stmt(db, 'SELECT media_id, name FROM clips WHERE id = ?').get(id) as { media_id: number; name: string } | undefined;
    if (!row) throw userError('not_found', `No clip ${id} in this workspace`);
    const [s, e] = checkedSpan(requireMedia(db, row.media_id), start, end);
    const b = new AuditBatch(db, source, `Trim marks of "${row.name}"`);
    b.setClip(id, 'span', JSON.stringify([s, e]));
    return { batchId: b.finish(), changed: b.clips.size, clipIds: [id] };
  }).immediate();
}

/** Deletes clips (audited with a full snapshot, so undo brings them back); refuses clips in locked split sets. */
export function deleteClips(db: Db, ids: number[], source: EditSource = 'delete'): EditOutcome {
  const unique = [...new Set(ids)];
  return db.transaction((): EditOutcome => {
    const b = new AuditBatch(db, source, `Delete ${unique.length === 1 ? '1 clip' : `${unique.length} clips`}`);
    for (const id of unique) {
      const locked = stmt(db, `SELECT s.name FROM split_assignments a JOIN split_sets s ON s.id = a.split_set_id
        WHERE a.clip_id = ? AND s.locked = 1 LIMIT 1`).get(id) as { name: string } | undefined;
      if (locked) throw userError('bad_input', `Clip ${id} is in the locked split set "${locked.name}"; unlock it before deleting the clip`);
      if (!b.setClip(id, 'deleted', null)) throw userError('not_found', `No clip ${id} in this workspace`);
    }
    return { batchId: b.finish(), changed: b.clips.size, clipIds: unique };
  }).immediate();
}
