/**
 * Relu6Grad for wasm (missing there): TensorFlow's gradient kernel of Relu6, for graphs and code
 * that call it by name. dx = 0 < y <= 6 ? dy : 0 in one SIMD pass (the same mask as tfjs-core's Relu6 gradient).
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';

/** Kernel name (TensorFlow's; tfjs-core has no constant for it). */
export const Relu6Grad = 'Relu6Grad';

/** dy, y: same shape float32 (y = the Relu6's input or output) -> dx: that shape. */
export const relu6GradConfig: KernelConfig = {
  kernelName: Relu6Grad,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const { dy, y } = inputs as { dy: TensorInfo; y: TensorInfo };
    requireFloat32(Relu6Grad, { dy, y });
    if (dy.shape.join() !== y.shape.join()) throw new Error(`${Relu6Grad}: dy ${dy.shape} and y ${y.shape} differ in shape`);
    const n = nativeOf(backend);
    const dx = n.output(dy.shape);
    n.k.relu6Grad(n.ptr(dy), n.ptr(y), n.ptr(dx), sizeOf(dy.shape));
    return dx;
  },
};
