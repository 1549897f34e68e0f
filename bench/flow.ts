/**
 * Optical-flow throughput: our Farneback (opencv.js WASM) and TV-L1 (typed-array JS), one thread
 * and a worker pool on every core, next to OpenCV-Python (/usr/bin/python3, default threads) on
 * the very same grey frames (decoded once, shared through a temp .npy). Also reports how closely
 * the results agree. Run: `node --import tsx bench/flow.ts [--quick]`; writes bench/results/flow.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeFrames } from '../src-main/media/decode.js';
import { readNpy, writeNpy } from '../src-main/media/npy.js';
import { WorkerPool } from '../src-main/jobs/workerPool.js';
import type { FlowChunkInput, FlowChunkOutput } from '../src-main/motion/flow/flowWorker.js';
import { getFlowMethod } from '../src-main/motion/flow/methods.js';
import { meanAbsDiff } from '../src-main/motion/flow/metrics.js';
import { flowConfigSchema, type FlowConfig } from '../src-main/motion/flow/params.js';
import { computeVideoFlow } from '../src-main/motion/flow/videoFlow.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VIDEO = join(ROOT, '../shared/fixtures/video/pool_cleaning_340x256.mp4');
const PYTHON = '/usr/bin/python3';
const QUICK = process.argv.includes('--quick');
const SIZES = [{ width: 224, height: 224 }, { width: 320, height: 240 }];
const TVL1_PAIRS = QUICK ? 8 : 24;
const ROUNDS = QUICK ? 1 : 3;

/** OpenCV side: times one method over the first `pairs` pairs of an .npy of frames, saves its flows. */
const PY = String.raw`
import sys, json, time
import numpy as np
try:
    import cv2
except ImportError:
    print(json.dumps({'absent': 'python3-opencv (cv2) is not installed'})); sys.exit(0)
frames = np.load(sys.argv[1]); method = sys.argv[2]; pairs = int(sys.argv[3]); out = sys.argv[4]
threads = int(sys.argv[5]); median = int(sys.argv[6])
if threads >= 0: cv2.setNumThreads(threads)
res = {'opencv': cv2.__version__, 'threads': cv2.getNumThreads()}
if method == 'farneback':
    f = lambda a, b: cv2.calcOpticalFlowFarneback(a, b, None, 0.5, 3, 5, 3, 5, 1.2, 0)
else:
    if not hasattr(cv2, 'optflow') or not hasattr(cv2.optflow, 'DualTVL1OpticalFlow_create'):
        print(json.dumps({'absent': 'cv2.optflow.DualTVL1OpticalFlow_create is not in this OpenCV build'})); sys.exit(0)
    tv = cv2.optflow.DualTVL1OpticalFlow_create()
    tv.setMedianFiltering(median)
    f = lambda a, b: tv.calc(a, b, None)
f(frames[0], frames[1])
t = time.perf_counter(); c = time.process_time()
flows = [f(frames[i], frames[i + 1]) for i in range(pairs)]
dt = time.perf_counter() - t; cpu = time.process_time() - c
np.save(out, np.stack(flows).astype(np.float32))
res.update(seconds=dt, pairs=pairs, pairsPerSecond=pairs / dt, cpuMsPerPair=1000 * cpu / pairs)
print(json.dumps(res))
`;

/** One measurement: wall-clock throughput and CPU time (all threads of the process) per pair. */
interface Row { method: string; size: string; impl: string; pairs: number; pairsPerSecond: number; cpuMsPerPair: number; note?: string }

/** Runs `fn`, returning pairs per wall-clock second and CPU ms (this process, every thread) per pair. */
async function timed<T>(pairs: number, fn: () => Promise<T>): Promise<{ value: T; pps: number; cpuMs: number; seconds: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, pps: pairs / wall, cpuMs: (c.user + c.system) / 1000 / pairs, seconds: wall };
}

