/**
 * Ingest throughput: N small generated clips (cached in a temp folder between runs), 16 frames per
 * clip at 224x224 (uniform, short side + centre crop) through our pipeline (worker pool on every
 * core, each thread running sampleFrames + writing the .npy cache entry), next to a plain ffmpeg CLI
 * loop doing the same decoding (same select + scale/crop, raw RGB to a file, as many in parallel).
 * Both sides leave ffmpeg's decoder threading at its default. Rounds alternate the two sides and the
 * best time of each counts, so a busy machine hurts both alike.
 * Run: `node --import tsx bench/ingest.ts [--clips 1000] [--threads N] [--rounds 2]`; writes bench/results/ingest.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerPool } from '../src-main/jobs/workerPool.js';
import { decodeFilter } from '../src-main/media/decode.js';
import { ffmpegEncoders, ffmpegInfo, requireBinary } from '../src-main/media/ffmpegPaths.js';
import { frameCacheKey } from '../src-main/media/frameCache.js';
import type { SampleTaskInput, SampleTaskOutput } from '../src-main/media/sampleWorker.js';
import { evenly } from '../src-main/media/sampling/strategies.js';
import { resolveSampleSpec } from '../src-main/media/sampling/spec.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const CLIPS = arg('clips', 1000);
const THREADS = arg('threads', availableParallelism());
const ROUNDS = arg('rounds', 2);
const SECONDS = 2;
const FPS = 25;
const FRAMES = SECONDS * FPS;
const N = 16;
const SIZE = 224;

/** Generates (once) N clips of 2 s, 320x240, 25 fps by cutting one encode at every keyframe. */
function makeClips(): { dir: string; files: string[] } {
  const codec = ffmpegEncoders().has('libx264') ? 'libx264' : 'mpeg4';
  const dir = join(tmpdir(), `mwb-bench-ingest-${codec}-${CLIPS}`);
  const files = (): string[] => existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.mp4')).sort().map((f) => join(dir, f)) : [];
  if (files().length === CLIPS) return { dir, files: files() };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`generating ${CLIPS} clips (${codec}) in ${dir}...\n`);
  const enc = codec === 'libx264' ? ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'] : ['-c:v', 'mpeg4', '-q:v', '4'];
  const r = spawnSync(requireBinary('ffmpeg'), ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=${FPS}:duration=${CLIPS * SECONDS}`,
    '-vf', 'noise=alls=12:allf=t', ...enc, '-g', String(FRAMES), '-keyint_min', String(FRAMES), '-sc_threshold', '0',
    '-f', 'segment', '-segment_time', String(SECONDS), '-reset_timestamps', '1', join(dir, 'clip_%05d.mp4')], { stdio: 'inherit' });
  if (r.status !== 0 || files().length !== CLIPS) throw new Error(`could not generate the benchmark clips in ${dir}`);
  return { dir, files: files() };
}

/** Runs `fn` over items with `limit` in flight. */
async function limited<T>(items: readonly T[], limit: number, fn: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => { while (next < items.length) { const i = next++; await fn(items[i]!, i); } }));
}

const spec = resolveSampleSpec({ strategy: 'uniform', params: { n: N }, width: SIZE, height: SIZE, resize: 'shortSideCenterCrop' });
const indices = evenly(N, FRAMES);

/** Our pipeline: the pool (threads started inside the timing), sampleFrames + .npy writes. */
async function ours(files: string[], out: string): Promise<number> {
  const t0 = performance.now();
  const pool = new WorkerPool({ size: THREADS });
  try {
    await Promise.all(files.map((path) => pool.run<SampleTaskInput, SampleTaskOutput>('media/sampleWorker.ts', {
      mediaPath: path, meta: { frameCount: FRAMES, fps: FPS, duration: SECONDS, start: 0, end: null, key: path }, spec, cacheDir: out,
      key: frameCacheKey(path, { start: 0, end: null }, spec), source: { path, fingerprint: path, start: 0, end: null },
    })));
  } finally {
    await pool.dispose();
  }
  return (performance.now() - t0) / 1000;
}

/** The plain loop: `ffmpeg -i clip -vf select,scale,crop -f rawvideo out.raw`, THREADS at a time. */
async function plain(files: string[], out: string): Promise<number> {
  const vf = decodeFilter({ width: SIZE, height: SIZE, pixFmt: 'rgb24', resize: 'cover', frames: [...new Set(indices)] });
  const t0 = performance.now();
  await limited(files, THREADS, (path, i) => new Promise<void>((resolve, reject) => {
    const p = spawn(requireBinary('ffmpeg'), ['-v', 'error', '-nostdin', '-i', path, '-vf', vf, '-fps_mode', 'passthrough',
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-y', join(out, `${i}.raw`)], { stdio: 'ignore' });
    p.once('error', reject);
    p.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed on ${path}`))));
  }));
  return (performance.now() - t0) / 1000;
}

const { files } = makeClips();
const work = join(tmpdir(), `mwb-bench-ingest-out-${process.pid}`);
const fresh = (name: string): string => { const d = join(work, name); rmSync(d, { recursive: true, force: true }); mkdirSync(d, { recursive: true }); return d; };
try {
  await plain(files.slice(0, Math.min(50, files.length)), fresh('warm')); // page cache + ffmpeg binary warm
  const times = { plain: [] as number[], ours: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    times.plain.push(await plain(files, fresh('plain')));
    times.ours.push(await ours(files, fresh('ours')));
    process.stderr.write(`round ${r + 1}: plain ${times.plain[r]!.toFixed(2)} s, ours ${times.ours[r]!.toFixed(2)} s\n`);
  }
  const rows = [{ impl: 'plain ffmpeg CLI loop', seconds: Math.min(...times.plain) }, { impl: 'ours: pool + sampleFrames + .npy', seconds: Math.min(...times.ours) }];
  const ratio = rows[1]!.seconds / rows[0]!.seconds;
  const table = rows.map((r) => ({ ...r, clipsPerSecond: CLIPS / r.seconds, framesPerSecond: (CLIPS * N) / r.seconds }));
  process.stdout.write(`${CLIPS} clips x ${N} frames at ${SIZE}x${SIZE}, ${THREADS} in parallel\n`);
  process.stdout.write(`${'implementation'.padEnd(38)} ${'seconds'.padStart(8)} ${'clips/s'.padStart(9)} ${'frames/s'.padStart(9)}\n`);
  for (const r of table) process.stdout.write(`${r.impl.padEnd(38)} ${r.seconds.toFixed(2).padStart(8)} ${r.clipsPerSecond.toFixed(1).padStart(9)} ${r.framesPerSecond.toFixed(0).padStart(9)}\n`);
  process.stdout.write(`ratio ours / plain loop: ${ratio.toFixed(3)} (goal <= 1.2); load average at the end ${loadavg()[0]!.toFixed(1)}\n`);
  const result = {
    clips: CLIPS, framesPerClip: N, size: SIZE, clipSeconds: SECONDS, fps: FPS, parallel: THREADS, rounds: times, rows: table, ratio,
    machine: { loadAverage: loadavg(), cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform} ${process.arch}`, ffmpeg: ffmpegInfo().version },
    date: new Date().toISOString(),
  };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'ingest.json'), JSON.stringify(result, null, 2) + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
