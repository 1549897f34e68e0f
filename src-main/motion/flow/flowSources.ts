import { resolve } from 'node:path';
import { probeMedia } from '../../media/probe.js';
import type { Workspace } from '../../workspace/workspace.js';

/** A video to compute flow for, with what the cache key and progress need. */
export interface FlowSource {
  /** How the user named it: `media 12` or the path. */
  label: string;
  path: string;
  fingerprint: string;
  /** Frames in the file when known (progress total), else null. */
  frameCount: number | null;
}

/**
 * Resolves media ids (rows of the workspace) and file paths to sources. A row without a
 * fingerprint, or a path the workspace does not know, is probed with ffprobe (not stored). A
 * source that cannot be used comes back as an error naming it, never as a throw.
 */
export async function resolveFlowSource(ws: Workspace, ref: number | string, signal?: AbortSignal): Promise<FlowSource | { label: string; error: string }> {
  const row = typeof ref === 'number' ? ws.media.get(ref) : ws.media.byPath(resolve(ref));
  const label = typeof ref === 'number' ? `media ${ref}` : ref;
  if (typeof ref === 'number' && !row) return { label, error: `No media ${ref} in this workspace` };
  const path = row?.path ?? resolve(String(ref));
  if (row?.status === 'ok' && row.fingerprint) return { label, path, fingerprint: row.fingerprint, frameCount: row.frameCount };
  const probed = await probeMedia(path, signal);
  if (probed.status !== 'ok') return { label, error: probed.error };
  return { label, path, fingerprint: probed.fingerprint, frameCount: probed.frameCount };
}
