import type { TrainingBackendInfo, TrainingRungId, TrainingRungStatus } from '../../ipc/contract.js';
import type { BackendChoice } from './ladder.js';
import type { Rung, RungId } from './rungs.js';
import { runInWorker } from '../../jobs/workerHost.js';

// The contract mirrors the ladder's rung ids; this line fails to compile if they drift apart.
const _sameRungs: [RungId, TrainingRungId] extends [TrainingRungId, RungId] ? true : never = true;
void _sameRungs;

const TITLES: Record<TrainingRungId, string> = {
  'tfjs-node-gpu': 'TensorFlow on an NVIDIA GPU',
  'tfjs-node': 'Native TensorFlow (CPU)',
  wasm: 'WebAssembly',
  cpu: 'Plain JavaScript',
};

const NATIVE = new Set<TrainingRungId>(['tfjs-node-gpu', 'tfjs-node']);

/** How much slower than native training a non-native rung is (numbers from the README's Performance table). */
const SLOWDOWN: Partial<Record<TrainingRungId, string>> = {
  wasm: 'About 4x slower per training step than native CPU training on one core (3.7-4.1x the time of PyTorch in the README benchmark), and it uses one core where native TensorFlow uses all of them; an NVIDIA GPU is typically 10-50x faster again.',
  cpu: 'Roughly 1000x slower than native TensorFlow for CNNs: fine for tests and tiny models only.',
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The status-bar label of the rung in use, e.g. "WebAssembly (SIMD, 1 thread)". */
export function rungLabel(c: Pick<BackendChoice, 'rung' | 'device' | 'threads'>): string {
  switch (c.rung) {
    case 'tfjs-node-gpu': return 'NVIDIA GPU (CUDA)';
    case 'tfjs-node': return `Native TensorFlow (${plural(c.threads, 'thread')})`;
    case 'wasm': return `WebAssembly (${/SIMD/.test(c.device) ? 'SIMD, ' : ''}${plural(c.threads, 'thread')})`;
    case 'cpu': return `Plain JavaScript (${plural(c.threads, 'thread')})`;
  }
}

/** Every rung with its status, given the ladder's choice. */
export function rungStatuses(c: BackendChoice, rungs: readonly Rung[], forced: RungId | null): TrainingRungStatus[] {
  const used = rungs.findIndex((r) => r.id === c.rung);
  return rungs.map((r, i) => {
    const skipped = c.skipped.find((s) => s.rung === r.id);
    let status: TrainingRungStatus['status'] = 'not-checked';
    let detail: string | null;
    if (i === used) {
      status = 'in-use';
      detail = null;
    } else if (skipped) {
      status = 'missing';
      detail = skipped.error;
    } else if (i < used && forced) {
      detail = `Not tried: MWB_TRAINING_BACKEND=${forced} forces the ${forced} rung.`;
    } else {
      detail = `Not tried: the faster ${c.rung} rung loaded.`;
    }
    return { id: r.id, title: TITLES[r.id], native: NATIVE.has(r.id), status, detail, speed: r.speed, howToGet: r.howToGet };
  });
}

/**
 * The UI's backend report from the ladder's choice (pure, so this module stays free of tfjs;
 * probeWorker.ts climbs the ladder and calls this).
 */
export function backendInfo(c: BackendChoice, rungs: readonly Rung[], forced: RungId | null, banner: string): Omit<TrainingBackendInfo, 'checkMs'> {
  return {
    rung: c.rung,
    label: rungLabel(c),
    native: NATIVE.has(c.rung),
    device: c.device,
    threads: c.threads,
    versions: c.versions,
    fallbackReason: c.fallbackReason,
    howToGetFaster: c.howToGetFaster,
    speed: c.speed,
    banner,
    slowdown: SLOWDOWN[c.rung] ?? null,
    forced,
    rungs: rungStatuses(c, rungs, forced),
  };
}

/** Runs the check in a throwaway worker thread; `checkMs` is how long it took. */
export async function probeTrainingBackend(): Promise<TrainingBackendInfo> {
  const t0 = performance.now();
  const info = await runInWorker<void, Omit<TrainingBackendInfo, 'checkMs'>>('training/backends/probeWorker.ts', undefined, { maxHeapMb: 1024 });
  return { ...info, checkMs: Math.round(performance.now() - t0) };
}
