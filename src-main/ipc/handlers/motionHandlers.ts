import { join } from 'node:path';
import { arrowGrid, readFlowField } from '../../motion/preview/flowSummary.js';
import { dvsWindowKey } from '../../motion/preview/dvsWindow.js';
import { previewDir, readManifest } from '../../motion/preview/previewStore.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { Handlers } from './types.js';

/** A `not_found` error the UI shows as is. */
function notFound(message: string): Error {
  return Object.assign(new Error(message), { code: 'not_found' });
}

/** Id of a queued or running `motion.preview` job of this clip, so opening the viewer twice queues one job. */
function activePreviewJob(ws: Workspace, clipId: number): number | null {
  for (const row of ws.jobs.list()) {
    if (row.kind !== 'motion.preview' || (row.state !== 'queued' && row.state !== 'running')) continue;
    try {
      if ((JSON.parse(row.spec) as { clipId?: unknown }).clipId === clipId) return row.id;
    } catch { /* a malformed spec is not ours */ }
  }
  return null;
}

/** The synchronised motion viewer: cached previews, arrow grids and DVS windows rendered on request. */
export const motionHandlers = {
  'motion:preview': ({ clipId }, { workbench }) => {
    const ws = workbench.workspace;
    if (!ws.clips.get(clipId)) throw notFound(`Clip ${clipId} is not in this workspace`);
    const manifest = readManifest(ws, clipId);
    if (manifest) return { jobId: null, manifest };
    return { jobId: activePreviewJob(ws, clipId) ?? workbench.jobs.enqueue('motion.preview', { clipId }), manifest: null };
  },
  'motion:manifest': ({ clipId }, { workbench }) => readManifest(workbench.workspace, clipId),
  'motion:arrows': ({ clipId, frame, grid }, { workbench }) => {
    const ws = workbench.workspace;
    if (!readManifest(ws, clipId)) throw notFound(`Clip ${clipId} has no motion preview yet: open its Motion view to compute it`);
    const { flow, width, height } = readFlowField(join(previewDir(ws, clipId), 'flow.npy'), frame);
    return arrowGrid(flow, width, height, frame, grid);
  },
  'motion:dvsFrame': ({ clipId, ...req }, { workbench }) => dvsWindowKey(workbench.workspace, clipId, req),
} satisfies Partial<Handlers>;