function openCv(framesNpy: string, method: string, pairs: number, out: string, threads: number, median = 1): { pairsPerSecond?: number; cpuMsPerPair?: number; threads?: number; opencv?: string; absent?: string } {
  try {
    return JSON.parse(execFileSync(PYTHON, ['-c', PY, framesNpy, method, String(pairs), out, String(threads), String(median)], { encoding: 'utf8' }).trim()) as { pairsPerSecond: number };
  } catch (err) {
    return { absent: `${PYTHON} failed: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Our method on one thread (this one), the pure compute loop. */
async function oursSingle(config: FlowConfig, frames: Uint8Array[], w: number, h: number, pairs: number): Promise<{ pps: number; cpuMs: number; flows: Float32Array[] }> {
  const m = getFlowMethod(config.method);
  const est = await m.create(w, h, m.schema.parse(config.params));
  est.compute(frames[0]!, frames[1]!); // warm-up (JIT, WASM)
  const flows: Float32Array[] = [];
  const t = await timed(pairs, async () => {
    for (let i = 0; i < pairs; i++) flows.push(est.compute(frames[i]!, frames[i + 1]!));
  });
  est.dispose();
  return { pps: t.pps, cpuMs: t.cpuMs, flows };
}

/** Our method on a warm pool, chunks of 16 pairs as `computeVideoFlow` sends them (frames already decoded). */
async function oursPool(pool: WorkerPool, config: FlowConfig, frames: Uint8Array[], w: number, h: number, pairs: number): Promise<{ pps: number; cpuMs: number }> {
  const chunk = Math.max(1, Math.min(16, Math.ceil(pairs / pool.size)));
  const task = (a: number, b: number): Promise<FlowChunkOutput> => {
    const buf = new Uint8Array((b - a + 1) * w * h);
    for (let i = a; i <= b; i++) buf.set(frames[i]!, (i - a) * w * h);
    return pool.run<FlowChunkInput, FlowChunkOutput>('motion/flow/flowWorker.ts', { config, storage: { dtype: 'f4' }, width: w, height: h, frames: buf });
  };
  await Promise.all(Array.from({ length: pool.size }, () => task(0, 1))); // warm every thread
  return timed(pairs, async () => {
    const jobs: Promise<FlowChunkOutput>[] = [];
    for (let a = 0; a < pairs; a += chunk) jobs.push(task(a, Math.min(pairs, a + chunk)));
    await Promise.all(jobs);
  });
}

async function decodeAll(w: number, h: number): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = [];
  for await (const f of decodeFrames(VIDEO, { width: w, height: h, pixFmt: 'gray' })) frames.push(f);
  return frames;
}

const agreement = (ours: Float32Array[], npy: string, w: number, h: number): number => {
  const cv = readNpy(npy).data as Float32Array;
  return ours.reduce((s, f, i) => s + meanAbsDiff(f, cv.subarray(i * f.length, (i + 1) * f.length), w, h), 0) / ours.length;
};

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const tmp = mkdtempSync(join(tmpdir(), 'mwb-bench-flow-'));
  const pool = new WorkerPool();
  const rows: Row[] = [];
  const agree: Record<string, number> = {};
  const farneback = flowConfigSchema.parse({ method: 'farneback' });
  const tvl1 = flowConfigSchema.parse({ method: 'tvl1' });
  try {
    for (const { width: w, height: h } of SIZES) {
      const size = `${w}x${h}`;
      const frames = await decodeAll(w, h);
      const npy = join(tmp, `frames_${size}.npy`);
      const all = new Uint8Array(frames.length * w * h);
      frames.forEach((f, i) => all.set(f, i * w * h));
      writeNpy(npy, { dtype: 'u1', shape: [frames.length, h, w], data: all });
      const fbPairs = QUICK ? 60 : frames.length - 1;
      process.stderr.write(`${size}: ${frames.length} frames\n`);

      // Farneback is the goal: alternate ours and OpenCV for ROUNDS rounds and keep each one's best,
      // so a burst of load from other processes does not decide the comparison.
      const best = new Map<string, Row>();
      const keep = (r: Row): void => {
        const b = best.get(r.impl);
        best.set(r.impl, !b ? r : { ...(b.pairsPerSecond >= r.pairsPerSecond ? b : r), cpuMsPerPair: Math.min(b.cpuMsPerPair, r.cpuMsPerPair) });
      };
      let single: Float32Array[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const s = await oursSingle(farneback, frames, w, h, fbPairs);
        single = s.flows;
        keep({ method: 'farneback', size, impl: 'ours, 1 thread (opencv.js WASM)', pairs: fbPairs, pairsPerSecond: s.pps, cpuMsPerPair: s.cpuMs });
        const p = await oursPool(pool, farneback, frames, w, h, fbPairs);
        keep({ method: 'farneback', size, impl: `ours, pool x${pool.size}`, pairs: fbPairs, pairsPerSecond: p.pps, cpuMsPerPair: p.cpuMs });
        const e2e = await timed(0, () => computeVideoFlow({ path: VIDEO, width: w, height: h, config: farneback, storage: { dtype: 'f4' }, outPath: join(tmp, 'e2e.npy'), pool }));
        const n = e2e.value.pairs;
        keep({ method: 'farneback', size, impl: `ours, pool x${pool.size}, decode + write included`, pairs: n, pairsPerSecond: n / e2e.seconds, cpuMsPerPair: NaN });
        for (const threads of [-1, 1]) {
          const cv = openCv(npy, 'farneback', fbPairs, join(tmp, 'cv_fb.npy'), threads);
          keep({ method: 'farneback', size, impl: `OpenCV-Python ${cv.opencv ?? ''}, ${threads < 0 ? `default threads (${cv.threads})` : '1 thread'}`, pairs: fbPairs, pairsPerSecond: cv.pairsPerSecond ?? NaN, cpuMsPerPair: cv.cpuMsPerPair ?? NaN, note: cv.absent });
          if (threads < 0 && !cv.absent) agree[`farneback ${size}: mean |ours - OpenCV| px`] = agreement(single, join(tmp, 'cv_fb.npy'), w, h);
        }
      }
      rows.push(...best.values());

      const tv = await oursSingle(tvl1, frames, w, h, TVL1_PAIRS);
      rows.push({ method: 'tvl1', size, impl: 'ours, 1 thread (JS)', pairs: TVL1_PAIRS, pairsPerSecond: tv.pps, cpuMsPerPair: tv.cpuMs });
      const tp = await oursPool(pool, tvl1, frames, w, h, TVL1_PAIRS);
      rows.push({ method: 'tvl1', size, impl: `ours, pool x${pool.size}`, pairs: TVL1_PAIRS, pairsPerSecond: tp.pps, cpuMsPerPair: tp.cpuMs });
      for (const median of [1, 5]) {
        const cv = openCv(npy, 'tvl1', TVL1_PAIRS, join(tmp, 'cv_tv.npy'), -1, median);
        rows.push({ method: 'tvl1', size, impl: `OpenCV-Python DualTVL1, default threads (${cv.threads ?? '?'}), median ${median}`, pairs: TVL1_PAIRS, pairsPerSecond: cv.pairsPerSecond ?? NaN, cpuMsPerPair: cv.cpuMsPerPair ?? NaN, note: cv.absent });
        if (median === 1 && !cv.absent) agree[`tvl1 ${size}: mean |ours - OpenCV (median 1)| px`] = agreement(tv.flows, join(tmp, 'cv_tv.npy'), w, h);
      }
    }
  } finally {
    await pool.dispose();
    rmSync(tmp, { recursive: true, force: true });
  }
  printTable(rows, agree);
  const load = { before: loadBefore, after: loadavg()[0]! };
  process.stdout.write(`1-min load average: ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after (${cpus().length} cores; above ${cpus().length} other processes shared the cores)\n`);
  const out = join(ROOT, 'bench/results/flow.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), video: 'pool_cleaning_340x256.mp4', node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, loadAverage: load, quick: QUICK, rows, agreement: agree }, null, 1) + '\n');
  process.stderr.write(`wrote ${out}\n`);
}

function printTable(rows: Row[], agree: Record<string, number>): void {
  const num = (v: number, d = 1): string => (Number.isFinite(v) ? v.toFixed(d) : '-');
  const lines = rows.map((r) => [r.method, r.size, r.impl, String(r.pairs),
    Number.isFinite(r.pairsPerSecond) ? num(r.pairsPerSecond) : `absent (${r.note ?? '?'})`, num(r.cpuMsPerPair)]);
  const head = ['method', 'size', 'implementation', 'pairs', 'pairs/s (wall)', 'CPU ms/pair'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (l: string[]): string => l.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write([fmt(head), widths.map((n) => '-'.repeat(n)).join('  '), ...lines.map(fmt)].join('\n') + '\n\n');
  process.stdout.write('CPU ms/pair counts every thread of the measuring process; 2 cores / (CPU s per pair) is the\n' +
    'throughput of a pool with both cores to itself, whatever else was running during the measurement.\n\n');
  for (const [k, v] of Object.entries(agree)) process.stdout.write(`${k}: ${v.toFixed(4)}\n`);
}

await main();
