import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { registerJobKind } from '../jobs/registry.js';
import { makeScrubStrip, scrubStripPath } from './scrubStrip.js';

/** Spec of a `media.scrub` job: which media (default: every probed video without a strip). */
export const scrubSpecSchema = z.object({
  mediaIds: z.array(z.number().int().positive()).optional(),
  frames: z.number().int().min(2).max(50).default(10),
});

/** What a finished `media.scrub` job reports. */
export interface ScrubJobResult {
  made: number;
  skipped: number;
  failed: { path: string; error: string }[];
}

/**
 * `media.scrub`: writes a hover-scrub sprite (10 tiles of 160 px) per video into `cache/scrub/`,
 * served to the grid as file key `scrub/<mediaId>`. A separate job rather than part of the probe
 * because a strip costs about one decode of the video. Resumable: existing strips are kept.
 */
export const scrubJob = registerJobKind<z.infer<typeof scrubSpecSchema>>({
  id: 'media.scrub',
  schema: scrubSpecSchema,
  resumable: true,
  describe: (s) => (s.mediaIds ? `Scrub strips for ${s.mediaIds.length} media file(s)` : 'Make hover-scrub strips'),
  async run(ctx): Promise<ScrubJobResult> {
    const { workspace: ws, signal } = ctx;
    const ids = ctx.spec.mediaIds ?? (ws.db.prepare("SELECT id FROM media WHERE status = 'ok' ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    ws.cache('scrub');
    const result: ScrubJobResult = { made: 0, skipped: 0, failed: [] };
    for (let i = 0; i < ids.length; i++) {
      signal.throwIfAborted();
      const media = ws.media.get(ids[i]!);
      const out = scrubStripPath(ws.cacheDir, ids[i]!);
      if (!media || media.status !== 'ok' || !media.duration || (media.kind && media.kind !== 'video') || existsSync(out)) {
        result.skipped++;
        continue;
      }
      ctx.progress({ phase: 'scrub', done: i, total: ids.length, message: basename(media.path) });
      try {
        await makeScrubStrip(media.path, out, { duration: media.duration, frameCount: media.frameCount, frames: ctx.spec.frames, signal });
        result.made++;
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        result.failed.push({ path: media.path, error: (err as Error).message });
      }
    }
    ctx.progress({ phase: 'scrub', done: ids.length, total: ids.length, message: `${result.made} made, ${result.failed.length} failed` });
    if (result.made) ctx.notifyClipsChanged('scrub');
    return result;
  },
});
