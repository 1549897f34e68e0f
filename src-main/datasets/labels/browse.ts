import type { Db } from '../../db/connection.js';
import { clipFilterSql } from '../../db/repos/clipFilter.js';
import { CLIP_SELECT, toSummary, type ClipRow } from '../../db/repos/clipsRepo.js';
import type { ClipFacets, ClipFilter, ClipStatus, ClipSummary, FacetValue } from '../../ipc/contract.js';
import { stmt } from './statements.js';

/** Values per facet the filter bar offers (the most frequent first). */
const FACET_LIMIT = 500;

/** Summaries of the given clips, in the given order (missing ids are left out). */
export function clipsByIds(db: Db, ids: number[]): ClipSummary[] {
  const out = new Map<number, ClipSummary>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = db.prepare(`${CLIP_SELECT} WHERE k.id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as ClipRow[];
    for (const r of rows) out.set(r.id, toSummary(r));
  }
  return ids.map((id) => out.get(id)).filter((c): c is ClipSummary => c != null);
}

/**
 * The clip after (direction 1) or before (-1) clip `from` in the grid's order (name, id) among
 * the clips matching `filter`, optionally only unlabelled ones; wraps around at the ends. Uses
 * the (name, id) index, so it costs the same at 100,000 clips as at 100.
 */
export function neighborClip(db: Db, filter: ClipFilter, from: number, direction: 1 | -1, unlabeled = false): ClipSummary | null {
  const origin = stmt(db, 'SELECT name, id FROM clips WHERE id = ?').get(from) as { name: string; id: number } | undefined;
  const extra = unlabeled ? ['k.class_id IS NULL'] : [];
  const order = direction === 1 ? 'ORDER BY k.name, k.id' : 'ORDER BY k.name DESC, k.id DESC';
  const find = (conds: string[], params: Record<string, string | number>): ClipSummary | null => {
    const { where, params: p } = clipFilterSql(filter, [...extra, ...conds]);
    const row = db.prepare(`${CLIP_SELECT} ${where} ${order} LIMIT 1`).get({ ...p, ...params }) as ClipRow | undefined;
    return row ? toSummary(row) : null;
  };
  if (origin) {
    const cmp = direction === 1 ? '>' : '<';
    const next = find([`(k.name ${cmp} @fromName OR (k.name = @fromName AND k.id ${cmp} @fromId))`], { fromName: origin.name, fromId: origin.id });
    if (next) return next;
  }
  const wrapped = find(['k.id != @fromId'], { fromId: from });
  return wrapped;
}

/** The other clips of a clip's multi-view link group (same moment, other cameras). */
export function linkedClips(db: Db, clip: ClipSummary): ClipSummary[] {
  if (clip.linkGroup == null) return [];
  const ids = (stmt(db, 'SELECT clip_id FROM clip_links WHERE link_group = ? AND clip_id != ? ORDER BY clip_id LIMIT 50')
    .all(clip.linkGroup, clip.id) as { clip_id: number }[]).map((r) => r.clip_id);
  return clipsByIds(db, ids);
}

function facet(db: Db, sql: string): FacetValue[] {
  return stmt(db, sql).all() as FacetValue[];
}

/** Distinct groups, views and tags with counts, status and unlabelled counts, and the split sets. */
export function clipFacets(db: Db): ClipFacets {
  const total = (stmt(db, 'SELECT count(*) AS n FROM clips').get() as { n: number }).n;
  const count = (where: string, ...params: string[]): number =>
    (stmt(db, `SELECT count(*) AS n FROM clips WHERE ${where}`).get(...params) as { n: number }).n;
  const unlabeled = count('class_id IS NULL');
  // The rare statuses are counted through their index; `active` is the rest (no scan of 100,000 rows).
  const excluded = count('status = ?', 'excluded');
  const negative = count('status = ?', 'negative');
  const status: Record<ClipStatus, number> = { active: total - excluded - negative, excluded, negative };
  return {
    total, unlabeled, status,
    groups: facet(db, `SELECT group_name AS value, count(*) AS count FROM clips WHERE group_name IS NOT NULL
      GROUP BY group_name ORDER BY count DESC, value LIMIT ${FACET_LIMIT}`),
    views: facet(db, `SELECT view AS value, count(*) AS count FROM clips WHERE view IS NOT NULL
      GROUP BY view ORDER BY count DESC, value LIMIT ${FACET_LIMIT}`),
    tags: facet(db, `SELECT tag AS value, count(*) AS count FROM clip_tags GROUP BY tag ORDER BY count DESC, value LIMIT ${FACET_LIMIT}`),
    splitSets: stmt(db, 'SELECT id, name FROM split_sets ORDER BY name').all() as { id: number; name: string }[],
  };
}
