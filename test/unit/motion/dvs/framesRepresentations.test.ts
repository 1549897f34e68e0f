import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BackgroundActivityFilter, eventFrames, getRepresentation, parseRepresentationOptions, representationIds, sliceWindows, writeFrames,
  type EventFrame, type EventWindow,
} from '../../../../src-main/motion/dvs/frames/index.js';
import { readNpy } from '../../../../src-main/media/npy.js';
import type { EventBatch } from '../../../../src-main/motion/dvs/types.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { eventsOf } from './synth.js';

afterAll(removeTempDirs);

const SIZE = { width: 4, height: 3 };
const win = (events: EventBatch, tStart = 0, tEnd = 100, index = 0): EventWindow => ({ index, tStart, tEnd, events });
const render = (id: string, w: EventWindow, opts: unknown = {}): EventFrame | null =>
  getRepresentation(id).create(parseRepresentationOptions(id, opts), SIZE).push(w);
/** Value at (c, y, x) of a C x H x W frame. */
const at = (f: EventFrame, c: number, y: number, x: number): number => f.data[(c * SIZE.height + y) * SIZE.width + x]!;

// t, x, y, p
const EV = eventsOf([[10, 0, 0, 1], [20, 0, 0, 0], [30, 1, 2, 1], [40, 1, 2, 1], [90, 3, 1, 0]]);

