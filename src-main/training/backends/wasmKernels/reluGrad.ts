/**
 * ReluGrad for wasm (missing there): TensorFlow's gradient kernel of Relu, for graphs and code
 * that call it by name. dx = y > 0 ? dy : 0 in one SIMD pass.
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';

/** Kernel name (TensorFlow's; tfjs-core has no constant for it). */
export const ReluGrad = 'ReluGrad';

/** dy, y: same shape float32 (y = the Relu's input or output) -> dx: that shape. */
export const reluGradConfig: KernelConfig = {
  kernelName: ReluGrad,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const { dy, y } = inputs as { dy: TensorInfo; y: TensorInfo };
    requireFloat32(ReluGrad, { dy, y });
    if (dy.shape.join() !== y.shape.join()) throw new Error(`${ReluGrad}: dy ${dy.shape} and y ${y.shape} differ in shape`);
    const n = nativeOf(backend);
    const dx = n.output(dy.shape);
    n.k.reluGrad(n.ptr(dy), n.ptr(y), n.ptr(dx), sizeOf(dy.shape));
    return dx;
  },
};
