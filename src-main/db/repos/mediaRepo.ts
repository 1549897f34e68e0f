import type { Db } from '../connection.js';
import type { MediaInfo, MediaKind, MediaStatus } from '../../ipc/contract.js';

interface MediaRow {
  id: number; path: string; status: MediaStatus; error: string | null; duration: number | null;
  fps: number | null; frame_count: number | null; width: number | null; height: number | null;
  codec: string | null; rotation: number; size_bytes: number | null; fingerprint: string | null;
  thumb_path: string | null; kind: MediaKind; changed: number;
}

/** Names of still images: media added without an explicit kind are images when named like one. */
const STILL_IMAGE = /\.(jpe?g|png)$/i;

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
  upsert(path: string, kind?: MediaKind): number {
    return this.insert(path, kind).id;
  }

  /** Like `upsert`, and says whether the row is new (import reports count created vs skipped). */
  insert(path: string, kind?: MediaKind): { id: number; created: boolean } {
    const info = this.db.prepare('INSERT INTO media (path, kind) VALUES (?, ?) ON CONFLICT(path) DO NOTHING')
      .run(path, kind ?? (STILL_IMAGE.test(path) ? 'image' : 'video'));
    const id = (this.db.prepare('SELECT id FROM media WHERE path = ?').get(path) as { id: number }).id;
    return { id, created: info.changes > 0 };
  }

  /** Every media row in id order (`mwb media`, relink). */
  list(): MediaInfo[] {
    return (this.db.prepare('SELECT * FROM media ORDER BY id').all() as MediaRow[]).map(toInfo);
  }

  /** Number of media whose last probe failed (`mwb info`). */
  countErrors(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM media WHERE status = 'error'").get() as { n: number }).n;
  }

  /** Points a row at the file's new location (relink); the fingerprint proved it is the same file. */
  relocate(id: number, path: string, status: MediaStatus): void {
    this.db.prepare('UPDATE media SET path = ?, status = ?, error = NULL, changed = 0 WHERE id = ?')
      .run(path, status, id);
  }

  /** What relinking needs of every row: where it was, its fingerprint and when that was taken. */
  fingerprints(): { id: number; path: string; status: MediaStatus; fingerprint: string | null; probedAt: string | null; changed: boolean }[] {
    return (this.db.prepare('SELECT id, path, status, fingerprint, probed_at, changed FROM media ORDER BY id').all() as
      { id: number; path: string; status: MediaStatus; fingerprint: string | null; probed_at: string | null; changed: number }[])
      .map((r) => ({ id: r.id, path: r.path, status: r.status, fingerprint: r.fingerprint, probedAt: r.probed_at, changed: r.changed === 1 }));
  }

  /** Flags (or clears) a file whose content no longer matches its recorded fingerprint. */
  setChanged(id: number, changed: boolean): void {
    this.db.prepare('UPDATE media SET changed = ? WHERE id = ?').run(changed ? 1 : 0, id);
  }

  get(id: number): MediaInfo | null {
    const row = this.db.prepare('SELECT * FROM media WHERE id = ?').get(id) as MediaRow | undefined;
    return row ? toInfo(row) : null;
  }

  byPath(path: string): MediaInfo | null {
    const row = this.db.prepare('SELECT * FROM media WHERE path = ?').get(path) as MediaRow | undefined;
    return row ? toInfo(row) : null;
  }

  /** Ids of media that still need probing or a thumbnail (event recordings are not ffprobe's). */
  needingProbe(): number[] {
    return (this.db.prepare(
      "SELECT id FROM media WHERE kind != 'events' AND (status = 'pending' OR (status = 'ok' AND thumb_path IS NULL)) ORDER BY id",
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
    kind: r.kind, changed: r.changed === 1,
  };
}
