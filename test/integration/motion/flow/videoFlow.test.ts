import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../../src-main/jobs/workerPool.js';
import { decodeFrames } from '../../../../src-main/media/decode.js';
import { readNpy } from '../../../../src-main/media/npy.js';
import { createFarneback } from '../../../../src-main/motion/flow/farneback.js';
import { flowConfigSchema } from '../../../../src-main/motion/flow/params.js';
import { encodePng } from '../../../../src-main/motion/flow/png.js';
import { computeVideoFlow } from '../../../../src-main/motion/flow/videoFlow.js';
import { flowLegend, flowToRgb } from '../../../../src-main/motion/flow/visualise.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { VIDEO_FIXTURES } from '../../../helpers/fixtures.js';
import { decodeRaw, ffmpegChildren } from '../../media/mediaTestUtils.js';

const VIDEO = join(VIDEO_FIXTURES, 'pool_cleaning_1s.mp4');
const W = 40, H = 32;
const farneback = flowConfigSchema.parse({ method: 'farneback' });
let pool: WorkerPool;

beforeAll(() => { pool = new WorkerPool({ size: 2 }); });
afterAll(async () => { await pool.dispose(); removeTempDirs(); });
afterEach(() => expect(ffmpegChildren()).toEqual([]));

describe('computeVideoFlow', () => {
  it('splits a video into chunks over the pool yet writes exactly the sequential flow, in order', async () => {
    const out = join(tempDir(), 'f.npy');
    const progress: number[] = [];
    const r = await computeVideoFlow({ path: VIDEO, width: W, height: H, config: farneback, storage: { dtype: 'f4' }, outPath: out, pool, chunkPairs: 4, onProgress: (n) => progress.push(n) });
    expect(r).toEqual({ pairs: 31, shape: [31, H, W, 2] });
    expect(progress.at(-1)).toBe(31);
    const got = readNpy(out).data as Float32Array;
    const est = await createFarneback(W, H);
    let prev: Uint8Array | null = null, i = 0;
    for await (const f of decodeFrames(VIDEO, { width: W, height: H, pixFmt: 'gray' })) {
      if (prev) {
        const want = est.compute(prev, f);
        expect(got.subarray(i * want.length, (i + 1) * want.length)).toEqual(want);
        i++;
      }
      prev = f;
    }
    est.dispose();
    expect(i).toBe(31);
  });

  it('refuses a single image (nothing to compute flow from) and leaves no file', async () => {
    const dir = tempDir();
    const png = join(dir, 'still.png');
    writeFileSync(png, encodePng(flowLegend(32), 32, 32));
    await expect(computeVideoFlow({ path: png, width: 32, height: 32, config: farneback, storage: { dtype: 'f4' }, outPath: join(dir, 'x.npy'), pool }))
      .rejects.toThrow(/still\.png has fewer than two frames/);
    expect(readdirSync(dir)).toEqual(['still.png']);
  });

  it('stops when aborted, rejecting with the reason and removing its temp file', async () => {
    const dir = tempDir();
    const abort = new AbortController();
    const run = computeVideoFlow({
      path: join(VIDEO_FIXTURES, 'pool_cleaning_340x256.mp4'), width: 64, height: 64, config: flowConfigSchema.parse({ method: 'tvl1' }),
      storage: { dtype: 'f2' }, outPath: join(dir, 'x.npy'), pool, signal: abort.signal,
      onProgress: (n) => { if (n >= 1) abort.abort(new Error('stop here')); },
    });
    await expect(run).rejects.toThrow('stop here');
    expect(readdirSync(dir)).toEqual([]);
    expect(pool.stats().busy).toBe(0);
  });
});

describe('flow pictures', () => {
  it('a colour-coded flow PNG decodes with ffmpeg to the same pixels', () => {
    const flow = Float32Array.from({ length: 24 * 16 * 2 }, (_, i) => Math.sin(i * 0.37) * 3);
    const rgb = flowToRgb(flow, 24, 16);
    const file = join(tempDir(), 'flow.png');
    writeFileSync(file, encodePng(rgb, 24, 16));
    expect(decodeRaw(file)).toEqual(rgb);
  });
});
