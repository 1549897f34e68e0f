/**
 * Train-step time and samples/s of every model family, at a small size and at its paper's input
 * size, on the backend the ladder picks here, next to the same architecture in PyTorch (Debian's
 * python3-torch, CPU, same thread count) run by the same script; plus how long each step waits
 * for its batch (read from `.npy` and augmented on the trainer's batch-reading thread while the
 * previous step runs), which must stay under 10% of the step:
 * `node --import tsx bench/train.ts [--quick] [--only id,id] [--no-torch]`.
 * Writes bench/results/train.json and train.md.
 *
 * Times are CPU milliseconds of the best of N steps after one warm-up step (medians are in the
 * JSON): the wasm rung and PyTorch both run one thread, and CPU time is what a shared machine
 * skews least. Paper sizes use batch 8 (the papers used 32-64) so every row finishes in minutes;
 * the wasm32 heap (4 GiB) holds every family at that batch.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeNpy } from '../src-main/media/npy.js';
import { backendRecord, selectBackend } from '../src-main/training/backends/ladder.js';
import { epochPlan } from '../src-main/training/data/batches.js';
import { BatchPrefetcher, BatchQueue, type BatchCall } from '../src-main/training/data/prefetch.js';
import type { DataManifest, HostBatch, ManifestInput, SampleRef } from '../src-main/training/data/types.js';
import { getModelFamily } from '../src-main/training/models/index.js';
import { parseRunConfig } from '../src-main/training/run/config.js';
import { createTrainable, disposeTrainable, trainStep } from '../src-main/training/trainStep.js';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const ONLY = argv.includes('--only') ? new Set(argv[argv.indexOf('--only') + 1]!.split(',')) : null;
const ROOT = join(import.meta.dirname, '..');

interface Size { config: Record<string, unknown>; batch: number }
interface Case { family: string; system: string; small: Size; paper: Size | null }

const img = (inputSize: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ inputSize, classes: 101, ...extra });
const CASES: Case[] = [
  { family: 'small-cnn', system: 'S001', small: { config: img(112, { classes: 40 }), batch: 8 }, paper: { config: img(224, { classes: 40 }), batch: 8 } },
  { family: 'resnet18', system: 'S000', small: { config: img(112), batch: 8 }, paper: { config: img(224), batch: 8 } },
  { family: 'resnet50', system: 'S000', small: { config: img(112), batch: 8 }, paper: { config: img(224), batch: 8 } },
  { family: 'vgg19', system: 'S000', small: { config: img(112), batch: 8 }, paper: { config: img(224), batch: 8 } },
  { family: 'vgg16', system: 'S004', small: { config: img(112), batch: 8 }, paper: null },
  { family: 'densenet121', system: 'S000', small: { config: img(112), batch: 8 }, paper: { config: img(224), batch: 8 } },
  { family: 'mobilenetv2', system: '-', small: { config: img(112), batch: 8 }, paper: { config: img(224), batch: 8 } },
  { family: 'inceptionv3', system: 'S000', small: { config: img(139), batch: 8 }, paper: { config: img(299), batch: 8 } },
  { family: 'cnn3d', system: 'S001', small: { config: { frames: 16, size: 112, classes: 40 }, batch: 2 }, paper: { config: { frames: 16, size: 224, classes: 40 }, batch: 2 } },
  { family: 'resnet3d18', system: 'S003', small: { config: { frames: 8, size: 56, classes: 51 }, batch: 2 }, paper: { config: { frames: 16, size: 112, classes: 51 }, batch: 2 } },
  { family: 'flow-cnn', system: 'S004', small: { config: { size: 112, length: 10 }, batch: 8 }, paper: { config: { size: 224, length: 10 }, batch: 8 } },
  { family: 'seq-average', system: 'S002', small: { config: { steps: 10, codeSize: 512 }, batch: 32 }, paper: { config: { steps: 10, codeSize: 2048 }, batch: 32 } },
  { family: 'seq-rnn', system: 'S002', small: { config: { steps: 10, codeSize: 512 }, batch: 32 }, paper: { config: { steps: 10, codeSize: 2048 }, batch: 32 } },
  { family: 'seq-lstm', system: 'S002', small: { config: { steps: 10, codeSize: 512 }, batch: 32 }, paper: { config: { steps: 10, codeSize: 2048 }, batch: 32 } },
  { family: 'seq-birnn', system: 'S002', small: { config: { steps: 10, codeSize: 512 }, batch: 32 }, paper: { config: { steps: 10, codeSize: 2048 }, batch: 32 } },
  { family: 'two-stream-mid', system: 'S001', small: { config: { classes: 40, streams: [
    { family: 'small-cnn', config: { inputSize: 112, classes: 40 } }, { family: 'cnn3d', config: { frames: 16, size: 112, classes: 40 } }] }, batch: 2 }, paper: null },
  { family: 'multitask', system: 'S004', small: { config: { backbone: { family: 'resnet18', config: { inputSize: 112, classes: 101 } },
    tasks: [{ name: 'ucf101', classes: 101 }, { name: 'hmdb51', classes: 51 }] }, batch: 8 }, paper: null },
];

interface Timing { cpuMs: number; wallMs: number; medianCpuMs: number }
interface Row { id: string; family: string; system: string; size: 'small' | 'paper'; batch: number; shapes: number[][]; config: Record<string, unknown>;
  ours?: Timing; dataMs?: number; dataShare?: number; dataSteps?: number; torch?: Timing | { skipped: string }; error?: string }

/** The most steps a fast model runs to average its data wait. */
const MAX_DATA_STEPS = 400;

