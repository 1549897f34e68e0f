/**
 * Conv3D for wasm, replacing the backend's scalar loop (under 1 GFLOP/s on our 3D CNN's shapes):
 * y = vol2col(x) @ W, one XNNPACK GEMM per batch chunk.
 */
import { backend_util, Conv3D, type Conv3DAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { convForward, geomFrom3D } from './convGemm.js';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';

type Shape5 = [number, number, number, number, number];

/** x: [B, D, H, W, C], filter: [KD, KH, KW, C, CO] -> y: [B, OD, OH, OW, CO], float32. */
export const conv3DConfig: KernelConfig = {
  kernelName: Conv3D,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
    requireFloat32(Conv3D, { x, filter });
    const a = attrs as unknown as Conv3DAttrs;
    const info = backend_util.computeConv3DInfo(x.shape as Shape5, filter.shape as Shape5, a.strides, a.dilations, a.pad);
    const n = nativeOf(backend);
    const y = n.output(info.outShape);
    if (sizeOf(y.shape) === 0) return y;
    if (sizeOf(x.shape) === 0) return n.fill(y, 0);
    convForward(n, geomFrom3D(info), n.ptr(x), n.ptr(filter), n.ptr(y));
    return y;
  },
};
