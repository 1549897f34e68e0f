import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../../../src-main/jobs/kinds.js';
import type { JobInfo } from '../../../../src-main/ipc/contract.js';
import { JobRunner } from '../../../../src-main/jobs/runner.js';
import { readNpy } from '../../../../src-main/media/npy.js';
import type { SimulateResult } from '../../../../src-main/motion/dvs/simulator/index.js';
import { Workspace } from '../../../../src-main/workspace/workspace.js';
import { removeTempDirs, tempDir, waitUntil } from '../../../helpers/coreFixtures.js';
import { REPO_ROOT, VIDEO_FIXTURES } from '../../../helpers/fixtures.js';
import { ffmpegChildren } from '../../media/mediaTestUtils.js';

const run = promisify(execFile);
const mwb = (...args: string[]) => run(process.execPath, [join(REPO_ROOT, 'bin/mwb.js'), ...args], { cwd: REPO_ROOT });
const CLIP = join(VIDEO_FIXTURES, 'pool_cleaning_1s.mp4');

afterAll(removeTempDirs);

describe('mwb events simulate / frames', () => {
  it('simulates a video at a small size (deterministic for a seed), reads it back with info, and makes S000 stacks', async () => {
    const dir = tempDir('mwb-sim-');
    const a4 = join(dir, 'pool.aedat4'), again = join(dir, 'again.aedat4'), npy = join(dir, 'pool.npy');
    const [first, , idealRun] = await Promise.all([
      mwb('events', 'simulate', CLIP, a4, '--size', '64x48', '--model', 'v2e', '--threshold', '0.2', '--seed', '5', '--json'),
      mwb('events', 'simulate', CLIP, again, '--size', '64x48', '--seed', '5'),
      mwb('events', 'simulate', CLIP, npy, '--size', '64x48', '--model', 'ideal', '--json'),
    ]);
    const sim = JSON.parse(first.stdout) as SimulateResult;
    expect(sim).toMatchObject({ width: 64, height: 48, fps: 30, frames: 32, params: { model: 'v2e', seed: 5, thresholdOn: 0.2, thresholdOff: 0.2 } });
    expect(sim.events).toBeGreaterThan(1000);
    expect(readFileSync(again).equals(readFileSync(a4))).toBe(true);
    const ideal = JSON.parse(idealRun.stdout) as SimulateResult;
    const arr = readNpy(npy);
    expect([arr.dtype, arr.shape]).toEqual(['i8', [ideal.events, 4]]);

    const out = join(dir, 'stacks');
    const [infoRun, stackRun, voxRun] = await Promise.all([
      mwb('events', 'info', a4, '--json'),
      mwb('events', 'frames', a4, out, '--mode', 'stack3', '--window-us', '10000'),
      mwb('events', 'frames', a4, join(dir, 'vox'), '--mode', 'voxel', '--bins', '4', '--count', '5000', '--denoise-us', '5000', '--json'),
    ]);
    const info = JSON.parse(infoRun.stdout) as Record<string, number>;
    expect(info).toMatchObject({ format: 'aedat4', width: 64, height: 48, events: sim.events, on: sim.on, off: sim.off, dropped: {} });
    expect(info.tFirst).toBeGreaterThan(0);
    expect(info.tLast).toBeLessThanOrEqual(Math.round(31e6 / 30));

    expect(stackRun.stdout).toMatch(/Wrote (\d+) stack3 frames \(u1 48 x 64 x 3\)/);
    const meta = JSON.parse(readFileSync(join(out, 'frames.json'), 'utf8')) as { count: number; windowsUs: number[][]; shape: number[] };
    const pngs = readdirSync(out).filter((f) => f.endsWith('.png'));
    expect(meta.count).toBe(Math.floor((Math.floor((info.tLast! - info.tFirst!) / 10_000)) / 3)); // complete windows, 3 per stack
    expect(pngs.length).toBe(meta.count);
    expect(meta.windowsUs[1]![0]! - meta.windowsUs[0]![0]!).toBe(30_000);
    const probe = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height,pix_fmt', '-of', 'csv=p=0', join(out, pngs[0]!)]);
    expect(probe.stdout.trim()).toBe('64,48,rgb24');

    const vox = JSON.parse(voxRun.stdout) as { frames: number; denoise: { seen: number; kept: number } };
    expect(vox.denoise.seen).toBe(sim.events);
    expect(vox.denoise.kept).toBeGreaterThan(0);
    expect(vox.denoise.kept).toBeLessThan(sim.events);
    expect(readNpy(join(dir, 'vox', 'frames.npy')).shape).toEqual([vox.frames, 4, 48, 64]);
  });

  it('says what is wrong with bad options', async () => {
    const dir = tempDir('mwb-sim-');
    const fail = (...args: string[]) => mwb(...args).then(() => '', (e: { stderr: string }) => e.stderr);
    const [sigma, ext, png] = await Promise.all([
      fail('events', 'simulate', CLIP, join(dir, 'x.aedat4'), '--model', 'ideal', '--sigma', '0.1'),
      fail('events', 'simulate', CLIP, join(dir, 'x.txt')),
      fail('events', 'frames', CLIP, dir, '--mode', 'count', '--out-format', 'png'),
    ]);
    expect(sigma).toMatch(/Invalid ideal options: Unrecognized key: "sigma"/);
    expect(ext).toMatch(/use one of \.aedat4, \.npy/);
    expect(png).toMatch(/makes float32 frames: use --out-format npy/);
    expect(existsSync(join(dir, 'x.aedat4'))).toBe(false);
  });
});

