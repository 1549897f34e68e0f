/**
 * MwbAdamUpdate for wasm (our own kernel name): one Adam step for one variable in a single pass,
 * used by training/optimizers/fusedAdam.ts on backends that register it.
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';

/** Kernel name; backends without it use tfjs's op-by-op Adam. */
export const AdamUpdate = 'MwbAdamUpdate';

/** Attributes: learning rate, betas, epsilon and the bias corrections c1 = 1 - b1^t, c2 = 1 - b2^t. */
export interface AdamUpdateAttrs { lr: number; beta1: number; beta2: number; epsilon: number; c1: number; c2: number }

/** value, m, v, gradient: one shape, float32 -> [new value, new m, new v]. */
export const adamUpdateConfig: KernelConfig = {
  kernelName: AdamUpdate,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { value, m, v, gradient } = inputs as Record<'value' | 'm' | 'v' | 'gradient', TensorInfo>;
    requireFloat32(AdamUpdate, { value, m, v, gradient });
    const a = attrs as unknown as AdamUpdateAttrs;
    const n = nativeOf(backend);
    const outs = [n.output(value.shape), n.output(value.shape), n.output(value.shape)] as const;
    n.k.adam(n.ptr(value), n.ptr(m), n.ptr(v), n.ptr(gradient), n.ptr(outs[0]), n.ptr(outs[1]), n.ptr(outs[2]),
      sizeOf(value.shape), a.lr, a.beta1, a.beta2, a.epsilon, a.c1, a.c2, 1 - a.beta1, 1 - a.beta2);
    return [...outs];
  },
};
