/**
 * MwbBatchNormTrain and MwbBatchNormTrainGrad for wasm (our own kernel names, used by
 * models/layers/batchNormOp.ts): batch norm of a training step in three passes over x forward
 * and two over (dy, x) backward, instead of the ~30 element-wise ops and broadcasts tfjs
 * composes. x is viewed as [R, C] with C the last axis; per-channel arithmetic runs in JS on C
 * values in the shared memory (in double precision, stored as float32).
 *
 * Backward, with inv = 1 / sqrt(var + eps), xc = x - mean, S1 = sum dy, S2 = sum dy xc:
 * dbeta = S1, dgamma = S2 inv, dx = gamma inv dy - gamma inv^3 S2 / R xc - gamma inv S1 / R.
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';
import type { Native } from './native/runtime.js';

/** Kernel names; backends without them compose batch norm from tfjs ops. */
export const BatchNormTrain = 'MwbBatchNormTrain';
export const BatchNormTrainGrad = 'MwbBatchNormTrainGrad';

/** Attributes of both kernels. */
export interface BatchNormTrainAttrs { epsilon: number }

/** The [R, C] view of a tensor normalised over its last axis. */
function rowsOf(x: TensorInfo): [number, number] {
  const C = x.shape[x.shape.length - 1] ?? 1;
  return [C === 0 ? 0 : sizeOf(x.shape) / C, C];
}

/** C float32 values at a byte address (a fresh view: the memory may have grown since). */
const view = (n: Native, ptr: number, C: number): Float32Array => new Float32Array(n.backend.wasm.asm.memory.buffer, ptr, C);

/** Runs `f` with `count` scratch vectors of C floats, freed after. */
function withScratch<T>(n: Native, C: number, count: number, f: (ptrs: number[]) => T): T {
  const base = n.alloc(Math.max(1, count * C));
  try {
    return f(Array.from({ length: count }, (_, i) => base + i * C * 4));
  } finally {
    n.free(base);
  }
}

/** x [..., C], gamma [C], beta [C] -> [y (x's shape), mean [C], variance [C] (biased)]. */
export const batchNormTrainConfig: KernelConfig = {
  kernelName: BatchNormTrain,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', TensorInfo>;
    requireFloat32(BatchNormTrain, { x, gamma, beta });
    const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
    const [R, C] = rowsOf(x);
    const n = nativeOf(backend);
    const y = n.output(x.shape), mean = n.output([C]), variance = n.output([C]);
    withScratch(n, C, 2, ([part, scale]) => {
      n.k.reduceMid(n.ptr(x), n.ptr(mean), part!, 1, R, C, 1 / Math.max(R, 1));
      n.k.bnSqDev(n.ptr(x), n.ptr(mean), n.ptr(variance), part!, R, C);
      const v = view(n, n.ptr(variance), C), g = view(n, n.ptr(gamma), C), s = view(n, scale!, C);
      for (let c = 0; c < C; c++) {
        v[c] = v[c]! / Math.max(R, 1);
        s[c] = g[c]! / Math.sqrt(v[c]! + epsilon);
      }
      n.k.bnNormalize(n.ptr(x), n.ptr(mean), scale!, n.ptr(beta), n.ptr(y), R, C);
    });
    return [y, mean, variance];
  },
};

/** dy, x [..., C]; gamma, mean, variance [C] -> [dx (x's shape), dgamma [C], dbeta [C]]. */
export const batchNormTrainGradConfig: KernelConfig = {
  kernelName: BatchNormTrainGrad,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, x, gamma, mean, variance } = inputs as Record<'dy' | 'x' | 'gamma' | 'mean' | 'variance', TensorInfo>;
    requireFloat32(BatchNormTrainGrad, { dy, x, gamma, mean, variance });
    const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
    const [R, C] = rowsOf(x);
    const n = nativeOf(backend);
    const dx = n.output(x.shape), dgamma = n.output([C]), dbeta = n.output([C]);
    withScratch(n, C, 5, ([part, , p, q, o]) => {
      n.k.bnGradSums(n.ptr(dy), n.ptr(x), n.ptr(mean), n.ptr(dbeta), n.ptr(dgamma), part!, R, C);
      const v = view(n, n.ptr(variance), C), g = view(n, n.ptr(gamma), C), s1 = view(n, n.ptr(dbeta), C), dg = view(n, n.ptr(dgamma), C);
      const [pv, qv, ov] = [p!, q!, o!].map((ptr) => view(n, ptr, C)) as [Float32Array, Float32Array, Float32Array];
      for (let c = 0; c < C; c++) {
        const inv = 1 / Math.sqrt(v[c]! + epsilon), s2 = dg[c]!, gi = g[c]! * inv;
        dg[c] = s2 * inv;
        pv[c] = gi;
        qv[c] = R > 0 ? (-gi * inv * inv * s2) / R : 0;
        ov[c] = R > 0 ? (-gi * s1[c]!) / R : 0;
      }
      n.k.bnInputGrad(n.ptr(dy), n.ptr(x), n.ptr(mean), p!, q!, o!, n.ptr(dx), R, C);
    });
    return [dx, dgamma, dbeta];
  },
};
