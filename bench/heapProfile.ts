/**
 * Where a training step's wasm heap goes: the heap break (what the 4 GiB limit applies to) and
 * the bytes live in malloc'd blocks, their high-water marks per phase (forward, backward,
 * optimiser update), and the kernels whose calls raise the live bytes most above what was live
 * when they started (their outputs plus scratch). One model, one process, on the wasm rung:
 * `node --import tsx bench/heapProfile.ts [family] [json config] [batch] [steps]`,
 * e.g. `node --import tsx bench/heapProfile.ts flow-cnn '{"size":224,"length":10}' 8`.
 * Also lists the kernel calls that raised the break, which shows fragmentation (a raise while
 * the live bytes stay far below the break) and allocations made inside the backend's C++ code
 * (XNNPACK's packed weights: the break rises, our live count does not). `BIG=1` logs every block
 * of 64 MiB or more with its address as it is allocated and freed. `OPT='{"type":"sgd",...}'`
 * (optionally `CLIP=<norm>`) steps the way the trainer does instead of `trainStep` (Adam via
 * minimize): that optimiser from trainer/optimizer.ts, gradients clipped and decayed by
 * transformGradients, e.g. S004's recipe: `OPT='{"type":"sgd","lr":0.01,"momentum":0.9,"weightDecay":5e-4}'`.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src-main/training/backends/ladder.js';
import type { WasmBackendInternals } from '../src-main/training/backends/wasmKernels/native/runtime.js';
import { wasmHeapBreak } from '../src-main/training/backends/wasmHeapGuard.js';
import { optimizerSchema } from '../src-main/training/run/config.js';
import { makeOptimizer, transformGradients } from '../src-main/training/trainer/optimizer.js';
import { createTrainable, disposeTrainable, syntheticBatch, trainStep, batchLoss, type Trainable } from '../src-main/training/trainStep.js';

const [family = 'flow-cnn', configJson = '{"size":224,"length":10}', batchArg = '8', stepsArg = '2'] = process.argv.slice(2);
process.env.MWB_TRAINING_BACKEND ??= 'wasm';
await selectBackend();
if (tf.getBackend() !== 'wasm') throw new Error(`wasm backend not selected (${tf.getBackend()})`);

const MiB = 2 ** 20;
const BIG = Boolean(process.env.BIG);
const mib = (b: number): string => `${(b / MiB).toFixed(0)} MiB`;
const wasm = (tf.backend() as unknown as WasmBackendInternals).wasm;
const sizes = new Map<number, number>();
let live = 0, phase = 'setup';
const peaks = new Map<string, { live: number; brk: number }>();
const brkNow = (): number => wasmHeapBreak() ?? wasm.asm.memory.buffer.byteLength;
function note(): void {
  const p = peaks.get(phase) ?? { live: 0, brk: 0 };
  p.live = Math.max(p.live, live);
  p.brk = Math.max(p.brk, brkNow());
  peaks.set(phase, p);
}
// wasm._free starts as an emscripten stub that replaces itself on first call: wrap the raw export
const malloc = wasm._malloc, free = (p: number): void => wasm.asm.free(p);
wasm._malloc = (bytes: number): number => {
  const p = malloc(bytes);
  sizes.set(p >>> 0, bytes);
  if (BIG && bytes >= 64 * MiB) console.log(`  malloc ${mib(bytes)} at ${mib(p >>> 0)} [${phase}]`);
  live += bytes;
  note();
  return p;
};
wasm._free = (ptr: number): void => {
  live -= sizes.get(ptr >>> 0) ?? 0;
  if (BIG && (sizes.get(ptr >>> 0) ?? 0) >= 64 * MiB) console.log(`  free ${mib(sizes.get(ptr >>> 0)!)} at ${mib(ptr >>> 0)} [${phase}]`);
  sizes.delete(ptr >>> 0);
  free(ptr);
};

/** Kernel calls that raised the heap break (it never falls): what sets the high-water mark. */
const raisedBreak: string[] = [];
/** Per kernel: largest rise of live bytes during one call above the bytes live at its start. */
const rises = new Map<string, { rise: number; calls: number; phase: string; shapes: string }>();
for (const k of tf.getKernelsForBackend('wasm')) {
  const run = k.kernelFunc;
  tf.unregisterKernel(k.kernelName, 'wasm');
  tf.registerKernel({ ...k, kernelFunc: (args) => {
    const before = live, brk0 = brkNow();
    let top = live;
    const m = wasm._malloc;
    wasm._malloc = (bytes: number): number => { const p = m(bytes); top = Math.max(top, live); return p; };
    try {
      return run(args);
    } finally {
      wasm._malloc = m;
      const brk1 = brkNow();
      if (brk1 - brk0 >= MiB) raisedBreak.push(`${k.kernelName} [${phase}] +${mib(brk1 - brk0)} to ${mib(brk1)} (live ${mib(before)} -> ${mib(top)})`);
      const key = `${k.kernelName} [${phase}]`;
      const e = rises.get(key) ?? { rise: 0, calls: 0, phase, shapes: '' };
      e.calls++;
      if (top - before > e.rise) {
        e.rise = top - before;
        e.shapes = Object.values(args.inputs as Record<string, tf.TensorInfo | undefined>).map((t) => t ? `[${t.shape.join(',')}]` : '-').join(' ')
          + ` ${JSON.stringify(args.attrs ?? {}).slice(0, 80)}`;
      }
      rises.set(key, e);
    }
  } });
}

