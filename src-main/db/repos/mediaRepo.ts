import type { Db } from '../connection.js';
import type { MediaInfo, MediaStatus } from '../../ipc/contract.js';

interface MediaRow {
  id: number; path: string; status: MediaStatus; error: string | null; duration: number | null;
  fps: number | null; frame_count: number | null; width: number | null; height: number | null;
  codec: string | null; rotation: number; size_bytes: number | null; fingerprint: string | null;
  thumb_path: string | null;
}

/** What ffprobe (or a failed probe) tells us about a file. */
export type ProbeUpdate =
  | { status: 'ok'; duration: number | null; fps: number | null; frameCount: number | null;
      width: number | null; height: number | null; codec: string | null; rotation: number;
      sizeBytes: number; fingerprint: string }
  | { status: 'error' | 'missing'; error: string };

/** Media files of a workspace: one row per file on disk, found again by fingerprint. */
export class MediaRepo {
  constructor(private readonly db: Db) {}

  /** Inserts a file by path, or returns the existing row's id (idempotent imports). */
  upsert(path: string): number {
    this.db.prepare('INSERT INTO media (path) VALUES (?) ON CONFLICT(path) DO NOTHING').run(path);
    return (this.db.prepare('SELECT id FROM media WHERE path = ?').get(path) as { id: number }).id;
  }

  get(id: number): MediaInfo | null {
    const row = this.db.prepare('SELECT * FROM media WHERE id = ?').get(id) as MediaRow | undefined;
    return row ? toInfo(row) : null;
  }

  byPath(path: string): MediaInfo | null {
    const row = this.db.prepare('SELECT * FROM media WHERE path = ?').get(path) as MediaRow | undefined;
    return row ? toInfo(row) : null;
  }

  /** Ids of media that still need probing or a thumbnail. */
  needingProbe(): number[] {
    return (this.db.prepare(
      "SELECT id FROM media WHERE status = 'pending' OR (status = 'ok' AND thumb_path IS NULL) ORDER BY id",
    ).all() as { id: number }[]).map((r) => r.id);
  }

  /** Records a probe result; an error keeps the row (and its clips) and stores the message. */
  setProbe(id: number, p: ProbeUpdate): void {
    const now = new Date().toISOString();
    if (p.status === 'ok') {
      this.db.prepare(`UPDATE media SET status = 'ok', error = NULL, duration = ?, fps = ?,
        frame_count = ?, width = ?, height = ?, codec = ?, rotation = ?, size_bytes = ?,
        fingerprint = ?, probed_at = ? WHERE id = ?`).run(p.duration, p.fps, p.frameCount, p.width,
        p.height, p.codec, p.rotation, p.sizeBytes, p.fingerprint, now, id);
    } else {
      this.db.prepare('UPDATE media SET status = ?, error = ?, probed_at = ? WHERE id = ?')
        .run(p.status, p.error, now, id);
    }
  }

  setThumbnail(id: number, thumbPath: string | null): void {
    this.db.prepare('UPDATE media SET thumb_path = ? WHERE id = ?').run(thumbPath, id);
  }

  thumbnailPath(id: number): string | null {
    const r = this.db.prepare('SELECT thumb_path FROM media WHERE id = ?').get(id) as
      { thumb_path: string | null } | undefined;
    return r?.thumb_path ?? null;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM media').get() as { n: number }).n;
  }
}

function toInfo(r: MediaRow): MediaInfo {
  return {
    id: r.id, path: r.path, status: r.status, error: r.error, duration: r.duration, fps: r.fps,
    frameCount: r.frame_count, width: r.width, height: r.height, codec: r.codec,
    rotation: r.rotation, sizeBytes: r.size_bytes, fingerprint: r.fingerprint,
  };
}
