/**
 * Train-step time of the benchmark models on pure JS, wasm and PyTorch CPU (same thread count),
 * with ratios: `node --import tsx bench/backends.ts [--quick] [--profile] [--no-torch] [--write-readme]`.
 * Writes bench/results/backends.json (and .md); --write-readme replaces README's table.
 *
 * Times are the best of N steps after a warm-up step (medians are kept in the JSON). Both wall and
 * CPU time are recorded; the table uses CPU time, which a busy shared machine skews less (every
 * run here is single-threaded), and the best step, which other processes' cache traffic spoils least.
 * Pure JS takes minutes per step at full size, so it runs once at a reduced size next to wasm at
 * that size; its full-size figure is that slowdown applied to wasm's full-size time (marked ~).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { prepareWasm, guardWasmAllocator } from '../src-main/training/backends/wasmSetup.js';
import { profileKernels } from '../src-main/training/backends/kernelProfiler.js';
import { createTrainable, disposeTrainable, syntheticBatch, trainStep } from '../src-main/training/trainStep.js';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const ROOT = join(import.meta.dirname, '..');

/**
 * Each case's config matches its PyTorch twin in bench/backendsTorch.py layer for layer: the small
 * CNN and the 3D CNN without the optional dense + dropout head (denseUnits: 0), as in S001's net.
 */
interface Case { id: string; family: string; label: string; config: Record<string, unknown>; batch: number; goal: number | null;
  /** Reduced size for the pure-JS run. */ small: { config: Record<string, unknown>; batch: number } }

const CASES: Case[] = [
  { id: 'small-cnn', family: 'small-cnn', label: 'S001 small CNN, 112x112x3', batch: 8, goal: 5,
    config: { inputSize: 112, widths: [96, 256, 512], classes: 40, denseUnits: 0 }, small: { config: { inputSize: 56, widths: [96, 256, 512], classes: 40, denseUnits: 0 }, batch: 2 } },
  { id: 'resnet18', family: 'resnet18', label: 'ResNet-18, 112x112x3', batch: 8, goal: 5,
    config: { inputSize: 112, classes: 40 }, small: { config: { inputSize: 56, classes: 40 }, batch: 2 } },
  { id: 'cnn3d', family: 'cnn3d', label: 'S001 3D CNN, 16x112x112x2 flow', batch: 2, goal: 10,
    config: { frames: 16, size: 112, filters: [32, 64, 128], classes: 40, denseUnits: 0 }, small: { config: { frames: 8, size: 56, filters: [32, 64, 128], classes: 40, denseUnits: 0 }, batch: 1 } },
  { id: 'lstm-head', family: 'lstm-head', label: 'LSTM head, 10x512 codes', batch: 32, goal: null,
    config: { steps: 10, codeSize: 512, units: 256, classes: 101 }, small: { config: { steps: 10, codeSize: 512, units: 256, classes: 101 }, batch: 8 } },
];

interface Timing { wallMs: number; cpuMs: number; medianWallMs?: number; medianCpuMs?: number }
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuNow = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** Median step time of `family` at `config` on the active backend. */
function timeSteps(family: string, config: unknown, batch: number, steps: number, warmup: number): Timing {
  const t = createTrainable(family, config);
  const { x, labels } = syntheticBatch(t, batch);
  const wall: number[] = [], cpu: number[] = [];
  try {
    for (let i = 0; i < warmup + steps; i++) {
      const w0 = performance.now(), c0 = cpuNow();
      trainStep(t, x, labels);
      if (i >= warmup) { wall.push(performance.now() - w0); cpu.push(cpuNow() - c0); }
    }
  } finally {
    tf.dispose([x, labels]);
    disposeTrainable(t);
  }
  return { wallMs: Math.min(...wall), cpuMs: Math.min(...cpu), medianWallMs: median(wall), medianCpuMs: median(cpu) };
}

/** The per-kernel split of one wasm step (after a warm-up step). */
function profileCase(c: Case): void {
  const t = createTrainable(c.family, c.config);
  const { x, labels } = syntheticBatch(t, c.batch);
  trainStep(t, x, labels);
  const p = profileKernels('wasm', () => trainStep(t, x, labels));
  tf.dispose([x, labels]);
  disposeTrainable(t);
  console.log(`\n${c.label}, batch ${c.batch}: ${p.totalMs.toFixed(0)} ms CPU per step on wasm`);
  for (const k of p.kernels.slice(0, 10)) console.log(`  ${k.kernel.padEnd(28)} ${k.ms.toFixed(1).padStart(7)} ms  ${String(k.calls).padStart(4)} calls`);
}

