/**
 * Conv3DBackpropFilterV2 for wasm, replacing the backend's scalar loop:
 * dW = vol2col(x)^T @ dy, one XNNPACK GEMM per batch chunk.
 */
import { backend_util, Conv3DBackpropFilterV2, type Conv3DBackpropFilterV2Attrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { convBackpropFilter, geomFrom3D } from './convGemm.js';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';

type Shape5 = [number, number, number, number, number];

/** x: [B, D, H, W, C], dy: [B, OD, OH, OW, CO] -> dW: filterShape [KD, KH, KW, C, CO], float32. */
export const conv3DBackpropFilterV2Config: KernelConfig = {
  kernelName: Conv3DBackpropFilterV2,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    requireFloat32(Conv3DBackpropFilterV2, { x, dy });
    const a = attrs as unknown as Conv3DBackpropFilterV2Attrs;
    const info = backend_util.computeConv3DInfo(x.shape as Shape5, a.filterShape, a.strides, 1, a.pad);
    const n = nativeOf(backend);
    const dw = n.output(info.filterShape);
    if (sizeOf(dw.shape) === 0) return dw;
    if (sizeOf(dy.shape) === 0 || sizeOf(x.shape) === 0) return n.fill(dw, 0);
    convBackpropFilter(n, geomFrom3D(info), n.ptr(x), n.ptr(dy), n.ptr(dw));
    return dw;
  },
};
