/**
 * Video-to-events simulator speed (source frames per second, ideal and v2e with v2e's default
 * noise) at the two common DVS sizes, 240x180 (DAVIS240) and 346x260 (DAVIS346), on the grey
 * frames of the 10 s pool-cleaning clip (decoded once up front, so ffmpeg is not timed), plus the
 * end-to-end `simulate()` (decode + model + AEDAT 4.0 writer) and frames-from-events throughput
 * (each representation, 33.3 ms windows, and the denoise filter) on the v2e events. Best of 3
 * runs. Run: `node --import tsx bench/dvsSim.ts [--quick]`; writes bench/results/dvsSim.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeFrames } from '../src-main/media/decode.js';
import { BackgroundActivityFilter, eventFrames, representationIds } from '../src-main/motion/dvs/frames/index.js';
import { concatBatches, simulate, simulateFrames } from '../src-main/motion/dvs/simulator/index.js';
import type { EventBatch } from '../src-main/motion/dvs/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VIDEO = join(ROOT, '../shared/fixtures/video/pool_cleaning_340x256.mp4');
const QUICK = process.argv.includes('--quick');
const FRAMES = QUICK ? 60 : 300;
const ROUNDS = QUICK ? 1 : 3;
const SIZES = [{ width: 240, height: 180 }, { width: 346, height: 260 }];
const MODELS: Record<string, unknown>[] = [{ model: 'ideal' }, { model: 'v2e' }];

async function decodeAll(width: number, height: number): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = [];
  for await (const f of decodeFrames(VIDEO, { width, height, pixFmt: 'gray' })) {
    frames.push(f);
    if (frames.length === FRAMES) break;
  }
  return frames;
}

async function best<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  let seconds = Infinity, value!: T;
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint();
    value = await fn();
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return { seconds, value };
}

interface SimRow { model: string; size: string; frames: number; events: number; framesPerS: number; mEventsPerS: number }
interface FrameRow { mode: string; size: string; events: number; frames: number; framesPerS: number; mEventsPerS: number }
const sim: SimRow[] = [], e2e: SimRow[] = [], rep: FrameRow[] = [];
let v2eEvents: { batch: EventBatch; width: number; height: number } | null = null;

for (const size of SIZES) {
  const frames = await decodeAll(size.width, size.height);
  for (const params of MODELS) {
    const { seconds, value } = await best(async () => {
      const parts: EventBatch[] = [];
      for await (const b of simulateFrames(frames, params, { ...size, fps: 30 })) parts.push(b);
      return concatBatches(parts);
    });
    const row = { model: String(params.model), size: `${size.width}x${size.height}`, frames: frames.length, events: value.length,
      framesPerS: +(frames.length / seconds).toFixed(1), mEventsPerS: +(value.length / seconds / 1e6).toFixed(2) };
    sim.push(row);
    console.log(`simulate ${row.model.padEnd(5)} ${row.size.padEnd(7)} ${String(row.frames).padStart(4)} frames ${String(row.events).padStart(9)} ev  ${String(row.framesPerS).padStart(7)} frames/s ${String(row.mEventsPerS).padStart(6)} M ev/s`);
    if (params.model === 'v2e' && size.width === 346) v2eEvents = { batch: value, ...size };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'mwb-bench-dvssim-'));
try {
  for (const params of MODELS) {
    const { seconds, value } = await best(() => simulate(VIDEO, join(dir, 'out.aedat4'), { params, width: 346, height: 260 }));
    const row = { model: String(params.model), size: '346x260', frames: value.frames, events: value.events,
      framesPerS: +(value.frames / seconds).toFixed(1), mEventsPerS: +(value.events / seconds / 1e6).toFixed(2) };
    e2e.push(row);
    console.log(`end-to-end (decode + model + .aedat4) ${row.model.padEnd(5)} ${row.size} ${row.frames} frames: ${row.framesPerS} frames/s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const ev = v2eEvents!;
const size = { width: ev.width, height: ev.height };
const source = async function* (): AsyncGenerator<EventBatch> {
  for (let at = 0; at < ev.batch.length; at += 65536) {
    const n = Math.min(65536, ev.batch.length - at);
    yield { t: ev.batch.t.subarray(at, at + n), x: ev.batch.x.subarray(at, at + n), y: ev.batch.y.subarray(at, at + n), p: ev.batch.p.subarray(at, at + n), length: n };
  }
};
for (const mode of representationIds()) {
  const { seconds, value } = await best(async () => {
    let n = 0;
    for await (const f of eventFrames(source(), size, { window: { by: 'time', windowUs: 33_333 }, mode })) n += f.data.length > 0 ? 1 : 0;
    return n;
  });
  const row = { mode, size: `${size.width}x${size.height}`, events: ev.batch.length, frames: value, framesPerS: +(value / seconds).toFixed(1), mEventsPerS: +(ev.batch.length / seconds / 1e6).toFixed(2) };
  rep.push(row);
  console.log(`frames ${mode.padEnd(12)} ${row.frames} frames ${String(row.framesPerS).padStart(8)} frames/s ${String(row.mEventsPerS).padStart(6)} M ev/s`);
}
const { seconds: dnS, value: kept } = await best(async () => {
  const f = new BackgroundActivityFilter(size.width, size.height, 2000);
  for await (const b of source()) f.filter(b);
  return f.kept;
});
const denoise = { events: ev.batch.length, kept, mEventsPerS: +(ev.batch.length / dnS / 1e6).toFixed(2) };
console.log(`denoise (dt 2 ms): ${denoise.mEventsPerS} M ev/s, kept ${kept} of ${ev.batch.length}`);

const out = join(ROOT, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'dvsSim.json'), JSON.stringify({
  date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadavg: loadavg(), quick: QUICK,
  video: 'pool_cleaning_340x256.mp4 (30 fps)', simulate: sim, endToEnd: e2e, frames: rep, denoise,
}, null, 2) + '\n');
console.log(`wrote ${join(out, 'dvsSim.json')}`);