function torchTimes(threads: number, steps: number): { version: string; cases: Record<string, Timing> } | null {
  if (args.has('--no-torch')) return null;
  const spec = { threads, steps, warmup: 1, cases: CASES.map((c) => ({ id: c.id, family: c.family, config: c.config, batch: c.batch,
    inputShape: c.family === 'lstm-head' ? [c.config.steps, c.config.codeSize] : c.family === 'cnn3d'
      ? [c.config.frames, c.config.size, c.config.size, 2] : [c.config.inputSize, c.config.inputSize, 3] })) };
  try {
    const out = execFileSync('/usr/bin/python3', [join(ROOT, 'bench', 'backendsTorch.py')], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 20 });
    const r = JSON.parse(out) as { torch: string; cases: Record<string, Timing> };
    return { version: r.torch, cases: r.cases };
  } catch (err) {
    console.log(`PyTorch skipped (apt-get install -y python3-torch): ${(err as Error).message.split('\n')[0]}`);
    return null;
  }
}

const fmt = (ms: number | undefined, approx = false): string =>
  ms === undefined ? 'n/a' : `${approx ? '~' : ''}${ms >= 10000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`}`;

async function main(): Promise<void> {
  const steps = QUICK ? 2 : 7;
  prepareWasm();
  await tf.setBackend('wasm');
  guardWasmAllocator();
  const rows: Record<string, { wasm: Timing; wasmSmall?: Timing; cpuSmall?: Timing; cpuEstimateMs?: number }> = {};
  for (const c of CASES) {
    await tf.setBackend('wasm');
    const wasm = timeSteps(c.family, c.config, c.batch, steps, 1);
    console.log(`wasm   ${c.label}: ${fmt(wasm.cpuMs)} CPU, ${fmt(wasm.wallMs)} wall per step`);
    rows[c.id] = { wasm };
    if (QUICK && c.family !== 'lstm-head') continue;
    const wasmSmall = timeSteps(c.family, c.small.config, c.small.batch, 1, 1);
    await tf.setBackend('cpu');
    const cpuSmall = timeSteps(c.family, c.small.config, c.small.batch, 1, 0);
    const cpuEstimateMs = wasm.cpuMs * (cpuSmall.cpuMs / wasmSmall.cpuMs);
    console.log(`pureJS ${c.label} at ${JSON.stringify(c.small.config)} batch ${c.small.batch}: ${fmt(cpuSmall.cpuMs)} vs wasm ${fmt(wasmSmall.cpuMs)}`);
    rows[c.id] = { wasm, wasmSmall, cpuSmall, cpuEstimateMs };
  }
  await tf.setBackend('wasm');
  if (args.has('--profile')) for (const c of CASES) profileCase(c);
  const torch = torchTimes(1, steps);
  const lines = [
    '| model (batch) | pure JS | wasm | PyTorch CPU | wasm / PyTorch | goal |',
    '|---|---|---|---|---|---|',
    ...CASES.map((c) => {
      const r = rows[c.id]!, pt = torch?.cases[c.id];
      const ratio = pt ? r.wasm.cpuMs / pt.cpuMs : undefined;
      return `| ${c.label} (${c.batch}) | ${fmt(r.cpuEstimateMs, true)} | ${fmt(r.wasm.cpuMs)} | ${fmt(pt?.cpuMs)} | ` +
        `${ratio ? `${ratio.toFixed(1)}x` : 'n/a'} | ${c.goal ? `within ${c.goal}x${ratio ? (ratio <= c.goal ? ' (met)' : ' (missed)') : ''}` : '-'} |`;
    }),
  ];
  const env = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, loadavg: loadavg().map((l) => +l.toFixed(2)),
    torch: torch?.version, threads: 1, date: new Date().toISOString(), quick: QUICK, steps };
  const note = `CPU time per training step (forward, backward, Adam update), best of ${steps}; 1 thread for wasm and PyTorch ` +
    `(torch ${env.torch ?? 'n/a'}); ${env.cpu}, load average ${env.loadavg[0]} during the run. Pure JS (~): measured at a reduced size, scaled by wasm's full-size time.`;
  console.log(`\n${lines.join('\n')}\n\n${note}`);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'backends.json'), JSON.stringify({ env, cases: CASES, wasmAndJs: rows, torch }, null, 2) + '\n');
  writeFileSync(join(ROOT, 'bench', 'results', 'backends.md'), `${lines.join('\n')}\n\n${note}\n`);
  if (args.has('--write-readme')) writeReadme(`${lines.join('\n')}\n\n${note}`);
}

/** Replaces the table between the benchmark markers in README.md's Performance section. */
function writeReadme(table: string): void {
  const path = join(ROOT, 'README.md');
  const text = readFileSync(path, 'utf8');
  const re = /<!-- bench:backends -->[\s\S]*<!-- \/bench:backends -->/;
  if (!re.test(text)) throw new Error('README.md has no <!-- bench:backends --> markers in its Performance section');
  writeFileSync(path, text.replace(re, `<!-- bench:backends -->\n${table}\n<!-- /bench:backends -->`));
}

await main();
