import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { commonFolder, listableClips, listPaths } from './listPaths.js';
import { WorkerPool } from '../../jobs/workerPool.js';
import { forEachLimited, rawframeDirs, writeRawframes } from './rawframes.js';
import { FLOW_JPEG_BOUND, openFlowCache, writeClipFlow, type ExportFlowMethod, type ExportFlowSummary } from './rawflow.js';
import { registerExportFormat, type ExportContext } from './registry.js';
import { writeText } from './writeText.js';

const SUBSETS = ['train', 'val', 'test'] as const;

/**
 * `mmaction2`: per subset a video list `<subset>_list_videos.txt` (`<path> <label>`, 0-based labels,
 * paths relative to the root = `data_prefix`) and, with `rawframes`, JPEG frames under
 * `rawframes/<class>/<clip>/img_00001.jpg` plus `<subset>_list_rawframes.txt`
 * (`<frame_dir> <total_frames> <label>`, relative to `rawframes/`). With `flow`, also
 * `flow_x_00001.jpg`/`flow_y_00001.jpg`... in each frame folder (see rawflow.ts for the quantisation);
 * total_frames stays the img count (flow count = total_frames - 1, as mmaction2 expects).
 */
export const mmaction2Format = registerExportFormat({
  id: 'mmaction2',
  describe: 'mmaction2 video lists (and rawframe lists with JPEG frames)',
  needsSplit: true,
  async run(ctx) {
    const { clips, warnings } = listableClips(ctx.data.clips);
    const root = ctx.options.root ?? commonFolder(clips.map((c) => c.path));
    const rel = listPaths(clips, root);
    const files: string[] = [];
    const counts: Record<string, number> = {};
    for (const subset of SUBSETS) {
      const lines = clips.filter((c) => c.subset === subset).map((c) => `${rel.get(c.id)} ${c.classIndex}`);
      if (!lines.length) continue;
      const name = `${subset}_list_videos.txt`;
      files.push(writeText(ctx.outDir, name, lines.join('\n') + '\n'));
      counts[name] = lines.length;
    }
    let flow: ExportFlowSummary | undefined;
    if (ctx.options.rawframes) {
      const { frames, dirs, totals } = await writeRawframeLists(ctx, clips, files, counts);
      counts.frames = frames;
      const method = ctx.options.flow ?? 'none';
      if (method !== 'none') {
        counts.flowPairs = await writeFlowFrames(ctx, method, clips, dirs, totals, warnings);
        flow = { method, bound: FLOW_JPEG_BOUND, decode: `u = v * ${2 * FLOW_JPEG_BOUND} / 255 - ${FLOW_JPEG_BOUND} (px; 128 = no motion)`, pairs: counts.flowPairs };
      }
    }
    return { format: 'mmaction2', split: ctx.data.split?.name ?? null, outDir: ctx.outDir, root, files, counts, warnings, ...(flow ? { flow } : {}) };
  },
});

type Clips = ReturnType<typeof listableClips>['clips'];

/** Writes every clip's JPEG frames (one ffmpeg per core) and the rawframe lists; returns frames written, folders and per-clip counts. */
async function writeRawframeLists(ctx: ExportContext, clips: Clips, files: string[], counts: Record<string, number>):
  Promise<{ frames: number; dirs: Map<number, string>; totals: Map<number, number> }> {
  const dirs = rawframeDirs(clips);
  const totals = new Map<number, number>();
  let done = 0;
  await forEachLimited(clips, ctx.options.threads ?? availableParallelism(), async (c) => {
    ctx.signal.throwIfAborted();
    totals.set(c.id, await writeRawframes(c, join(ctx.outDir, 'rawframes', dirs.get(c.id)!), { shortSide: ctx.options.shortSide, signal: ctx.signal }));
    ctx.progress({ phase: 'rawframes', done: ++done, total: clips.length, message: c.name });
  });
  for (const subset of SUBSETS) {
    const lines = clips.filter((c) => c.subset === subset).map((c) => `${dirs.get(c.id)} ${totals.get(c.id)} ${c.classIndex}`);
    if (!lines.length) continue;
    const name = `${subset}_list_rawframes.txt`;
    files.push(writeText(ctx.outDir, name, lines.join('\n') + '\n'));
    counts[name] = lines.length;
  }
  return { frames: [...totals.values()].reduce((a, b) => a + b, 0), dirs, totals };
}

/**
 * Writes flow_x_/flow_y_ JPEGs beside each clip's img_ frames (flow cached per clip in the workspace,
 * computed on a worker pool); progress counts frame pairs. total_frames in the lists stays the img
 * count: mmaction2 reads total_frames - 1 flow images per clip. Returns the pairs written.
 */
async function writeFlowFrames(ctx: ExportContext, method: Exclude<ExportFlowMethod, 'none'>, clips: Clips,
  dirs: Map<number, string>, totals: Map<number, number>, warnings: string[]): Promise<number> {
  if (!ctx.options.flowCacheDir) throw new Error('Flow export needs the workspace flow cache folder');
  const cache = openFlowCache(ctx.options.flowCacheDir);
  const flowable = clips.filter((c) => (totals.get(c.id) ?? 0) >= 2);
  if (flowable.length < clips.length) warnings.push(`${clips.length - flowable.length} clip(s) have fewer than two frames: no flow written for them`);
  const total = flowable.reduce((n, c) => n + totals.get(c.id)! - 1, 0);
  const live = new Map<number, number>();
  let done = 0;
  let last = 0;
  const report = (message: string, force = false): void => {
    if (!force && Date.now() - last < 200) return;
    last = Date.now();
    const running = [...live.values()].reduce((a, b) => a + b, 0);
    ctx.progress({ phase: 'flow', done: Math.min(total, done + running), total, message });
  };
  const pool = new WorkerPool({ size: ctx.options.threads });
  // Aborted on cancel or on the first failure, so no other clip keeps computing after we return.
  const local = new AbortController();
  const onAbort = (): void => local.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal.aborted) onAbort();
  try {
    await forEachLimited(flowable, pool.size, async (c) => {
      local.signal.throwIfAborted();
      const expected = totals.get(c.id)! - 1;
      live.set(c.id, 0);
      const pairs = await writeClipFlow(c, join(ctx.outDir, 'rawframes', dirs.get(c.id)!), {
        method, cache, pool, signal: local.signal, onProgress: (p) => { live.set(c.id, Math.min(p, expected)); report(c.name); },
      }).catch((err: unknown) => {
        local.abort(err);
        throw err;
      });
      if (pairs !== expected) warnings.push(`${c.name}: ${pairs} flow pair(s) for ${expected + 1} frames (expected ${expected})`);
      live.delete(c.id);
      done += pairs;
      report(c.name, true);
    });
  } catch (err) {
    throw ctx.signal.aborted ? ctx.signal.reason : err;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await pool.dispose();
  }
  return done;
}
