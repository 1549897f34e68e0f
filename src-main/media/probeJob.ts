import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { registerJobKind } from '../jobs/registry.js';
import { checkProbedKind } from './kindCheck.js';
import { probeMedia } from './probe.js';
import { scrubStripPath } from './scrubStrip.js';
import { makeThumbnail } from './thumbnail.js';

/** Spec of a `media.probe` job: which media rows to probe (default: all that still need it). */
export const probeSpecSchema = z.object({
  mediaIds: z.array(z.number().int().positive()).optional(),
});

/** What a finished probe job reports: how many files are fine and which ones are not, and why. */
export interface ProbeJobResult {
  ok: number;
  failed: { path: string; error: string }[];
}

/** How often (in files) the clip grid is told to refresh while probing. */
const NOTIFY_EVERY = 10;

/**
 * `media.probe`: runs ffprobe on each media row, stores what it finds, and writes a 160 px JPEG
 * thumbnail to `cache/thumbs/<mediaId>.jpg` (at min(1 s, duration / 2)). A bad file gets its row
 * set to error with the message and the job goes on. Resumable: files already probed and
 * thumbnailed are skipped, so running it again only does what is left. Queues `media.scrub` for
 * the videos it found readable (hover-scrub strips), once it is done.
 */
export const probeJob = registerJobKind<z.infer<typeof probeSpecSchema>>({
  id: 'media.probe',
  schema: probeSpecSchema,
  resumable: true,
  describe: (spec) => spec.mediaIds ? `Probe ${spec.mediaIds.length} media file(s)` : 'Probe new media and make thumbnails',
  async run(ctx): Promise<ProbeJobResult> {
    const { workspace: ws, signal } = ctx;
    const ids = ctx.spec.mediaIds ?? ws.media.needingProbe();
    const thumbsDir = ws.cache('thumbs');
    const result: ProbeJobResult = { ok: 0, failed: [] };
    let sinceNotify = 0;
    const scrubIds: number[] = []; // videos probed OK (image stills have nothing to scrub)
    for (let i = 0; i < ids.length; i++) {
      signal.throwIfAborted();
      const id = ids[i]!;
      const media = ws.media.get(id);
      if (!media || media.kind === 'events') continue; // deleted since queued; event files are the DVS readers'
      ctx.progress({ phase: 'probe', done: i, total: ids.length, message: basename(media.path) });
      const thumb = ws.media.thumbnailPath(id);
      if (media.status === 'ok' && thumb && existsSync(thumb)) {
        result.ok++;
        if (media.kind !== 'image' && media.duration && !existsSync(scrubStripPath(ws.cacheDir, id))) scrubIds.push(id);
        continue;
      }
      const probed = checkProbedKind(media.kind ?? 'video', media.path, await probeMedia(media.path, signal));
      ws.media.setProbe(id, probed);
      if (probed.status === 'ok') {
        const out = join(thumbsDir, `${id}.jpg`);
        const at = probed.duration ? Math.min(1, probed.duration / 2) : 0;
        try {
          await makeThumbnail(media.path, out, { atSeconds: at, width: 160, signal });
          ws.media.setThumbnail(id, out);
          result.ok++;
          if (media.kind !== 'image' && probed.duration) scrubIds.push(id);
        } catch (err) {
          if (signal.aborted) throw signal.reason;
          // ffprobe could read the header but ffmpeg cannot decode a frame: the file is damaged.
          const error = (err as Error).message;
          ws.media.setProbe(id, { status: 'error', error });
          result.failed.push({ path: media.path, error });
        }
      } else {
        result.failed.push({ path: media.path, error: probed.error });
      }
      if (++sinceNotify >= NOTIFY_EVERY) {
        sinceNotify = 0;
        ctx.notifyClipsChanged('probe');
      }
    }
    ctx.progress({ phase: 'probe', done: ids.length, total: ids.length, message: `${result.ok} ok, ${result.failed.length} failed` });
    ctx.notifyClipsChanged('probe');
    // Hover-scrub strips cost about one decode per video: their own job, queued behind this one.
    if (scrubIds.length) ctx.enqueue('media.scrub', { mediaIds: scrubIds });
    return result;
  },
});
