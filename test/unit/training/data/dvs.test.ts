import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../../../src-main/media/npy.js';
import '../../../../src-main/motion/dvs/index.js';
import { framesFromFile } from '../../../../src-main/motion/dvs/frames/index.js';
import { evenlySpaced } from '../../../../src-main/motion/flow/stacks.js';
import { prepareData } from '../../../../src-main/training/data/prepare.js';
import { parseRunConfig } from '../../../../src-main/training/run/config.js';
import { FIXTURES, VIDEO_FIXTURES } from '../../../helpers/fixtures.js';
import { closeWorkspaces, openWorkspace, type TestWorkspace } from './demoWorkspace.js';

const RECORDING = join(FIXTURES, 'events', 'dvxplorer_320x240.aedat4'); // 320x240, 0.59 s
let t: TestWorkspace;
let setId: number;
let eventsClip: number;
let trimmedClip: number;

/** The S000 stacks of the fixture as the DVS module makes them: uint8 240 x 320 x 3 each. */
async function referenceStacks(): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const f of framesFromFile(RECORDING, { window: { by: 'time', windowUs: 50_000 }, mode: 'stack3', options: { stackStride: 3 } })) {
    out.push(f.data as Uint8Array);
  }
  return out;
}

beforeAll(() => {
  t = openWorkspace();
  const ws = t.ws;
  const a = ws.classes.ensure('waving'), b = ws.classes.ensure('walking');
  const events = ws.media.upsert(RECORDING, 'events');
  eventsClip = ws.clips.upsert({ mediaId: events, name: 'dvx_whole', classId: a });
  trimmedClip = ws.clips.upsert({ mediaId: events, name: 'dvx_first', classId: a, start: 0, end: 0.3 });
  const video = ws.clips.upsert({ mediaId: ws.media.upsert(join(VIDEO_FIXTURES, 'pool_cleaning_1s.mp4')), name: 'pool', classId: b });
  setId = ws.splitSets.ensure({ name: 'dvs', strategy: 'manual' }).id;
  for (const id of [eventsClip, trimmedClip, video]) ws.splitSets.assign(setId, id, 'train');
});

afterAll(closeWorkspaces);

function prepare(size: number, stacks: number): ReturnType<typeof prepareData> {
  const config = parseRunConfig({ name: 'dvs', data: { splitSetId: setId }, inputs: [{ kind: 'dvs-stack3', size, windowMs: 50, stacks }], model: { family: 'resnet18' } });
  return prepareData(t.ws, config, { signal: new AbortController().signal, threads: 1 });
}

describe('dvs-stack3 input', () => {
  it('at sensor height: evenly spaced stacks, centre-cropped, 0-1, equal to the DVS module', async () => {
    const m = await prepare(240, 2);
    expect(m.inputs[0]).toMatchObject({ shape: [240, 240, 3], dtype: 'float32', flow: false, rgb: false });
    const ref = m.subsets.train.find((r) => r.clipId === eventsClip)!;
    expect(ref.views).toBe(2);
    const arr = readNpy(ref.files[0]!);
    expect(arr.shape).toEqual([2, 240, 240, 3]);
    const stacks = await referenceStacks();
    expect(stacks.length).toBeGreaterThanOrEqual(3);
    const picked = evenlySpaced(stacks.length, 2);
    const want = new Float32Array(2 * 240 * 240 * 3);
    picked.forEach((k, i) => {
      for (let y = 0; y < 240; y++) {
        for (let x = 0; x < 240; x++) {
          for (let c = 0; c < 3; c++) want[((i * 240 + y) * 240 + x) * 3 + c] = stacks[k]![(y * 320 + x + 40) * 3 + c]! / 255;
        }
      }
    });
    expect(arr.data).toEqual(want);
    expect(want.some((v) => v > 0)).toBe(true);
  });

  it('downsizes by area averaging, trims by the clip span, and skips a video clip with the reason', async () => {
    const m = await prepare(24, 1);
    const whole = readNpy(m.subsets.train.find((r) => r.clipId === eventsClip)!.files[0]!);
    const stacks = await referenceStacks();
    const mid = stacks[evenlySpaced(stacks.length, 1)[0]!]!;
    const data = whole.data as Float32Array;
    for (const [y, x] of [[0, 0], [12, 12], [5, 17], [23, 23]] as const) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < 10; dy++) for (let dx = 0; dx < 10; dx++) sum += mid[((y * 10 + dy) * 320 + 40 + x * 10 + dx) * 3 + c]!;
        expect(data[(y * 24 + x) * 3 + c]).toBeCloseTo(sum / 100 / 255, 5);
      }
    }
    const trimmed = readNpy(m.subsets.train.find((r) => r.clipId === trimmedClip)!.files[0]!);
    expect(trimmed.data).not.toEqual(whole.data); // the first 0.3 s give other stacks than the whole recording
    expect(m.skipped).toEqual([{ clipId: expect.any(Number), name: 'pool', error: expect.stringMatching(/pool_cleaning_1s\.mp4 is a video, not an event recording.*simulate events/) }]);
  });
});
