/**
 * The backend's own kernels that ours replace but still fall back to (for dtypes or layouts our
 * fast paths do not cover), captured once before registration overwrites them.
 */
import { getKernel, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

const originals = new Map<string, KernelConfig>();

/** Remembers the current 'wasm' kernels of these names (call before registering ours). */
export function captureBuiltins(names: readonly string[]): void {
  for (const name of names) {
    const k = getKernel(name, 'wasm');
    if (k && !originals.has(name)) originals.set(name, k);
  }
}

/** The captured built-in kernel, or a clear error if registration order went wrong. */
export function builtin(name: string): KernelConfig {
  const k = originals.get(name);
  if (!k) throw new Error(`The wasm backend's own ${name} kernel was not captured before it was replaced`);
  return k;
}

/** Runs the captured built-in kernel. */
export function runBuiltin(name: string, args: { inputs: object; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  return (builtin(name).kernelFunc as KernelFunc)(args as Parameters<KernelFunc>[0]) as TensorInfo;
}

/** A setupFunc that runs the built-in's (which cwraps its wasm function) when the backend starts. */
export function builtinSetup(name: string): (backend: object) => void {
  return (backend) => originals.get(name)?.setupFunc?.(backend);
}
