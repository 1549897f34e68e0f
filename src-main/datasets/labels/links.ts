import type { Db } from '../../db/connection.js';
import { AuditBatch } from './audit.js';
import type { EditOutcome } from './edits.js';
import { stmt, userError } from './statements.js';

/**
 * Multi-view links: clips that show the same moment from different cameras share a link group
 * (the Siamese pairs of S004 are drawn from these). A clip is in at most one group.
 */

function groupOf(db: Db, id: number): number | null {
  if (!stmt(db, 'SELECT 1 FROM clips WHERE id = ?').get(id)) throw userError('not_found', `No clip ${id} in this workspace`);
  const r = stmt(db, 'SELECT link_group FROM clip_links WHERE clip_id = ?').get(id) as { link_group: number } | undefined;
  return r?.link_group ?? null;
}

function members(db: Db, group: number): number[] {
  return (stmt(db, 'SELECT clip_id FROM clip_links WHERE link_group = ? ORDER BY clip_id').all(group) as { clip_id: number }[])
    .map((r) => r.clip_id);
}

/** Puts the clips in one group; groups they were already in are merged into it. */
export function linkClips(db: Db, ids: number[], source = 'link'): EditOutcome {
  const unique = [...new Set(ids)];
  if (unique.length < 2) throw userError('bad_input', 'Select at least two clips to link');
  return db.transaction((): EditOutcome => {
    const groups = [...new Set(unique.map((id) => groupOf(db, id)).filter((g): g is number => g != null))].sort((a, b) => a - b);
    const target = groups[0] ?? (stmt(db, 'SELECT coalesce(max(link_group), 0) + 1 AS g FROM clip_links').get() as { g: number }).g;
    const all = new Set(unique);
    for (const g of groups) for (const m of members(db, g)) all.add(m);
    const b = new AuditBatch(db, source, `Link ${all.size} clips as views of one moment`);
    for (const id of all) b.setClip(id, 'link', String(target));
    return { batchId: b.finish(), changed: b.clips.size, clipIds: [...all] };
  }).immediate();
}

/** Takes clips out of their groups; a group left with a single clip is dissolved. */
export function unlinkClips(db: Db, ids: number[], source = 'unlink'): EditOutcome {
  const unique = [...new Set(ids)];
  return db.transaction((): EditOutcome => {
    const b = new AuditBatch(db, source, `Unlink ${unique.length === 1 ? '1 clip' : `${unique.length} clips`}`);
    const touched = new Set<number>();
    for (const id of unique) {
      const g = groupOf(db, id);
      if (g == null) continue;
      touched.add(g);
      b.setClip(id, 'link', null);
    }
    for (const g of touched) {
      const left = members(db, g);
      if (left.length === 1) b.setClip(left[0]!, 'link', null);
    }
    return { batchId: b.finish(), changed: b.clips.size, clipIds: [...b.clips] };
  }).immediate();
}
