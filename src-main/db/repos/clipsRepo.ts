import type { Db } from '../connection.js';
import type { ClipPage, ClipQuery, ClipStatus, ClipSummary, MediaStatus } from '../../ipc/contract.js';
import { clipFilterSql } from './clipFilter.js';

/** A row of `CLIP_SELECT`. */
export interface ClipRow {
  id: number; media_id: number; name: string; label: string | null; color: string | null;
  start_s: number; end_s: number | null; duration: number | null; status: MediaStatus;
  error: string | null; thumb_path: string | null; group_name: string | null; view: string | null;
  clip_status: ClipStatus; tags: string; link_group: number | null;
}

/** A new clip: a span of one media file, optionally labelled. */
export interface NewClip {
  mediaId: number;
  name: string;
  classId?: number | null;
  start?: number;
  end?: number | null;
  /** Actor/subject/source group, so group-aware splits keep it on one side. */
  group?: string | null;
  view?: string | null;
  status?: ClipStatus;
  tags?: string[];
}

const SELECT = `SELECT k.id, k.media_id, k.name, c.name AS label, c.color, k.start_s, k.end_s,
  m.duration, m.status, m.error, m.thumb_path, k.group_name, k.view, k.status AS clip_status, k.tags,
  (SELECT link_group FROM clip_links l WHERE l.clip_id = k.id) AS link_group
  FROM clips k JOIN media m ON m.id = k.media_id LEFT JOIN classes c ON c.id = k.class_id`;
/** The clip columns a `ClipSummary` needs, for queries elsewhere that filter or order differently. */
export const CLIP_SELECT = SELECT;

/** Clips of a workspace: the unit annotators label and training samples. */
export class ClipsRepo {
  constructor(private readonly db: Db) {}

  /** Inserts a clip unless the same span of the same media exists; returns its id either way. */
  upsert(c: NewClip): number {
    return this.insert(c).id;
  }

  /** Like `upsert`, and says whether the clip is new (an existing clip is left untouched). */
  insert(c: NewClip): { id: number; created: boolean } {
    const start = c.start ?? 0;
    const end = c.end ?? null;
    const existing = this.findSpan(c.mediaId, start, end);
    if (existing !== null) return { id: existing, created: false };
    const info = this.db.prepare(`INSERT INTO clips (media_id, name, class_id, start_s, end_s, group_name,
      view, status, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(c.mediaId, c.name, c.classId ?? null,
      start, end, c.group ?? null, c.view ?? null, c.status ?? 'active', JSON.stringify(c.tags ?? []));
    return { id: Number(info.lastInsertRowid), created: true };
  }

  /** Id of the clip covering exactly this span of this media (null end = to the end), if any. */
  findSpan(mediaId: number, start: number, end: number | null): number | null {
    const row = this.db.prepare('SELECT id FROM clips WHERE media_id = ? AND start_s = ? AND end_s IS ?')
      .get(mediaId, start, end) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /** One window of clips in a stable order (by name, then id), with the total for the scroller. */
  page(q: ClipQuery): ClipPage {
    const { where, params: filter } = clipFilterSql(q);
    const params = { ...filter, limit: q.limit, offset: q.offset };
    const total = (this.db.prepare(
      `SELECT count(*) AS n FROM clips k LEFT JOIN classes c ON c.id = k.class_id ${where}`,
    ).get(params) as { n: number }).n;
    const rows = this.db.prepare(`${SELECT} ${where} ORDER BY k.name, k.id LIMIT @limit OFFSET @offset`)
      .all(params) as ClipRow[];
    return { total, offset: q.offset, items: rows.map(toSummary) };
  }

  get(id: number): ClipSummary | null {
    const row = this.db.prepare(`${SELECT} WHERE k.id = ?`).get(id) as ClipRow | undefined;
    return row ? toSummary(row) : null;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM clips').get() as { n: number }).n;
  }
}

/** A `CLIP_SELECT` row as the grid shows it. */
export function toSummary(r: ClipRow): ClipSummary {
  const full = r.duration;
  const end = r.end_s ?? full;
  return {
    id: r.id, mediaId: r.media_id, name: r.name, label: r.label, classColor: r.color,
    duration: end == null ? null : Math.max(0, end - r.start_s),
    start: r.start_s, end: r.end_s, mediaStatus: r.status, mediaError: r.error,
    thumbKey: r.thumb_path ? `thumb/${r.media_id}` : null,
    group: r.group_name, view: r.view,
    status: r.clip_status, tags: parseTags(r.tags), linkGroup: r.link_group,
  };
}

function parseTags(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