const batch = Number(batchArg), steps = Number(stepsArg);
const t = createTrainable(family, JSON.parse(configJson));
const optConfig = process.env.OPT ? optimizerSchema.parse(JSON.parse(process.env.OPT)) : null;
if (optConfig) {
  t.optimizer.dispose();
  t.optimizer = makeOptimizer(optConfig);
}
const clipNorm = process.env.CLIP ? Number(process.env.CLIP) : null;

/** trainLoop's step: gradients, clipped and decayed, applied. */
function trainerStep(tr: Trainable, x: tf.Tensor, labels: tf.Tensor1D): number {
  const vars = tr.model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const { value, grads } = tf.variableGrads(() => batchLoss(tr, tr.model.apply(x, { training: true }) as tf.Tensor, labels), vars);
  phase = 'transform';
  note();
  const g = transformGradients(grads, { clipNorm, weightDecay: optConfig!.weightDecay });
  tf.dispose(grads);
  tr.optimizer.applyGradients(g.grads);
  tf.dispose(g.grads);
  const loss = value.dataSync()[0]!;
  value.dispose();
  return loss;
}
const params = t.model.trainableWeights.reduce((a, w) => a + w.shape.reduce<number>((x, y) => x * (y ?? 1), 1), 0);
console.log(`${family} ${configJson} batch ${batch}: ${(params / 1e6).toFixed(1)} M trainable weights (${mib(params * 4)}); after build: live ${mib(live)}, break ${mib(brkNow())}`);
const opt = t.optimizer as tf.Optimizer & { applyGradients: (g: tf.NamedTensorMap) => void };
const apply = opt.applyGradients.bind(opt);
opt.applyGradients = (g: tf.NamedTensorMap): void => { phase = 'update'; note(); apply(g); };
const origApply = t.model.apply.bind(t.model);
t.model.apply = ((x: tf.Tensor, k?: tf.serialization.ConfigDict) => { phase = 'forward'; const y = origApply(x, k); return y; }) as typeof t.model.apply;
// everything after the loss function returns, until applyGradients, is the backward pass
type Gradients = (f: () => tf.Tensor, ...rest: unknown[]) => unknown;
const engine = tf.engine() as unknown as { gradients: Gradients };
const gradients = engine.gradients.bind(engine);
engine.gradients = (f, ...rest) => gradients(() => { const y = f(); phase = 'backward'; note(); return y; }, ...rest);
const { x, labels } = syntheticBatch(t, batch);
try {
  for (let s = 0; s < steps; s++) {
    for (const k of rises.keys()) rises.delete(k);
    peaks.clear();
    const c0 = process.cpuUsage();
    let loss: number;
    try {
      loss = optConfig ? trainerStep(t, x, labels) : trainStep(t, x, labels);
    } catch (err) {
      console.log(`step ${s} failed in ${phase}: ${(err as Error).message}`);
      break;
    }
    const u = process.cpuUsage(c0);
    phase = 'after';
    note();
    console.log(`step ${s}: loss ${loss.toFixed(4)}, cpu ${((u.user + u.system) / 1e3).toFixed(0)} ms, tf.memory ${mib(tf.memory().numBytes)}; `
      + [...peaks].map(([p, v]) => `${p} live ${mib(v.live)} break ${mib(v.brk)}`).join(', '));
  }
} finally {
  console.log('peaks (live malloc bytes / heap break) by phase:');
  for (const [p, v] of peaks) console.log(`  ${p.padEnd(9)} live ${mib(v.live).padStart(10)}  break ${mib(v.brk).padStart(10)}`);
  console.log('kernel calls that raised the heap break:');
  for (const r of raisedBreak) console.log(`  ${r}`);
  console.log('largest per-call rises of live bytes (outputs + scratch), last step:');
  for (const [k, v] of [...rises].sort((a, b) => b[1].rise - a[1].rise).slice(0, 15)) {
    console.log(`  ${mib(v.rise).padStart(9)}  ${k} x${v.calls}  ${v.shapes}`);
  }
  tf.dispose([x, labels]);
  disposeTrainable(t);
}