const cpuNow = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** What the data pipeline stores for an input of this shape: RGB images as uint8, the rest float32. */
function manifestInput(shape: number[], name: string): ManifestInput {
  const rgb = shape.length === 3 && shape[2] === 3 || shape.length === 4 && shape[3] === 3 && !/flow/.test(name);
  const flow = /flow/.test(name) || shape.length === 4 && shape[3] === 2 || shape.length === 3 && shape[2]! % 2 === 0 && shape[2]! > 3;
  return { spec: { kind: 'codes', codesKey: 'bench' }, shape, dtype: rgb ? 'uint8' : 'float32', rgb, flow: flow && !rgb };
}

/** `.npy` inputs of these shapes for `clips` clips of 2 views each, in a temporary folder, as the trainer's manifest. */
function benchManifest(dir: string, shapes: number[][], names: string[], clips: number): DataManifest {
  const inputs = shapes.map((s, i) => manifestInput(s, names[i] ?? ''));
  const refs: SampleRef[] = Array.from({ length: clips }, (_, c) => ({
    clipId: c + 1, label: c % 5, video: `v${c}`, link: null, views: 2,
    files: inputs.map((inp, i) => {
      const n = 2 * inp.shape.reduce((a, v) => a * v, 1);
      const file = join(dir, `c${c}-i${i}.npy`);
      const data = inp.dtype === 'uint8' ? Uint8Array.from({ length: n }, (_, k) => (k * 31 + c) & 255)
        : Float32Array.from({ length: n }, (_, k) => Math.sin(k + c));
      writeNpy(file, { dtype: inp.dtype === 'uint8' ? 'u1' : 'f4', shape: [2, ...inp.shape], data });
      return file;
    }),
  }));
  return { labels: [0, 1, 2, 3, 4].map((k) => ({ classId: k + 1, name: `c${k}` })), inputs, modelInputs: inputs.length,
    subsets: { train: refs, val: [], test: [] }, skipped: [] };
}

/**
 * Training steps on batches read from `.npy` files and augmented on the trainer's batch-reading
 * thread. Step = best/median CPU time of `steps` steps after one warm-up; data = the mean wall
 * time a step waited for its batch when reading overlaps the previous step, as in the trainer,
 * and its share of the step's median wall time.
 */
