import type { Db } from '../connection.js';
import type { ClipPage, ClipQuery, ClipSummary, MediaStatus } from '../../ipc/contract.js';

interface ClipRow {
  id: number; media_id: number; name: string; label: string | null; color: string | null;
  start_s: number; end_s: number | null; duration: number | null; status: MediaStatus;
  error: string | null; thumb_path: string | null;
}

/** A new clip: a span of one media file, optionally labelled. */
export interface NewClip {
  mediaId: number;
  name: string;
  classId?: number | null;
  start?: number;
  end?: number | null;
}

const SELECT = `SELECT k.id, k.media_id, k.name, c.name AS label, c.color, k.start_s, k.end_s,
  m.duration, m.status, m.error, m.thumb_path
  FROM clips k JOIN media m ON m.id = k.media_id LEFT JOIN classes c ON c.id = k.class_id`;

/** Clips of a workspace: the unit annotators label and training samples. */
export class ClipsRepo {
  constructor(private readonly db: Db) {}

  /** Inserts a clip unless the same span of the same media exists; returns its id either way. */
  upsert(c: NewClip): number {
    const start = c.start ?? 0;
    const end = c.end ?? null;
    const existing = this.db.prepare(
      'SELECT id FROM clips WHERE media_id = ? AND start_s = ? AND end_s IS ?',
    ).get(c.mediaId, start, end) as { id: number } | undefined;
    if (existing) return existing.id;
    const info = this.db.prepare(
      'INSERT INTO clips (media_id, name, class_id, start_s, end_s) VALUES (?, ?, ?, ?, ?)',
    ).run(c.mediaId, c.name, c.classId ?? null, start, end);
    return Number(info.lastInsertRowid);
  }

  /** One window of clips in a stable order (by name, then id), with the total for the scroller. */
  page(q: ClipQuery): ClipPage {
    const where = q.search ? "WHERE k.name LIKE @pat ESCAPE '\\' OR c.name LIKE @pat ESCAPE '\\'" : '';
    const params = { pat: `%${(q.search ?? '').replace(/[\\%_]/g, (ch) => '\\' + ch)}%`,
      limit: q.limit, offset: q.offset };
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

function toSummary(r: ClipRow): ClipSummary {
  const full = r.duration;
  const end = r.end_s ?? full;
  return {
    id: r.id, mediaId: r.media_id, name: r.name, label: r.label, classColor: r.color,
    duration: end == null ? null : Math.max(0, end - r.start_s),
    start: r.start_s, end: r.end_s, mediaStatus: r.status, mediaError: r.error,
    thumbKey: r.thumb_path ? `thumb/${r.media_id}` : null,
  };
}