describe('event representations', () => {
  it('are registered by id', () => {
    expect(representationIds()).toEqual(['binary', 'count', 'timesurface', 'voxel', 'stack3']);
    expect(() => getRepresentation('histogram')).toThrow(/Unknown event representation "histogram": use one of binary/);
    expect(() => parseRepresentationOptions('voxel', { bins: 0 })).toThrow(/Invalid voxel options: bins/);
  });

  it('binary: 1 where any event (of the chosen polarity) fired, uint8 1 x H x W', () => {
    const f = render('binary', win(EV))!;
    expect([f.dtype, f.shape]).toEqual(['u1', [1, 3, 4]]);
    expect(Array.from(f.data)).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
    expect(Array.from(render('binary', win(EV), { polarity: 'off' })!.data)).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('count: events per polarity, float32 2 x H x W (channel 0 OFF, 1 ON)', () => {
    const f = render('count', win(EV))!;
    expect([f.dtype, f.shape]).toEqual(['f4', [2, 3, 4]]);
    expect([at(f, 0, 0, 0), at(f, 1, 0, 0), at(f, 1, 2, 1), at(f, 0, 1, 3), at(f, 1, 1, 3)]).toEqual([1, 1, 2, 1, 0]);
    expect(Array.from(f.data).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('time surface: exp(−(t_end − t_last)/τ) per polarity, 0 where nothing fired, memory across windows', () => {
    const r = getRepresentation('timesurface').create(parseRepresentationOptions('timesurface', { tauUs: 50 }), SIZE);
    const f = r.push(win(EV))!;
    expect(f.shape).toEqual([2, 3, 4]);
    expect(at(f, 1, 2, 1)).toBeCloseTo(Math.exp(-(100 - 40) / 50), 6);
    expect(at(f, 0, 0, 0)).toBeCloseTo(Math.exp(-80 / 50), 6);
    expect(at(f, 0, 1, 3)).toBeCloseTo(Math.exp(-10 / 50), 6);
    expect(at(f, 1, 1, 3)).toBe(0);
    const g = r.push(win(eventsOf([]), 100, 200, 1))!;
    expect(at(g, 0, 1, 3)).toBeCloseTo(Math.exp(-110 / 50), 6);
    const fresh = getRepresentation('timesurface').create(parseRepresentationOptions('timesurface', { tauUs: 50, memory: 'window' }), SIZE);
    fresh.push(win(EV));
    expect(fresh.push(win(eventsOf([]), 100, 200, 1))!.data.every((v) => v === 0)).toBe(true);
  });

  it('voxel grid: polarity ±1 spread bilinearly over B bins by t* = (B − 1)(t − t_first)/(t_last − t_first)', () => {
    const f = render('voxel', win(EV), { bins: 3 })!;
    expect([f.dtype, f.shape]).toEqual(['f4', [3, 3, 4]]);
    // t_first 10, t_last 90, t* = 2(t − 10)/80: t=10 -> 0, 20 -> 0.25, 30 -> 0.5, 40 -> 0.75, 90 -> 2
    expect([at(f, 0, 0, 0), at(f, 1, 0, 0), at(f, 2, 0, 0)].map((v) => +v.toFixed(6))).toEqual([1 - 0.75, -0.25, 0]);
    expect([at(f, 0, 2, 1), at(f, 1, 2, 1)].map((v) => +v.toFixed(6))).toEqual([0.5 + 0.25, 0.5 + 0.75]);
    expect([at(f, 0, 1, 3), at(f, 1, 1, 3), at(f, 2, 1, 3)]).toEqual([0, 0, -1]);
    const one = render('voxel', win(eventsOf([[5, 2, 2, 1]])), { bins: 2 })!;
    expect([at(one, 0, 2, 2), at(one, 1, 2, 2)]).toEqual([1, 0]);
  });

  it('stack3: three consecutive binary frames as the R, G, B channels (0/255) of one H x W x 3 image, every stackStride windows', async () => {
    const ev = eventsOf([[0, 0, 0, 1], [15, 1, 0, 0], [25, 2, 0, 1], [25, 0, 0, 1], [35, 3, 2, 1], [45, 0, 1, 0], [55, 1, 1, 1], [65, 2, 2, 1]]);
    const run = async (opts: unknown): Promise<EventFrame[]> => {
      const out: EventFrame[] = [];
      const source = (async function* () { yield ev; })();
      for await (const f of eventFrames(source, SIZE, { window: { by: 'time', windowUs: 10, keepIncomplete: true }, mode: 'stack3', options: opts })) out.push(f);
      return out;
    };
    const stacks = await run({});
    expect(stacks.map((s) => [s.index, s.tStart, s.tEnd])).toEqual([[0, 0, 30], [1, 30, 60]]);
    const s = stacks[0]!;
    expect([s.dtype, s.shape]).toEqual(['u1', [3, 4, 3]]);
    const px = (f: EventFrame, y: number, x: number): number[] => Array.from(f.data.slice((y * 4 + x) * 3, (y * 4 + x) * 3 + 3));
    expect([px(s, 0, 0), px(s, 0, 1), px(s, 0, 2), px(s, 1, 0)]).toEqual([[255, 0, 255], [0, 255, 0], [0, 0, 255], [0, 0, 0]]);
    expect(s.data.filter((v) => v !== 0 && v !== 255).length).toBe(0);
    const sliding = await run({ stackStride: 1, polarity: 'on' });
    expect(sliding.map((f) => f.tStart)).toEqual([0, 10, 20, 30, 40]);
    expect(px(sliding[0]!, 0, 1)).toEqual([0, 0, 0]); // the OFF event is left out
  });
});

describe('background-activity filter', () => {
  it('drops isolated events and keeps events with a 3x3 neighbour that fired within dt', () => {
    const f = new BackgroundActivityFilter(64, 64, 1000);
    const edge = eventsOf(Array.from({ length: 20 }, (_, i) => [i * 100, 10 + i, 30, 1] as [number, number, number, number])); // a moving edge
    const noise = eventsOf([[150, 50, 5, 0], [2000, 50, 5, 0], [250, 5, 50, 1], [6000, 40, 40, 1], [6500, 41, 41, 0], [9000, 10, 10, 1], [9500, 10, 10, 1]]);
    const merged = eventsOf([...Array.from({ length: edge.length }, (_, i) => [edge.t[i]!, edge.x[i]!, edge.y[i]!, edge.p[i]!]),
      ...Array.from({ length: noise.length }, (_, i) => [noise.t[i]!, noise.x[i]!, noise.y[i]!, noise.p[i]!])]
      .sort((a, b) => a[0]! - b[0]!) as [number, number, number, number][]);
    const out = f.filter(merged);
    const kept = Array.from({ length: out.length }, (_, i) => `${out.t[i]}:${out.x[i]},${out.y[i]}`);
    // every edge event but the first has its left neighbour 100 µs earlier; of the noise only the diagonal pair within 500 µs survives
    expect(kept).toEqual([...Array.from({ length: 19 }, (_, i) => `${(i + 1) * 100}:${11 + i},30`), '6500:41,41'].sort((a, b) => parseInt(a) - parseInt(b)));
    expect([f.seen, f.kept]).toEqual([27, 20]);
  });

  it('keeps its state across batches', () => {
    const f = new BackgroundActivityFilter(8, 8, 50);
    expect(f.filter(eventsOf([[0, 3, 3, 1]])).length).toBe(0);
    expect(f.filter(eventsOf([[40, 4, 4, 1]])).length).toBe(1);
    expect(f.filter(eventsOf([[200, 4, 3, 1]])).length).toBe(0);
  });
});

describe('writeFrames', () => {
  it('streams frames into one N x shape .npy with frames.json, and an empty stream into a 0 x shape one', async () => {
    const dir = tempDir('mwb-frames-');
    const windows = await sliceWindows(EV, { by: 'time', windowUs: 30 });
    const r = getRepresentation('voxel').create({ bins: 2 }, SIZE);
    const frames = (async function* () { for (const w of windows) yield r.push(w)!; })();
    const res = await writeFrames(frames, join(dir, 'a'), { format: 'npy', meta: { mode: 'voxel' } });
    expect(res).toMatchObject({ frames: 2, dtype: 'f4', shape: [2, 3, 4], files: 'frames.npy' });
    const arr = readNpy(join(dir, 'a', 'frames.npy'));
    expect([arr.dtype, arr.shape]).toEqual(['f4', [2, 2, 3, 4]]);
    const none = await writeFrames((async function* () { /* nothing */ })(), join(dir, 'b'), { format: 'npy', empty: () => ({ dtype: 'u1', shape: [1, 3, 4] }) });
    expect(none.frames).toBe(0);
    expect(readNpy(join(dir, 'b', 'frames.npy')).shape).toEqual([0, 1, 3, 4]);
  });
});