async function timeSteps(family: string, config: unknown, shapes: number[][], names: string[], batch: number, steps: number): Promise<{ timing: Timing; dataMs: number; dataShare: number; dataSteps: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'mwb-bench-data-'));
  const clips = batch * Math.min(steps + 1, 8); // fast models cycle through these (from the page cache, as an epoch's files would be)
  const manifest = benchManifest(dir, shapes, names, clips);
  const augment = parseRunConfig({ name: 'b', data: { splitSetId: 1 }, inputs: [{ kind: 'codes', codesKey: 'x' }],
    model: { family: 'x' }, augment: { flip: true, brightness: 0.2, contrast: 0.2, randomCrop: { scale: [0.8, 1] } } }).augment;
  const plan = epochPlan(manifest.subsets.train, 'one', 1, 0);
  const perPass = Math.floor(plan.length / batch);
  const callsFor = (b: number): BatchCall[] => [{ subset: 'train', items: plan.slice((b % perPass) * batch, (b % perPass + 1) * batch),
    opts: { augment, seed: 1, epoch: 0, batchIndex: b } }];
  const reader = new BatchPrefetcher(manifest);
  const t = createTrainable(family, config);
  const outputs = t.family.outputs?.(t.config) ?? 1;
  const classes = Math.max(2, Math.floor(t.family.classes(t.config) / outputs));
  const labels = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % classes), 'int32');
  const step = (host: HostBatch): { cpu: number; wall: number } => {
    const xs = host.inputs.map((x) => tf.tensor(x.data, x.shape));
    const c0 = cpuNow(), w0 = performance.now();
    try {
      trainStep(t, xs.length === 1 ? xs[0]! : xs, labels);
    } finally {
      tf.dispose(xs);
    }
    return { cpu: cpuNow() - c0, wall: performance.now() - w0 };
  };
  const cpu: number[] = [], wall: number[] = [], wait: number[] = [], overlapWall: number[] = [];
  try {
    // Step time: each batch is read before its step starts, so the process's CPU time (which counts
    // every thread) is the step's alone. The first step warms the kernels up.
    for (let i = 0; i <= steps; i++) {
      const [host] = await reader.load(callsFor(i));
      const s = step(host!);
      if (i > 0) { cpu.push(s.cpu); wall.push(s.wall); }
    }
    // Data wait: the trainer's pipeline, reading ahead while steps run, for 2 s of steps or 400 steps
    // (fast models run many, so the wait, a fraction of a millisecond, is a mean over many batches)
    const queue = new BatchQueue(reader, MAX_DATA_STEPS + 1, (b) => callsFor(steps + 1 + b));
    const started = performance.now();
    for (let i = 0; i <= MAX_DATA_STEPS && (i <= steps || performance.now() - started < 2000); i++) {
      const d0 = performance.now();
      const [host] = await queue.take(i);
      const waited = performance.now() - d0;
      const s = step(host!);
      if (i > 0) { wait.push(waited); overlapWall.push(s.wall); } // the first take waits for the pipeline to fill
    }
  } finally {
    labels.dispose();
    disposeTrainable(t);
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const dataMs = wait.reduce((a, v) => a + v, 0) / wait.length;
  return { timing: { cpuMs: Math.min(...cpu), wallMs: Math.min(...wall), medianCpuMs: median(cpu) }, dataMs,
    dataShare: dataMs / median(overlapWall), dataSteps: wait.length };
}

function torchTimes(rows: Row[], steps: number): { version: string; cases: Record<string, Timing | { skipped: string }> } | null {
  if (argv.includes('--no-torch')) return null;
  const spec = { threads: 1, steps, warmup: 1, cases: rows.filter((r) => r.ours).map((r) => ({ id: r.id, family: r.family,
    config: r.config, batch: r.batch, inputShapes: r.shapes })) };
  try {
    const out = execFileSync('/usr/bin/python3', [join(ROOT, 'bench', 'trainTorch.py')], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 22 });
    const r = JSON.parse(out) as { torch: string; cases: Record<string, Timing | { skipped: string }> };
    return { version: r.torch, cases: r.cases };
  } catch (err) {
    console.log(`PyTorch skipped (apt-get install -y python3-torch python3-torchvision): ${(err as Error).message.split('\n')[0]}`);
    return null;
  }
}

const fmt = (ms: number | undefined): string => ms === undefined ? 'n/a'
  : ms >= 10000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;

/** Measures one case (`--case family@size`) in this process and prints its row as JSON. */
async function measureCase(id: string, steps: number): Promise<void> {
  await selectBackend();
  const [familyId, size] = id.split('@') as [string, 'small' | 'paper'];
  const c = CASES.find((x) => x.family === familyId)!;
  const s = c[size]!;
  const family = getModelFamily(c.family);
  const config = family.configSchema.parse(Object.keys(s.config).length ? s.config : family.tinyConfig) as Record<string, unknown>;
  const inputs = family.inputs(config);
  const row: Row = { id, family: c.family, system: c.system, size, batch: s.batch, shapes: inputs.map((i) => i.shape), config };
  try {
    const r = await timeSteps(c.family, config, row.shapes, inputs.map((i) => i.name), s.batch, steps);
    row.ours = r.timing;
    row.dataMs = r.dataMs;
    row.dataShare = r.dataShare;
    row.dataSteps = r.dataSteps;
  } catch (err) {
    row.error = (err as Error).message.split('\n')[0];
  }
  console.log(`ROW ${JSON.stringify(row)}`);
}

