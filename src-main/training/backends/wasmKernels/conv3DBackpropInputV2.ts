/**
 * Conv3DBackpropInputV2 for wasm, replacing the backend's scalar loop: dx = col2vol(dy @ W^T),
 * one XNNPACK GEMM per batch chunk.
 */
import { backend_util, Conv3DBackpropInputV2, type Conv3DBackpropInputV2Attrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { convBackpropInput, geomFrom3D } from './convGemm.js';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';

type Shape5 = [number, number, number, number, number];

/** dy: [B, OD, OH, OW, CO], filter: [KD, KH, KW, C, CO] -> dx: inputShape [B, D, H, W, C], float32. */
export const conv3DBackpropInputV2Config: KernelConfig = {
  kernelName: Conv3DBackpropInputV2,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    requireFloat32(Conv3DBackpropInputV2, { dy, filter });
    const a = attrs as unknown as Conv3DBackpropInputV2Attrs;
    const info = backend_util.computeConv3DInfo(a.inputShape, filter.shape as Shape5, a.strides, 1, a.pad);
    const n = nativeOf(backend);
    const dx = n.output(info.inShape);
    if (sizeOf(dx.shape) === 0) return dx;
    if (sizeOf(dy.shape) === 0 || sizeOf(filter.shape) === 0) return n.fill(dx, 0);
    convBackpropInput(n, geomFrom3D(info), n.ptr(dy), n.ptr(filter), n.ptr(dx));
    return dx;
  },
};
