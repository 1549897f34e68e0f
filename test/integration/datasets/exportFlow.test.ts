import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jpegSize } from '../../../src-main/datasets/export/rawflow.js';
import { runExport } from '../../../src-main/datasets/export/runExport.js';
import { requireBinary } from '../../../src-main/media/ffmpegPaths.js';
import { probeMedia } from '../../../src-main/media/probe.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import { runMwb } from '../../helpers/cli.js';
import { removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';

let ws: Workspace | null = null;
afterEach(() => {
  ws?.close();
  ws = null;
  removeTempDirs();
});

/**
 * A workspace with one 12-frame clip of a static sine texture scrolling right by 4 px per frame (128x64, so
 * 3 px per frame once exported at short side 48), class move_right, in the train subset of split1.
 */
async function movingWorkspace(): Promise<{ ws: Workspace; video: string }> {
  const base = tempDir('mwb-flow-export-');
  const video = join(base, 'media', 'move_right', 'scroll.mp4');
  mkdirSync(join(video, '..'), { recursive: true });
  const r = spawnSync(requireBinary('ffmpeg'), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i',
    "nullsrc=s=320x64:r=10:d=1.2,format=gray,geq=lum='128+80*sin(X/6)*sin(Y/5)+40*sin(X/2.7+Y/3.1)'",
    '-vf', "crop=128:64:x='160-4*n':y=0", '-c:v', 'libx264', '-crf', '12', '-g', '1', '-pix_fmt', 'yuv420p', video], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const w = Workspace.open(join(base, 'ws'));
  const cls = w.classes.ensure('move_right');
  const media = w.media.upsert(video);
  w.media.setProbe(media, await probeMedia(video));
  const clip = w.clips.upsert({ mediaId: media, name: 'scroll.mp4', classId: cls });
  w.splitSets.assign(w.splitSets.ensure({ name: 'split1', strategy: 'official' }).id, clip, 'train', 1);
  return { ws: w, video };
}

/** Grey values of a JPEG (ffmpeg decode). */
function grey(path: string): Uint8Array {
  const r = spawnSync(requireBinary('ffmpeg'), ['-hide_banner', '-loglevel', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
  return new Uint8Array(r.stdout);
}
const mean = (a: Uint8Array): number => a.reduce((s, v) => s + v, 0) / a.length;
const flowFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('flow_')).sort();

describe('mmaction2 rawframes with optical flow', () => {
  it('writes flow_x_/flow_y_ JPEGs per frame pair, rightward motion above 128, cached for the next export (API and CLI)', async () => {
    const fx = await movingWorkspace();
    ws = fx.ws;
    const out = tempDir();
    const spec = { format: 'mmaction2', split: 'split1', out, rawframes: true, shortSide: 48, threads: 2, flow: 'farneback' as const };

    // Cancelling during the flow phase leaves no flow files and no cache entry.
    const abort = new AbortController();
    await expect(runExport(ws, spec, { signal: abort.signal, progress: (p) => { if (p.phase === 'flow') abort.abort(new Error('stop')); } })).rejects.toThrow('stop');
    const dir = join(out, 'rawframes', 'move_right', 'scroll');
    expect(flowFiles(dir)).toEqual([]);
    const cacheDir = join(ws.path, 'cache', 'flow');
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toEqual([]);

    const phases: string[] = [];
    const r = await runExport(ws, spec, { progress: (p) => { phases.push(`${p.phase} ${p.done}/${p.total}`); } });
    expect(readFileSync(join(out, 'train_list_rawframes.txt'), 'utf8')).toBe('move_right/scroll 12 0\n'); // total_frames = img count
    const imgs = readdirSync(dir).filter((f) => f.startsWith('img_'));
    expect(imgs).toHaveLength(12);
    expect(jpegSize(join(dir, 'img_00001.jpg'))).toEqual({ width: 96, height: 48 });
    const names = flowFiles(dir);
    expect(names).toHaveLength(2 * 11);
    expect(names[0]).toBe('flow_x_00001.jpg');
    expect(names.at(-1)).toBe('flow_y_00011.jpg');
    expect(jpegSize(join(dir, 'flow_x_00011.jpg'))).toEqual({ width: 96, height: 48 });
    expect(phases.at(-1)).toBe('flow 11/11');
    expect(r.counts.flowPairs).toBe(11);
    expect(r.warnings).toEqual([]);

    // 3 px/frame rightward everywhere: 128 + 127.5 * 3 / 20 ~ 147; no vertical motion: 128.
    for (let i = 1; i <= 11; i++) {
      const x = grey(join(dir, `flow_x_${String(i).padStart(5, '0')}.jpg`));
      const y = grey(join(dir, `flow_y_${String(i).padStart(5, '0')}.jpg`));
      expect(x).toHaveLength(96 * 48);
      expect(mean(x)).toBeGreaterThan(143);
      expect(mean(x)).toBeLessThan(151);
      expect(Math.abs(mean(y) - 128)).toBeLessThan(2);
    }
    const summary = JSON.parse(readFileSync(join(out, 'export.json'), 'utf8')) as { flow: { method: string; bound: number; pairs: number } };
    expect(summary.flow).toMatchObject({ method: 'farneback', bound: 20, pairs: 11 });

    // A second export elsewhere (through the CLI) reuses the cached flow: same cache file, same pixels.
    const npy = readdirSync(cacheDir).filter((f) => f.endsWith('.npy'));
    expect(npy).toHaveLength(1);
    const mtime = statSync(join(cacheDir, npy[0]!)).mtimeMs;
    const wsPath = ws.path;
    ws.close();
    ws = null;
    const out2 = tempDir();
    const cli = runMwb(['export', 'mmaction2', '--split', 'split1', '--out', out2, '--workspace', wsPath, '--rawframes', '--short-side', '48',
      '--flow', 'farneback', '--threads', '2'], tempDir());
    expect(cli.stderr).not.toContain('warning');
    expect(cli.stderr).toContain('flow 11/11');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('Flow: 11 flow_x_/flow_y_ pair(s) by farneback, bound 20 px');
    const dir2 = join(out2, 'rawframes', 'move_right', 'scroll');
    expect(flowFiles(dir2)).toEqual(names);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.npy'))).toEqual(npy);
    expect(statSync(join(cacheDir, npy[0]!)).mtimeMs).toBe(mtime);
    expect(grey(join(dir2, 'flow_x_00006.jpg'))).toEqual(grey(join(dir, 'flow_x_00006.jpg')));

    const bad = runMwb(['export', 'mmaction2', '--split', 'split1', '--out', out2, '--workspace', wsPath, '--flow', 'tvl1'], tempDir());
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Flow frames (tvl1) are written beside mmaction2 rawframes');
    expect(existsSync(join(dir2, '.mwb-flow'))).toBe(true);
  }, 60_000);
});
