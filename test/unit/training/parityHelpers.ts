/**
 * Helpers for comparing the wasm backend (with our kernels) against the pure-JS cpu backend:
 * run the same kernel on both with the same data, and measure the worst difference relative to
 * the largest reference value.
 */
import * as tf from '@tensorflow/tfjs';
import { prepareWasm, guardWasmAllocator } from '../../../src-main/training/backends/wasmSetup.js';

/** Initialises the wasm backend once (with our kernels) and leaves it active. */
export async function useWasm(): Promise<void> {
  prepareWasm();
  await tf.setBackend('wasm');
  guardWasmAllocator();
}

/** Deterministic pseudo-random values in [-1, 1) (the same on every backend). */
export function randomValues(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Input data for a kernel: shape, values and dtype. */
export interface Data { shape: number[]; values: Float32Array | Int32Array; dtype?: 'float32' | 'int32' }

/** A float32 input of `shape` with values from `seed`. */
export function data(shape: number[], seed: number): Data {
  return { shape, values: randomValues(shape.reduce((a, b) => a * b, 1), seed) };
}

/** Runs kernel `name` on `backend` and returns its output values. */
export async function runKernelOn(backend: string, name: string, inputs: Record<string, Data>, attrs: object): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const ts: Record<string, tf.Tensor> = {};
    for (const [k, d] of Object.entries(inputs)) ts[k] = tf.tensor(d.values, d.shape, d.dtype ?? 'float32');
    const out = tf.engine().runKernel(name, ts, attrs as tf.NamedAttrMap) as tf.Tensor;
    return Float32Array.from(out.dataSync());
  });
}

/** Runs `f` on `backend` and returns the values of the tensor it returns. */
export async function valuesOn(backend: string, f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => Float32Array.from(f().dataSync()));
}

/** max |a - ref| / max |ref| (0 when both are all zeros); Infinity when lengths differ. */
export function relDiff(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (a.length !== ref.length) return Infinity;
  let d = 0, m = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - ref[i]!));
    m = Math.max(m, Math.abs(ref[i]!));
  }
  if (Number.isNaN(d)) return Infinity;
  return m === 0 ? d : d / m;
}

/** A [KH, KW, ...] filter with dilation d written out as zeros between taps: [(KH-1)d+1, (KW-1)d+1, ...]. */
export function dilateFilter(f: Data, d: number): Data {
  const [kh, kw, ...rest] = f.shape as [number, number, ...number[]];
  const inner = rest.reduce((a, b) => a * b, 1);
  const eh = (kh - 1) * d + 1, ew = (kw - 1) * d + 1;
  const out = new Float32Array(eh * ew * inner);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
    out.set(f.values.subarray((i * kw + j) * inner, (i * kw + j + 1) * inner), (i * d * ew + j * d) * inner);
  }
  return { shape: [eh, ew, ...rest], values: out };
}

/** The taps of an expanded filter gradient at multiples of d: the inverse of dilateFilter. */
export function undilate(values: Float32Array, shape: number[], d: number): Float32Array {
  const [kh, kw, ...rest] = shape as [number, number, ...number[]];
  const inner = rest.reduce((a, b) => a * b, 1);
  const ew = (kw - 1) * d + 1;
  const out = new Float32Array(kh * kw * inner);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
    out.set(values.subarray((i * d * ew + j * d) * inner, (i * d * ew + j * d + 1) * inner), (i * kw + j) * inner);
  }
  return out;
}
