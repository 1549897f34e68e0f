/**
 * MwbMomentumUpdate and MwbGradientTransform for wasm (our own kernel names): SGD with momentum
 * and the trainer's gradient clipping plus weight decay, one pass each and, with `inPlace`,
 * writing over inputs no other tensor shares memory with. tfjs's op-by-op versions make four
 * arrays the size of the weights per variable (momentum) and two (decay), all alive until the
 * variable's tidy ends: for S004's full6 (103 M weights, 392 MiB each) that alone overflowed
 * the 4 GiB heap.
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';
import type { Native } from './native/runtime.js';

/** Kernel names; backends without them use tfjs's ops. */
export const MomentumUpdate = 'MwbMomentumUpdate';
export const GradientTransform = 'MwbGradientTransform';

/** momentum m, c = -learning rate, Nesterov or not; `inPlace` as in adamUpdate.ts. */
export interface MomentumUpdateAttrs { momentum: number; c: number; nesterov: boolean; inPlace?: boolean }
/** g scale (1: g, exactly) + w weightDecay (0: nothing); `inPlace` overwrites g when nothing else shares it. */
export interface GradientTransformAttrs { scale: number; weightDecay: number; inPlace?: boolean }

/** `t` itself (another reference) when it may be overwritten, else a new output of its shape. */
function target(n: Native, t: TensorInfo, inPlace: boolean | undefined): TensorInfo {
  if (!inPlace || n.backend.refCount(t.dataId) !== 1) return n.output(t.shape);
  n.backend.incRef(t.dataId);
  return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
}

/** value, acc, gradient: one shape, float32 -> [new value, new acc]. */
export const momentumUpdateConfig: KernelConfig = {
  kernelName: MomentumUpdate,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { value, acc, gradient } = inputs as Record<'value' | 'acc' | 'gradient', TensorInfo>;
    requireFloat32(MomentumUpdate, { value, acc, gradient });
    const a = attrs as unknown as MomentumUpdateAttrs;
    const n = nativeOf(backend);
    const outs = [target(n, value, a.inPlace), target(n, acc, a.inPlace)] as const;
    (a.nesterov ? n.k.momentumNesterov : n.k.momentum)(n.ptr(value), n.ptr(acc), n.ptr(gradient), n.ptr(outs[0]), n.ptr(outs[1]),
      sizeOf(value.shape), a.momentum, a.c);
    // the multiplies cache packed weights by tensor id (Native.contentsChanged)
    if (outs[0].dataId === value.dataId) n.contentsChanged(value);
    if (outs[1].dataId === acc.dataId) n.contentsChanged(acc);
    return [...outs];
  },
};

/** gradient, value: one shape, float32 -> transformed gradient. */
export const gradientTransformConfig: KernelConfig = {
  kernelName: GradientTransform,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { gradient, value } = inputs as Record<'gradient' | 'value', TensorInfo>;
    requireFloat32(GradientTransform, { gradient, value });
    const a = attrs as unknown as GradientTransformAttrs;
    const n = nativeOf(backend);
    const out = target(n, gradient, a.inPlace);
    const f = a.weightDecay === 0 ? n.k.gradScale : a.scale === 1 ? n.k.gradDecay : n.k.gradScaleDecay;
    f(n.ptr(gradient), n.ptr(value), n.ptr(out), sizeOf(gradient.shape), a.scale, a.weightDecay);
    if (out.dataId === gradient.dataId) n.contentsChanged(gradient);
    return out;
  },
};
