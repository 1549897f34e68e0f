import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Db } from '../db/connection.js';
import { registerJobKind } from '../jobs/registry.js';
import { scrubSource, spanStem, type Span, type StripMedia } from './scrubSpans.js';
import { makeScrubStrip, scrubStripPath } from './scrubStrip.js';

/** Spec of a `media.scrub` job: which media (default: every probed video without a strip). */
export const scrubSpecSchema = z.object({
  mediaIds: z.array(z.number().int().positive()).optional(),
  frames: z.number().int().min(2).max(50).default(10),
});

/** What a finished `media.scrub` job reports. */
export interface ScrubJobResult {
  /** Strips written: media strips and span strips of short trims. */
  made: number;
  /** Media files with nothing to do (not a readable video, or every strip already there). */
  skipped: number;
  failed: { path: string; error: string }[];
}

/** The spans that need a strip of their own: trimmed clips too short to reuse the media strip (scrubSpans.ts). */
export function spansNeedingStrips(db: Db, mediaId: number, media: StripMedia): Span[] {
  const clips = db.prepare('SELECT start_s AS start, end_s AS end FROM clips WHERE media_id = ?').all(mediaId) as { start: number; end: number | null }[];
  const spans = new Map<string, Span>();
  for (const c of clips) {
    const src = scrubSource(c, media);
    if (src.strip === 'span') spans.set(spanStem(mediaId, src.span), src.span);
  }
  return [...spans.values()];
}

/** Deletes span strips of a media file that no clip spans any more (an old trim), so the cache does not grow with edits. */
function dropStaleSpanStrips(dir: string, mediaId: number, keep: Span[]): void {
  const wanted = new Set(keep.map((s) => `${spanStem(mediaId, s)}.jpg`));
  for (const f of readdirSync(dir)) {
    if (f.startsWith(`${mediaId}_`) && f.endsWith('.jpg') && !wanted.has(f)) rmSync(join(dir, f), { force: true });
  }
}

/**
 * `media.scrub`: writes a hover-scrub sprite (10 tiles of 160 px) per video into `cache/scrub/`,
 * served to the grid as file key `scrub/<mediaId>`, plus one per trimmed clip too short to scrub
 * over the media's strip. A separate job rather than part of the probe because a strip costs
 * about one decode of the video. Resumable: existing strips are kept.
 */
export const scrubJob = registerJobKind<z.infer<typeof scrubSpecSchema>>({
  id: 'media.scrub',
  schema: scrubSpecSchema,
  resumable: true,
  describe: (s) => (s.mediaIds ? `Scrub strips for ${s.mediaIds.length} media file(s)` : 'Make hover-scrub strips'),
  async run(ctx): Promise<ScrubJobResult> {
    const { workspace: ws, signal } = ctx;
    const ids = ctx.spec.mediaIds ?? (ws.db.prepare("SELECT id FROM media WHERE status = 'ok' ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    const dir = ws.cache('scrub');
    const result: ScrubJobResult = { made: 0, skipped: 0, failed: [] };
    for (let i = 0; i < ids.length; i++) {
      signal.throwIfAborted();
      const media = ws.media.get(ids[i]!);
      if (!media || media.status !== 'ok' || !media.duration || (media.kind && media.kind !== 'video')) {
        result.skipped++;
        continue;
      }
      const spans = spansNeedingStrips(ws.db, media.id, { duration: media.duration, frameCount: media.frameCount });
      dropStaleSpanStrips(dir, media.id, spans);
      const todo = [null, ...spans].filter((span) => !existsSync(scrubStripPath(ws.cacheDir, media.id, span)));
      if (!todo.length) {
        result.skipped++;
        continue;
      }
      ctx.progress({ phase: 'scrub', done: i, total: ids.length, message: basename(media.path) });
      for (const span of todo) {
        try {
          await makeScrubStrip(media.path, scrubStripPath(ws.cacheDir, media.id, span),
            { duration: media.duration, frameCount: media.frameCount, frames: ctx.spec.frames, span, signal });
          result.made++;
        } catch (err) {
          if (signal.aborted) throw signal.reason;
          result.failed.push({ path: media.path, error: (err as Error).message });
          break; // the file is unreadable: its other spans would fail the same way
        }
      }
    }
    ctx.progress({ phase: 'scrub', done: ids.length, total: ids.length, message: `${result.made} made, ${result.failed.length} failed` });
    if (result.made) ctx.notifyClipsChanged('scrub');
    return result;
  },
});
