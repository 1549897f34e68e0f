/**
 * Prepares the WebAssembly backend under Node, Electron and worker threads: points tfjs at the
 * .wasm binaries inside node_modules (a file path, nothing fetched), registers our kernels, and
 * makes the heap allocator throw a clear error instead of returning null when memory runs out.
 *
 * Which binaries work under Node 20 (checked on this project's machines):
 * - tfjs-backend-wasm.wasm (plain) and tfjs-backend-wasm-simd.wasm load; tfjs picks SIMD when
 *   WebAssembly.validate accepts SIMD code, which Node 20 does.
 * - tfjs-backend-wasm-threaded-simd.wasm does not: tfjs reports no multithreading under Node
 *   (its WASM_HAS_MULTITHREAD_SUPPORT flag is false when IS_NODE), and forcing it fails because
 *   emscripten starts its pthread workers from a blob: URL, which Node's Worker rejects
 *   (ERR_WORKER_PATH). So wasm training runs on one thread per process or worker thread.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from './wasmKernels/index.js';
import { WasmOutOfMemoryError, type WasmBackendInternals } from './wasmKernels/native/runtime.js';

/** Folder holding tfjs-backend-wasm's .wasm files (its dist/), with a trailing separator. */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/');
}

let prepared = false;

/** Sets the binary paths and registers our kernels; safe to call more than once. */
export function prepareWasm(): void {
  if (prepared) return;
  setWasmPaths(wasmBinaryDir());
  registerWasmKernels();
  prepared = true;
}

const guarded = new WeakSet<object>();

/** The wasm32 heap limit tfjs's module is built with (4 GiB minus one page). */
const MAX_HEAP_BYTES = 4294901760;

/** Makes the active wasm backend's malloc throw WasmOutOfMemoryError instead of returning 0. */
export function guardWasmAllocator(): void {
  const backend = tf.backend() as unknown as WasmBackendInternals;
  const wasm = backend.wasm;
  if (!wasm || guarded.has(wasm)) return;
  const malloc = wasm._malloc.bind(wasm);
  wasm._malloc = (bytes: number): number => {
    // tfjs passes sizes as JS numbers; past 4 GiB they would wrap around in wasm32.
    if (bytes > MAX_HEAP_BYTES) throw new WasmOutOfMemoryError(bytes);
    const p = malloc(bytes);
    if (p === 0 && bytes > 0) throw new WasmOutOfMemoryError(bytes);
    return p;
  };
  guarded.add(wasm);
}

/** Whether the SIMD binary is the one in use (tfjs decides from WebAssembly.validate). */
export async function wasmHasSimd(): Promise<boolean> {
  return Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
}
