import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../../src-main/jobs/kinds.js';
import type { ClipSummary } from '../../../src-main/ipc/contract.js';
import { clipsHandlers } from '../../../src-main/ipc/handlers/clipsHandlers.js';
import { labelHandlers } from '../../../src-main/ipc/handlers/labelHandlers.js';
import type { HandlerContext } from '../../../src-main/ipc/handlers/types.js';
import { makeScrubStrip } from '../../../src-main/media/scrubStrip.js';
import { resolveFileKey } from '../../../src-main/workspace/files.js';
import { Workbench } from '../../../src-main/workspace/workbench.js';
import { cleanTempDirs, decodeRaw, ffmpegChildren, ffmpegSync, jpegSize, tempDir } from './mediaTestUtils.js';

// A 10 s video at 10 fps that is black, then white from 3 s to 6 s, then black: a tile's
// brightness says which part of the video it was cut from.
let workbench: Workbench;
let ctx: HandlerContext;
let video: string;

beforeEach(async () => {
  const dir = tempDir('mwb-scrub-');
  workbench = new Workbench(join(dir, 'appdata'));
  await workbench.open(join(dir, 'ws'));
  ctx = { workbench, host: { mode: 'browser', modeReason: null } };
  video = join(dir, 'bwb.mp4');
  const part = (color: string, d: number): string[] => ['-f', 'lavfi', '-i', `color=${color}:size=64x48:rate=10:duration=${d}`];
  ffmpegSync([...part('black', 3), ...part('white', 3), ...part('black', 4),
    '-filter_complex', '[0:v][1:v][2:v]concat=n=3:v=1:a=0', '-pix_fmt', 'yuv420p', '-g', '10', video]);
});

afterEach(async () => {
  await workbench.dispose();
  cleanTempDirs();
  expect(ffmpegChildren()).toEqual([]);
});

/** Mean grey level of each tile of a strip (tiles side by side). */
function tileMeans(strip: string, tiles = 10): number[] {
  const { width, height } = jpegSize(readFileSync(strip));
  const px = decodeRaw(strip, 'gray');
  const tileW = width / tiles;
  return Array.from({ length: tiles }, (_, t) => {
    let sum = 0;
    for (let y = 0; y < height; y++) for (let x = t * tileW; x < (t + 1) * tileW; x++) sum += px[y * width + x]!;
    return sum / (tileW * height);
  });
}

const list = async (): Promise<ClipSummary[]> => (await clipsHandlers['clips:list']({ offset: 0, limit: 100 }, ctx)).items;

describe('hover-scrub strips of trimmed clips', () => {
  it('scrubs each clip over frames from inside its span only, and follows a changed trim', async () => {
    const ws = workbench.workspace;
    const mediaId = ws.media.upsert(video);
    const whole = ws.clips.upsert({ mediaId, name: 'whole' });
    const long = ws.clips.upsert({ mediaId, name: 'long', start: 0, end: 6.8 });
    const short = ws.clips.upsert({ mediaId, name: 'short', start: 3.2, end: 5.8 });
    await workbench.jobs.wait(workbench.jobs.enqueue('media.probe', {}));
    await workbench.jobs.idle();

    // One strip of the media and one of the short trim: the long trim reuses the media's strip.
    const dir = ws.cache('scrub');
    expect(readdirSync(dir).sort()).toEqual([`${mediaId}.jpg`, `${mediaId}_3200-5800.jpg`]);
    const media = tileMeans(join(dir, `${mediaId}.jpg`));
    expect(media.map((m) => m > 128)).toEqual([false, false, false, true, true, true, false, false, false, false]);
    // Every tile of the short trim comes from 3.2-5.8 s, all inside the white part.
    const own = tileMeans(join(dir, `${mediaId}_3200-5800.jpg`));
    expect(own.every((m) => m > 200)).toBe(true);

    const byId = new Map((await list()).map((c) => [c.id, c]));
    expect(byId.get(whole)).toMatchObject({ scrubKey: `scrub/${mediaId}`, scrubTiles: null });
    // Tiles 0..6 show 0.5 s .. 6.5 s, inside 0-6.8 s; tile 7 (7.5 s) is outside and is never shown.
    expect(byId.get(long)).toMatchObject({ scrubKey: `scrub/${mediaId}`, scrubTiles: [0, 6] });
    expect(byId.get(short)).toMatchObject({ scrubKey: `scrub/${mediaId}_3200-5800`, scrubTiles: null });
    expect(resolveFileKey(ws, `scrub/${mediaId}_3200-5800`)?.path).toBe(join(dir, `${mediaId}_3200-5800.jpg`));
    expect(resolveFileKey(ws, `thumb/${mediaId}_3200-5800`)).toBeNull();

    // Moving the short trim into the black tail: until the next scrub run it scrubs over the media
    // strip's tiles inside 7-9 s (at 7.5 and 8.5 s); that run makes its new strip and drops the old one.
    await labelHandlers['clips:setSpan']({ id: short, start: 7, end: 9 }, ctx);
    expect(workbench.jobs.list().filter((j) => j.state === 'queued' || j.state === 'running')).toEqual([]); // trims queue no job
    const after = (await list()).find((c) => c.id === short)!;
    expect(after).toMatchObject({ scrubKey: `scrub/${mediaId}`, scrubTiles: [7, 8] });
    await workbench.jobs.wait(workbench.jobs.enqueue('media.scrub', { mediaIds: [mediaId] }));
    expect(readdirSync(dir).sort()).toEqual([`${mediaId}.jpg`, `${mediaId}_7000-9000.jpg`]);
    expect(tileMeans(join(dir, `${mediaId}_7000-9000.jpg`)).every((m) => m < 50)).toBe(true);
    expect((await list()).find((c) => c.id === short)!.scrubKey).toBe(`scrub/${mediaId}_7000-9000`);
    expect(existsSync(join(dir, `${mediaId}_3200-5800.jpg`))).toBe(false);
  });

  it('cuts a span strip by seeking when the frame count is unknown (long videos)', async () => {
    const out = join(tempDir('mwb-scrub-seek-'), 'span.jpg');
    await makeScrubStrip(video, out, { duration: 10, frameCount: null, span: { start: 3.2, end: 5.8 } });
    expect(tileMeans(out).every((m) => m > 200)).toBe(true);
  });
});
