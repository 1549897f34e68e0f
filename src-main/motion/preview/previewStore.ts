import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MotionManifest } from '../../ipc/contract.js';
import type { Workspace } from '../../workspace/workspace.js';

/**
 * Layout of one clip's motion preview under `cache/preview/<clipId>/`:
 * `rgb/NNNN.png`, `flow/NNNN.png` (flow n = frame n -> n+1), `legend.png`, `flow.npy`
 * ((frames-1) x H x W x 2 float16, px/frame), `events.npy` (N x 4 int64: t µs, x, y, p),
 * `dvs/<t0>_<t1>_<mode>[_<on>_<off>].png` (windows rendered on request) and `manifest.json`,
 * written last so its presence means the preview is complete.
 */

/** Cache area the previews live in (cleared by the Clear cache panel like any derived data). */
export const PREVIEW_AREA = 'preview';

/** Folder of one clip's preview (not created). */
export function previewDir(ws: Workspace, clipId: number): string {
  return join(ws.cacheDir, PREVIEW_AREA, String(clipId));
}

/** `NNNN` file name of picture n. */
export function frameName(n: number): string {
  return String(n).padStart(4, '0');
}

/** The finished preview's manifest, or null when there is none (or it cannot be read). */
export function readManifest(ws: Workspace, clipId: number): MotionManifest | null {
  const path = join(previewDir(ws, clipId), 'manifest.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as MotionManifest;
  } catch {
    return null;
  }
}

const KEY = /^preview\/(\d{1,12})\/(?:(rgb|flow)\/(\d{1,6})|(legend)|dvs\/(\d{1,13}_\d{1,13}_(?:polarity|binary|stack3)(?:_[0-9a-f]{6}_[0-9a-f]{6})?))$/;

/**
 * Path of a preview file key (`preview/<clipId>/rgb/<n>`, `.../flow/<n>`, `.../legend`,
 * `.../dvs/<name>`) when the file exists; null otherwise, so only preview pictures are reachable.
 */
export function resolvePreviewKey(ws: Workspace, key: string): string | null {
  const m = KEY.exec(key);
  if (!m) return null;
  const dir = previewDir(ws, Number(m[1]));
  const path = m[2] ? join(dir, m[2], `${frameName(Number(m[3]))}.png`)
    : m[4] ? join(dir, 'legend.png')
    : join(dir, 'dvs', `${m[5]}.png`);
  return existsSync(path) ? path : null;
}
