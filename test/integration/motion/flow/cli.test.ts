import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../../../../src-main/media/decode.js';
import { readNpy } from '../../../../src-main/media/npy.js';
import { farneback } from '../../../../src-main/motion/flow/farneback.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { REPO_ROOT, VIDEO_FIXTURES } from '../../../helpers/fixtures.js';

const run = promisify(execFile);
const mwb = (...args: string[]) => run(process.execPath, [join(REPO_ROOT, 'bin/mwb.js'), ...args], { cwd: REPO_ROOT });
const VIDEO = join(VIDEO_FIXTURES, 'pool_cleaning_1s.mp4'); // 32 frames

afterAll(removeTempDirs);

describe('mwb flow', () => {
  it('writes float32 (N-1) x H x W x 2 Farneback flow of every frame pair, the same as the library computes', async () => {
    const out = join(tempDir(), 'pool.npy');
    const { stdout } = await mwb('flow', VIDEO, '--method', 'farneback', '--out', out, '--size', '64', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ out, method: 'farneback', shape: [31, 64, 64, 2], dtype: 'f4', params: { winsize: 5, levels: 3 } });
    const arr = readNpy(out);
    expect(arr.dtype).toBe('f4');
    expect(arr.shape).toEqual([31, 64, 64, 2]);
    const flow = arr.data as Float32Array;
    expect(flow.every(Number.isFinite)).toBe(true);
    const meanMotion = flow.reduce((s, v) => s + Math.abs(v), 0) / flow.length;
    expect(meanMotion).toBeGreaterThan(0.05); // a person moves in this clip

    const frames: Uint8Array[] = [];
    for await (const f of decodeFrames(VIDEO, { width: 64, height: 64, pixFmt: 'gray' })) if (frames.push(f) >= 12) break;
    const pair10 = await farneback(frames[10]!, frames[11]!, 64, 64);
    expect(flow.subarray(10 * pair10.length, 11 * pair10.length)).toEqual(pair10); // chunk boundaries keep order
  });

  it('runs TV-L1 with parameters at a WxH size into uint8 with a bound', async () => {
    const out = join(tempDir(), 'tv.npy');
    const { stdout } = await mwb('flow', VIDEO, '--method', 'tvl1', '--out', out, '--size', '40x32', '--dtype', 'u1', '--bound', '10', '--params', '{"warps":2,"scales":2}', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ shape: [31, 32, 40, 2], dtype: 'u1', params: { warps: 2, scales: 2, lambda: 0.15 } });
    expect(readNpy(out)).toMatchObject({ dtype: 'u1', shape: [31, 32, 40, 2] });
  });

  it('says what is wrong with a missing video or bad parameters, exit code 1, no output file', async () => {
    const dir = tempDir();
    const missing = await mwb('flow', join(dir, 'nope.mp4'), '--out', join(dir, 'x.npy')).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 1 });
    expect((missing as { stderr: string }).stderr).toMatch(/mwb: Cannot decode .*nope\.mp4/);
    const bad = await mwb('flow', VIDEO, '--out', join(dir, 'x.npy'), '--params', '{"winsize":1}').catch((e: { code: number; stderr: string }) => e);
    expect((bad as { stderr: string }).stderr).toMatch(/Invalid --method\/--params: params\.winsize/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
