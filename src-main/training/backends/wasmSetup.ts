/**
 * Prepares the WebAssembly backend under Node, Electron and worker threads: points tfjs at the
 * .wasm binaries inside node_modules (a file path, nothing fetched), registers our kernels, and
 * makes the heap allocator throw a clear error when memory runs out (see wasmHeapGuard.ts).
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

export { guardWasmAllocator } from './wasmHeapGuard.js';

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

/** Whether the SIMD binary is the one in use (tfjs decides from WebAssembly.validate). */
export async function wasmHasSimd(): Promise<boolean> {
  return Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
}
