/**
 * BatchMatMul for wasm, wrapping the backend's own: with transposeA or transposeB its XNNPACK
 * path is skipped for a scalar loop 10x slower, and every Dense/LSTM gradient multiplies by a
 * transpose. We transpose the operand explicitly (SIMD, a memory pass) and call the original
 * untransposed.
 */
import { BatchMatMul, type BatchMatMulAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { builtinSetup, runBuiltin } from './builtins.js';
import { nativeOf, sizeOf } from './kernelUtil.js';

/** Batched transpose of the last two axes, as a new tensor; the caller disposes it. */
function transposeLast2(backendArg: unknown, t: TensorInfo): TensorInfo {
  const n = nativeOf(backendArg);
  const r = t.shape.length;
  const R = t.shape[r - 2] ?? 1, C = t.shape[r - 1] ?? 1;
  const out = n.output([...t.shape.slice(0, r - 2), C, R]);
  n.k.transpose(n.ptr(t), n.ptr(out), sizeOf(t.shape.slice(0, r - 2)), R, C);
  return out;
}

/** a: [...batch, M, K] (or [..., K, M] transposed), b: [...batch, K, N] (or [..., N, K]) -> [...batch, M, N]. */
export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  setupFunc: builtinSetup(BatchMatMul),
  kernelFunc: (args) => {
    const run = (a: typeof args): TensorInfo => runBuiltin(BatchMatMul, a);
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') return run(args);
    const at = transposeA ? transposeLast2(args.backend, a) : a;
    const bt = transposeB ? transposeLast2(args.backend, b) : b;
    try {
      return run({ ...args, inputs: { a: at, b: bt }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      const n = nativeOf(args.backend);
      if (at !== a) n.backend.disposeData(at.dataId);
      if (bt !== b) n.backend.disposeData(bt.dataId);
    }
  },
};
