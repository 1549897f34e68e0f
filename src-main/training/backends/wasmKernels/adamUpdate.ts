/**
 * MwbAdamUpdate for wasm (our own kernel name): one Adam step for one variable in a single pass,
 * used by training/optimizers/fusedAdam.ts on backends that register it.
 *
 * With `inPlace`, each of value, m and v that no other tensor shares memory with is updated where
 * it lies and returned as itself: three new arrays the size of the weights would otherwise be
 * live at once next to the old ones, which for S004's full6 (103 M weights) is 1.2 GB of the
 * 4 GiB heap. Only the optimiser, which owns m and v and assigns the results straight back to
 * the variables, asks for it.
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';

/** Kernel name; backends without it use tfjs's op-by-op Adam. */
export const AdamUpdate = 'MwbAdamUpdate';

/**
 * Attributes: learning rate, betas, epsilon and the bias corrections c1 = 1 - b1^t, c2 = 1 - b2^t;
 * `inPlace`: overwrite inputs nothing else references (see above).
 */
export interface AdamUpdateAttrs { lr: number; beta1: number; beta2: number; epsilon: number; c1: number; c2: number; inPlace?: boolean }

/** value, m, v, gradient: one shape, float32 -> [new value, new m, new v]. */
export const adamUpdateConfig: KernelConfig = {
  kernelName: AdamUpdate,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { value, m, v, gradient } = inputs as Record<'value' | 'm' | 'v' | 'gradient', TensorInfo>;
    requireFloat32(AdamUpdate, { value, m, v, gradient });
    const a = attrs as unknown as AdamUpdateAttrs;
    const n = nativeOf(backend);
    // The update reads each element before writing the same element, so an output may alias its input.
    const target = (t: TensorInfo): TensorInfo => {
      if (!a.inPlace || n.backend.refCount(t.dataId) !== 1) return n.output(t.shape);
      n.backend.incRef(t.dataId);
      return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
    };
    const outs = [target(value), target(m), target(v)] as const;
    n.k.adam(n.ptr(value), n.ptr(m), n.ptr(v), n.ptr(gradient), n.ptr(outs[0]), n.ptr(outs[1]), n.ptr(outs[2]),
      sizeOf(value.shape), a.lr, a.beta1, a.beta2, a.epsilon, a.c1, a.c2, 1 - a.beta1, 1 - a.beta2);
    for (const [i, t] of [value, m, v].entries()) if (outs[i]!.dataId === t.dataId) n.contentsChanged(t);
    return [...outs];
  },
};
