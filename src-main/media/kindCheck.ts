import { extname } from 'node:path';
import type { ProbeUpdate } from '../db/repos/mediaRepo.js';
import type { MediaKind } from '../ipc/contract.js';

/**
 * Judges a probe result against what the file should hold: a still image with a video extension
 * (or a video named like an image) would train on the wrong thing, so it becomes an error that
 * names the file and says what to do. ffprobe reads content, not names, so it alone would accept both.
 */
export function checkProbedKind(kind: MediaKind, path: string, p: ProbeUpdate): ProbeUpdate {
  if (p.status !== 'ok') return p;
  const still = p.duration === null && p.fps === null && p.frameCount === 1;
  const ext = extname(path) || '(no extension)';
  if (kind === 'video' && still) {
    return { status: 'error', error: `${path} is a still image (${p.codec ?? 'unknown codec'}), not a video, although it is named ${ext}: rename it to .${p.codec === 'png' ? 'png' : 'jpg'} and import it as an image, or remove it` };
  }
  if (kind === 'image' && !still) {
    return { status: 'error', error: `${path} is a video (${p.codec ?? 'unknown codec'}), not an image, although it is named ${ext}: give it a video extension and import it again` };
  }
  return p;
}
