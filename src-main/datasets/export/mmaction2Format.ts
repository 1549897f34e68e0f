import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { commonFolder, listableClips, listPaths } from './listPaths.js';
import { forEachLimited, rawframeDirs, writeRawframes } from './rawframes.js';
import { registerExportFormat, type ExportContext } from './registry.js';
import { writeText } from './writeText.js';

const SUBSETS = ['train', 'val', 'test'] as const;

/**
 * `mmaction2`: per subset a video list `<subset>_list_videos.txt` (`<path> <label>`, 0-based labels,
 * paths relative to the root = `data_prefix`) and, with `rawframes`, JPEG frames under
 * `rawframes/<class>/<clip>/img_00001.jpg` plus `<subset>_list_rawframes.txt`
 * (`<frame_dir> <total_frames> <label>`, relative to `rawframes/`).
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
    if (ctx.options.rawframes) {
      counts.frames = await writeRawframeLists(ctx, clips, files, counts);
      // TODO(flow): write flow_x_/flow_y_ JPEGs beside img_ once the flow engine exposes cached flow per clip.
      warnings.push('Optical flow frames (flow_x_/flow_y_) are not written yet: no flow cache API exists');
    }
    return { format: 'mmaction2', split: ctx.data.split?.name ?? null, outDir: ctx.outDir, root, files, counts, warnings };
  },
});

/** Writes every clip's JPEG frames (one ffmpeg per core) and the rawframe lists; returns frames written. */
async function writeRawframeLists(ctx: ExportContext, clips: ReturnType<typeof listableClips>['clips'],
  files: string[], counts: Record<string, number>): Promise<number> {
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
  return [...totals.values()].reduce((a, b) => a + b, 0);
}
