/**
 * BatchMatMul for wasm, wrapping the backend's own: with transposeA or transposeB its XNNPACK
 * path is skipped for a scalar loop 10x slower, and every Dense/LSTM gradient multiplies by a
 * transpose. We transpose explicitly (SIMD, a memory pass) and call the original untransposed.
 *
 * Which operands get transposed matters for memory: a Dense layer's input gradient is
 * dy @ W^T, and transposing W (S004's full6: 103 M weights) makes a copy the size of the
 * weights, which XNNPACK then packs into another. The same product computed as
 * (W @ dy^T)^T only transposes dy and the small result, and packs dy^T. The forward multiply's
 * packed copy of large weights is released early while training (packedWeights.ts).
 */
import { BatchMatMul, type BatchMatMulAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { builtinSetup, runBuiltin } from './builtins.js';
import { nativeOf, sizeOf } from './kernelUtil.js';
import { notePackedWeights, releasePackedWeights } from './packedWeights.js';

/** Batched transpose of the last two axes, as a new tensor; the caller disposes it. */
function transposeLast2(backendArg: unknown, t: TensorInfo): TensorInfo {
  const n = nativeOf(backendArg);
  const r = t.shape.length;
  const R = t.shape[r - 2] ?? 1, C = t.shape[r - 1] ?? 1;
  const out = n.output([...t.shape.slice(0, r - 2), C, R]);
  n.k.transpose(n.ptr(t), n.ptr(out), sizeOf(t.shape.slice(0, r - 2)), R, C);
  return out;
}

/** Bytes of op(a) @ op(b) (float32), batch dimensions broadcast. */
export function outputBytes(aShape: readonly number[], bShape: readonly number[], transposeA: boolean, transposeB: boolean): number {
  const M = transposeA ? aShape[aShape.length - 1]! : aShape[aShape.length - 2]!;
  const N = transposeB ? bShape[bShape.length - 2]! : bShape[bShape.length - 1]!;
  return Math.max(sizeOf(aShape.slice(0, -2)), sizeOf(bShape.slice(0, -2))) * M * N * 4;
}

/**
 * Whether computing C = op(a) @ op(b) as (op(b)^T @ op(a)^T)^T allocates less: elements of the
 * temporaries each way, counting the packed copy XNNPACK makes of its right operand.
 */
export function swapOperands(aShape: readonly number[], bShape: readonly number[], transposeA: boolean, transposeB: boolean): boolean {
  const a = sizeOf(aShape), b = sizeOf(bShape), c = outputBytes(aShape, bShape, transposeA, transposeB) / 4;
  const direct = (transposeA ? a : 0) + (transposeB ? b : 0) + b;
  const swapped = (transposeA ? 0 : a) + (transposeB ? 0 : b) + a + c;
  return swapped < direct;
}

/** a: [...batch, M, K] (or [..., K, M] transposed), b: [...batch, K, N] (or [..., N, K]) -> [...batch, M, N]. */
export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  setupFunc: builtinSetup(BatchMatMul),
  kernelFunc: (args) => {
    const run = (a: TensorInfo, b: TensorInfo): TensorInfo =>
      runBuiltin(BatchMatMul, { ...args, inputs: { a, b }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    releasePackedWeights(outputBytes(a.shape, b.shape, transposeA, transposeB));
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') {
      const out = runBuiltin(BatchMatMul, args);
      notePackedWeights(args.backend, b);
      return out;
    }
    const n = nativeOf(args.backend);
    const temps: TensorInfo[] = [];
    const temp = (t: TensorInfo): TensorInfo => { temps.push(t); return t; };
    try {
      if (!swapOperands(a.shape, b.shape, transposeA, transposeB)) {
        return run(transposeA ? temp(transposeLast2(args.backend, a)) : a, transposeB ? temp(transposeLast2(args.backend, b)) : b);
      }
      // op(b)^T is b itself when b was to be transposed, likewise for a
      const left = transposeB ? b : temp(transposeLast2(args.backend, b));
      const right = transposeA ? a : temp(transposeLast2(args.backend, a));
      return transposeLast2(args.backend, temp(run(left, right)));
    } finally {
      for (const t of temps) n.backend.disposeData(t.dataId);
    }
  },
};
