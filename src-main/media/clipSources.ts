import type { Db } from '../db/connection.js';
import type { SampleClip } from './sampling/sampleFrames.js';

/** A clip with what sampling needs from its media row. */
export interface ClipSource {
  clipId: number;
  mediaId: number;
  name: string;
  path: string;
  status: string;
  fingerprint: string | null;
  /** Frame metadata for the sampler (frame count estimated from fps for trimmed clips). */
  meta: SampleClip;
}

interface Row {
  id: number; media_id: number; name: string; path: string; status: string; fingerprint: string | null;
  frame_count: number | null; fps: number | null; duration: number | null; start_s: number; end_s: number | null;
}

/**
 * Clips (all, or these ids, in id order) joined with their media, as the frame sampler sees them.
 * A trimmed clip's frame count is estimated as round(seconds x fps); the sampler recounts by
 * decoding when that proves too high.
 */
export function clipSources(db: Db, clipIds?: readonly number[]): ClipSource[] {
  const rows = db.prepare(`SELECT k.id, k.media_id, k.name, m.path, m.status, m.fingerprint, m.frame_count, m.fps,
    m.duration, k.start_s, k.end_s FROM clips k JOIN media m ON m.id = k.media_id ORDER BY k.id`).all() as Row[];
  const wanted = clipIds ? new Set(clipIds) : null;
  return rows.filter((r) => !wanted || wanted.has(r.id)).map((r) => {
    const fps = r.fps ?? 0;
    const end = r.end_s;
    const clipEnd = end ?? r.duration ?? 0;
    const trimmed = r.start_s > 0 || end != null;
    const frameCount = !trimmed ? r.frame_count ?? 0
      : fps > 0 ? Math.max(1, Math.round((clipEnd - r.start_s) * fps)) : 0; // 0 = count by decoding
    return {
      clipId: r.id, mediaId: r.media_id, name: r.name, path: r.path, status: r.status, fingerprint: r.fingerprint,
      meta: { frameCount, fps, duration: Math.max(0, clipEnd - r.start_s), start: r.start_s, end,
        key: `${r.fingerprint ?? r.path}@${r.start_s}-${end ?? ''}` },
    };
  });
}
