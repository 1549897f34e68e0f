import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { requireBinary } from '../../../../src-main/media/ffmpegPaths.js';
import { probeMedia } from '../../../../src-main/media/probe.js';
import type { SplitSubset } from '../../../../src-main/ipc/contract.js';
import { Workspace } from '../../../../src-main/workspace/workspace.js';
import { tempDir } from '../../../helpers/coreFixtures.js';
import { VIDEO_FIXTURES } from '../../../helpers/fixtures.js';

function ffmpeg(args: string[]): void {
  const r = spawnSync(requireBinary('ffmpeg'), ['-v', 'error', '-y', ...args]);
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${r.stderr?.toString()}`);
}

/** Short names of the fixture's clips. */
export type LeakClipName = 'long1' | 'long2' | 'testsrc' | 'mandel' | 'life' | 'cells' | 'bars' | 'eye' | 'eyeCopy';

/** A workspace of real tiny videos with every kind of leak ready to plant. */
export interface LeakFixture {
  ws: Workspace;
  dir: string;
  ids: Record<LeakClipName, number>;
  /** Writes an importer-style split set with these subsets (clips not named are not assigned). */
  split(name: string, subsets: Partial<Record<LeakClipName, SplitSubset>>): number;
}

/**
 * Videos made with ffmpeg: `long` (the 10 s pool-cleaning fixture) cut into two clips 0-2 s and
 * 6-8 s; `testsrc` and `mandel` (lavfi sources) of one actor group `actor1`; `life`, `cells`, `bars`;
 * `eye` (2 s of the ApplyEyeMakeup fixture at 160x120, crf 20) and `eyeCopy`, the same video
 * re-encoded smaller (96x72) at lower quality (crf 32) under another name: a duplicate only
 * content can reveal.
 */
export async function makeLeakWorkspace(): Promise<LeakFixture> {
  const dir = tempDir('mwb-leak-');
  const v = (name: string): string => join(dir, 'videos', name);
  spawnSync('mkdir', ['-p', join(dir, 'videos')]);
  const lavfi = (file: string, src: string): void => ffmpeg(['-f', 'lavfi', '-i', src, '-t', '1.2', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-crf', '23', v(file)]);
  lavfi('testsrc.mp4', 'testsrc=size=96x72:rate=25');
  lavfi('mandel.mp4', 'mandelbrot=size=96x72:rate=25');
  lavfi('life.mp4', 'life=size=96x72:rate=25:seed=7:ratio=0.3:mold=10');
  lavfi('cells.mp4', 'cellauto=size=96x72:rate=25:rule=110:seed=3');
  lavfi('bars.mp4', 'smptehdbars=size=96x72:rate=25');
  ffmpeg(['-i', join(VIDEO_FIXTURES, 'apply_eye_makeup_320x240_mpeg4.avi'), '-t', '2', '-vf', 'scale=160:120', '-c:v', 'libx264', '-crf', '20', v('eye.mp4')]);
  ffmpeg(['-i', v('eye.mp4'), '-vf', 'scale=96:72', '-c:v', 'libx264', '-crf', '32', v('holiday_clip_0042.mp4')]);
  const ws = Workspace.open(join(dir, 'ws'));
  const files: Record<string, string> = {
    long: join(VIDEO_FIXTURES, 'pool_cleaning_340x256.mp4'), testsrc: v('testsrc.mp4'), mandel: v('mandel.mp4'), life: v('life.mp4'),
    cells: v('cells.mp4'), bars: v('bars.mp4'), eye: v('eye.mp4'), eyeCopy: v('holiday_clip_0042.mp4'),
  };
  const media: Record<string, number> = {};
  for (const [k, path] of Object.entries(files)) {
    media[k] = ws.media.upsert(path);
    ws.media.setProbe(media[k]!, await probeMedia(path));
  }
  const a = ws.classes.ensure('actionA');
  const b = ws.classes.ensure('actionB');
  const clip = (m: string, name: string, extra: { start?: number; end?: number; group?: string } = {}, classId = a): number =>
    ws.clips.upsert({ mediaId: media[m]!, name, classId, ...extra });
  const ids: Record<LeakClipName, number> = {
    long1: clip('long', 'pool_a', { start: 0, end: 2 }),
    long2: clip('long', 'pool_b', { start: 6, end: 8 }),
    testsrc: clip('testsrc', 'testsrc', { group: 'actor1' }, b),
    mandel: clip('mandel', 'mandel', { group: 'actor1' }, b),
    life: clip('life', 'life', {}, b),
    cells: clip('cells', 'cells'),
    bars: clip('bars', 'bars', {}, b),
    eye: clip('eye', 'eye'),
    eyeCopy: clip('eyeCopy', 'holiday_clip_0042'),
  };
  return {
    ws, dir, ids,
    split(name, subsets) {
      const set = ws.splitSets.ensure({ name, strategy: 'official', params: { dataset: 'test' } });
      for (const [k, subset] of Object.entries(subsets)) ws.splitSets.assign(set.id, ids[k as LeakClipName], subset!);
      return set.id;
    },
  };
}
