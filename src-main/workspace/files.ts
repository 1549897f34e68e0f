import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { scrubStripPath } from '../media/scrubStrip.js';
import { resolvePreviewKey } from '../motion/preview/previewStore.js';
import type { Workspace } from './workspace.js';

/** A file the UI may load, resolved from a key such as `thumb/12` or `media/3`. */
export interface ResolvedFile {
  path: string;
  contentType: string;
}

const TYPES: Record<string, string> = {
  '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.mov': 'video/quicktime', '.webm': 'video/webm',
  '.mkv': 'video/x-matroska', '.avi': 'video/x-msvideo', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.png': 'image/png',
};

/**
 * Maps a file key from the contract to a path inside what the workspace knows about. Only rows
 * of the open workspace can be reached, so neither the bridge nor the Electron protocol can be
 * used to read arbitrary files. Returns null for anything else.
 */
export function resolveFileKey(ws: Workspace, key: string): ResolvedFile | null {
  if (key.startsWith('preview/')) {
    const preview = resolvePreviewKey(ws, key);
    return preview ? { path: preview, contentType: 'image/png' } : null;
  }
  // Span strips (`scrub/<id>_<startMs>-<endMs>`) of trimmed clips: the numbers are all the name holds.
  const m = /^(thumb|media|scrub)\/(\d{1,12})(?:_(\d{1,12})-(\d{1,12}))?$/.exec(key);
  if (!m || (m[3] !== undefined && m[1] !== 'scrub')) return null;
  const id = Number(m[2]);
  const span = m[3] !== undefined ? { start: Number(m[3]) / 1000, end: Number(m[4]) / 1000 } : null;
  const strip = scrubStripPath(ws.cacheDir, id, span);
  const path = m[1] === 'thumb' ? ws.media.thumbnailPath(id)
    : m[1] === 'scrub' ? (ws.media.get(id) && existsSync(strip) ? strip : null)
    : ws.media.get(id)?.path ?? null;
  if (!path) return null;
  return { path, contentType: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' };
}