describe('events.simulate job', () => {
  let ws: Workspace;
  let runner: JobRunner;
  let seen: JobInfo[];
  beforeEach(() => {
    ws = Workspace.open(join(tempDir('mwb-simjob-'), 'ws'));
    seen = [];
    runner = new JobRunner(ws, { jobChanged: (j) => seen.push(j), clipsChanged: () => undefined });
  });
  afterEach(async () => {
    await runner.dispose();
    ws.close();
    expect(ffmpegChildren()).toEqual([]);
  });

  it('runs in a worker with frame progress and writes the event file', async () => {
    const out = join(tempDir('mwb-simjob-'), 'sub', 'clip.npy');
    const id = runner.enqueue('events.simulate', { video: CLIP, out, params: { model: 'ideal', thresholdOn: 0.3 }, width: 48, height: 36 });
    expect(await runner.wait(id)).toMatchObject({ state: 'done', title: expect.stringMatching(/^Simulate events \(ideal\) from .*pool_cleaning_1s\.mp4/) });
    const r = JSON.parse(ws.jobs.get(id)!.result!) as SimulateResult;
    expect(r).toMatchObject({ frames: 32, width: 48, height: 36, params: { thresholdOn: 0.3 } });
    expect(readNpy(out).shape).toEqual([r.events, 4]);
    expect(seen.filter((j) => j.id === id).map((j) => j.progress).at(-1)).toMatchObject({ phase: 'simulate', total: 32 });
    expect(() => runner.enqueue('events.simulate', { video: CLIP, out: join(tempDir('mwb-simjob-'), 'x.aedat4'), params: { model: 'v2e', sigma: -1 } })).toThrow(/Invalid events.simulate job: params: Invalid v2e options: sigma/);
  });

  it('cancels mid-video: no output, no partial file, no ffmpeg left', async () => {
    const dir = tempDir('mwb-simjob-');
    const out = join(dir, 'long.aedat4');
    const id = runner.enqueue('events.simulate', { video: join(VIDEO_FIXTURES, 'pool_cleaning_340x256.mp4'), out, params: { model: 'v2e', upsample: 4 } });
    await waitUntil(() => (runner.info(id).progress.done ?? 0) >= 10, 'ten frames', 30_000);
    runner.cancel(id);
    expect(await runner.wait(id)).toMatchObject({ state: 'cancelled' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
