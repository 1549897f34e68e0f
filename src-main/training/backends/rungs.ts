/**
 * The rungs of the training backend ladder, fastest first. Each rung tries to load its backend
 * (a dynamic import inside try/catch, so optional native packages may be missing) and says what
 * speed to expect, for `mwb doctor`, the UI banner and run records.
 */
import * as tf from '@tensorflow/tfjs';
import type { RungId } from './rungIds.js';
import { guardWasmAllocator, prepareWasm, wasmHasSimd } from './wasmSetup.js';

export type { RungId } from './rungIds.js';

/** What a rung reports once its backend is active. */
export interface RungInfo {
  /** The device doing the math, e.g. "NVIDIA GPU (CUDA)" or "CPU, WebAssembly SIMD, 1 thread". */
  device: string;
  threads: number;
  /** Package versions in use. */
  versions: Record<string, string>;
}

/** One rung: how to load it and what to tell the user about it. */
export interface Rung {
  id: RungId;
  /** The tfjs backend name it activates. */
  backendName: string;
  /** Expected speed, for the banner and doctor. */
  speed: string;
  /** How to get this rung where it is missing. */
  howToGet: string;
  /** Activates the backend or throws why it cannot. */
  load(): Promise<RungInfo>;
}

/** Imports an optional package by name without bundlers or TypeScript resolving it statically. */
async function importOptional(name: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ name)) as Record<string, unknown>;
}

async function activate(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs could not initialise the ${name} backend`);
  await tf.ready();
}

/** Number of CPU threads native TensorFlow uses (its own pool: all cores unless told otherwise). */
function nativeThreads(): number {
  return Number(process.env.TF_NUM_INTRAOP_THREADS) || (globalThis.navigator?.hardwareConcurrency ?? 1);
}

async function loadNative(pkg: string, wantGpu: boolean): Promise<RungInfo> {
  const mod = await importOptional(pkg);
  await activate('tensorflow');
  const onGpu = Boolean((tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice);
  if (wantGpu && !onGpu) throw new Error(`${pkg} loaded, but TensorFlow found no usable CUDA GPU`);
  const version = (mod.version as Record<string, string> | undefined)?.['tfjs-node'] ?? 'unknown';
  return {
    device: onGpu ? 'NVIDIA GPU (CUDA)' : 'CPU, native TensorFlow',
    threads: onGpu ? 1 : nativeThreads(),
    versions: { [pkg]: version, '@tensorflow/tfjs': tf.version.tfjs },
  };
}

/** The ladder, fastest first. */
export const RUNGS: readonly Rung[] = [
  {
    id: 'tfjs-node-gpu',
    backendName: 'tensorflow',
    speed: 'CUDA on an NVIDIA GPU: the fastest rung, typically 10-50x faster than native CPU training.',
    howToGet: 'Install @tensorflow/tfjs-node-gpu (Linux or Windows, NVIDIA GPU, CUDA 11.2 and cuDNN 8.1); its install downloads libtensorflow, so it needs network access once.',
    load: () => loadNative('@tensorflow/tfjs-node-gpu', true),
  },
  {
    id: 'tfjs-node',
    backendName: 'tensorflow',
    speed: 'Native TensorFlow on all CPU cores: about as fast as PyTorch on the same CPU.',
    howToGet: 'Install @tensorflow/tfjs-node; its install downloads libtensorflow (about 100 MB), so it needs network access once.',
    load: () => loadNative('@tensorflow/tfjs-node', false),
  },
  {
    id: 'wasm',
    backendName: 'wasm',
    speed: 'WebAssembly SIMD on one core: no native library needed; about 4x slower per step than PyTorch on one CPU core for 2D/3D CNNs, 50-100x faster than pure JS (README, Performance).',
    howToGet: 'Ships with the app (@tensorflow/tfjs-backend-wasm); nothing to install.',
    load: async () => {
      prepareWasm();
      await activate('wasm');
      guardWasmAllocator();
      const simd = await wasmHasSimd();
      const { version_wasm } = await import('@tensorflow/tfjs-backend-wasm');
      return {
        device: `CPU, WebAssembly${simd ? ' SIMD' : ''}, 1 thread`,
        threads: 1,
        versions: { '@tensorflow/tfjs-backend-wasm': version_wasm, '@tensorflow/tfjs': tf.version.tfjs },
      };
    },
  },
  {
    id: 'cpu',
    backendName: 'cpu',
    speed: 'Pure JavaScript: roughly 1000x slower than native for CNNs; fine for tests and tiny models only.',
    howToGet: 'Always available.',
    load: async () => {
      await activate('cpu');
      return { device: 'CPU, plain JavaScript, 1 thread', threads: 1, versions: { '@tensorflow/tfjs': tf.version.tfjs } };
    },
  },
];

/** The rung with this id. */
export function getRung(id: RungId): Rung {
  const r = RUNGS.find((x) => x.id === id);
  if (!r) throw new Error(`Unknown backend rung "${id}". Known: ${RUNGS.map((x) => x.id).join(', ')}`);
  return r;
}
