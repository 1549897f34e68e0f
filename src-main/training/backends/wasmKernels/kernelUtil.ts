/** Small helpers shared by our wasm kernel files. */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { nativeFor, type Native } from './native/runtime.js';

/** The kernels and helpers of the backend a kernel was called with. */
export function nativeOf(backend: unknown): Native {
  return nativeFor(backend);
}

/** Our kernels are float32 only, like the convolutions they serve; says which input is not. */
export function requireFloat32(kernel: string, inputs: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(inputs)) {
    if (t.dtype !== 'float32') throw new Error(`${kernel} on the wasm backend needs float32 ${name}, got ${t.dtype}`);
  }
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