/**
 * Every case in its own process, so one that runs out of memory (or breaks the wasm heap) does
 * not take the following ones with it, and each starts from an empty heap.
 */
function measureAll(): Row[] {
  const rows: Row[] = [];
  for (const c of CASES) {
    if (ONLY && !ONLY.has(c.family)) continue;
    for (const size of ['small', 'paper'] as const) {
      if (!c[size] || (QUICK && size === 'paper')) continue;
      const id = `${c.family}@${size}`;
      const out = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'train.ts'), '--case', id, ...(QUICK ? ['--quick'] : [])],
        { encoding: 'utf8', maxBuffer: 1 << 24 });
      const line = out.stdout.split('\n').find((l) => l.startsWith('ROW '));
      const row: Row = line ? JSON.parse(line.slice(4)) as Row
        : { id, family: c.family, system: c.system, size, batch: c[size]!.batch, shapes: [], config: {},
          error: `the measuring process ended (${out.status ?? out.signal}): ${(out.stderr || '').trim().split('\n').pop() ?? ''}` };
      console.log(`${row.id.padEnd(24)} ${row.error ? `failed: ${row.error}` : `${fmt(row.ours?.cpuMs).padStart(8)} per step, data ${fmt(row.dataMs)}`}`);
      rows.push(row);
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const steps = QUICK ? 1 : 3;
  if (argv.includes('--case')) return measureCase(argv[argv.indexOf('--case') + 1]!, steps);
  const backend = backendRecord(await selectBackend());
  const rows = measureAll();
  const torch = torchTimes(rows, steps);
  for (const r of rows) r.torch = torch?.cases[r.id];
  const table = [
    `| family (system) | size | input, batch | ours (${backend.rung}) | samples/s | data / batch | data share | PyTorch CPU | ours / PyTorch |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const pt = r.torch && 'cpuMs' in r.torch ? r.torch : undefined;
      const share = r.dataShare !== undefined ? `${(100 * r.dataShare).toFixed(1)}%` : 'n/a';
      return `| ${r.family} (${r.system}) | ${r.size} | ${r.shapes.map((s) => s.join('x')).join(' + ')}, ${r.batch} | ` +
        `${r.error ? `failed: ${r.error}` : fmt(r.ours?.cpuMs)} | ${r.ours ? ((1000 * r.batch) / r.ours.cpuMs).toFixed(1) : 'n/a'} | ` +
        `${fmt(r.dataMs)} | ${share} | ${pt ? fmt(pt.cpuMs) : r.torch && 'skipped' in r.torch ? 'no twin' : 'n/a'} | ` +
        `${pt && r.ours ? `${(r.ours.cpuMs / pt.cpuMs).toFixed(1)}x` : 'n/a'} |`;
    }),
  ].join('\n');
  const env = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, loadavg: loadavg().map((l) => +l.toFixed(2)),
    backend, torch: torch?.version, threads: 1, steps, quick: QUICK, date: new Date().toISOString() };
  const note = `CPU time per training step (forward, backward, Adam), best of ${steps} after a warm-up, each model in its own ` +
    `process; one thread for ours and PyTorch ${env.torch ?? 'n/a'} (Debian's build: generic reference BLAS, and its 1x1 ` +
    `convolutions take the slow im2col path, so bottleneck and dense nets such as ResNet-50 and DenseNet-121 are slow there); ` +
    `data = the mean wall time a step waited for its batch (over 2 s or 400 steps), read from .npy and augmented on the ` +
    `batch-reading thread while the previous step ran, as in the trainer; share = of the step's median wall time (goal: under 10%); ${env.cpu}, load average ${env.loadavg[0]}.`;
  console.log(`\n${table}\n\n${note}`);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  // a partial run (--quick, --only) must not replace the full table the README quotes
  const name = QUICK || ONLY ? 'train-partial' : 'train';
  writeFileSync(join(ROOT, 'bench', 'results', `${name}.json`), JSON.stringify({ env, rows }, null, 2) + '\n');
  writeFileSync(join(ROOT, 'bench', 'results', `${name}.md`), `${table}\n\n${note}\n`);
}

await main();
