import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { JobProgress } from '../../ipc/contract.js';
import { contentFingerprint } from '../../media/probe.js';
import { openEventFile } from '../../motion/dvs/index.js';
import type { ProbeUpdate } from '../../db/repos/mediaRepo.js';
import type { Workspace } from '../../workspace/workspace.js';

/**
 * What the event-file readers say about one recording without decoding its events: the format
 * (stored as the codec), the sensor size and the content fingerprint (for Relink…). Duration and
 * event counts need a full read; `mwb events info` gives them. Never throws for a bad file.
 */
export async function probeEventFile(path: string): Promise<ProbeUpdate> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return { status: 'missing', error: `File not found: ${path}` };
  }
  if (size === 0) return { status: 'error', error: `${path} is empty (0 bytes): the copy or download probably failed` };
  try {
    // A probe reads the header and a bounded sample: a folder of multi-GB recordings must not be read whole.
    const reader = await openEventFile(path, { probe: true });
    try {
      const fingerprint = await contentFingerprint(path, size);
      return { status: 'ok', duration: null, fps: null, frameCount: null, width: reader.width, height: reader.height,
        codec: reader.format, rotation: 0, sizeBytes: size, fingerprint };
    } finally {
      await reader.close();
    }
  } catch (err) {
    const message = (err as Error).message.replace(`${basename(path)}: `, '');
    return { status: 'error', error: `${path}: the event-file readers cannot read it: ${message}` };
  }
}

/** Probes event media rows that were never read (or failed before); returns how many are fine. */
export async function probeEventMedia(ws: Workspace, ids: number[], signal: AbortSignal,
  progress: (p: JobProgress) => void): Promise<{ ok: number; failed: number }> {
  const out = { ok: 0, failed: 0 };
  for (let i = 0; i < ids.length; i++) {
    signal.throwIfAborted();
    const m = ws.media.get(ids[i]!);
    if (!m) continue;
    progress({ phase: 'probe events', done: i, total: ids.length, message: basename(m.path) });
    const r = m.status === 'ok' && m.fingerprint ? null : await probeEventFile(m.path);
    if (r) ws.media.setProbe(m.id, r);
    if ((r?.status ?? 'ok') === 'ok') out.ok++;
    else out.failed++;
  }
  return out;
}
