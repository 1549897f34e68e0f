/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (missing there), so MobileNet-style depthwise
 * layers train: one SIMD multiply-add over channels per (position, tap).
 */
import {
  backend_util, DepthwiseConv2dNativeBackpropFilter, type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelConfig, type TensorInfo,
} from '@tensorflow/tfjs-core';
import { depthwiseArgs } from './depthwiseGeom.js';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';

/** x: [B, H, W, C], dy: [B, OH, OW, C*M] -> dW: filterShape [KH, KW, C, M], float32. */
export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    requireFloat32(DepthwiseConv2dNativeBackpropFilter, { x, dy });
    const a = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape,
      a.strides, a.dilations, a.pad, a.dimRoundingMode, true);
    const n = nativeOf(backend);
    const dw = n.output(info.filterShape);
    if (sizeOf(dw.shape) === 0) return dw;
    n.k.dwFilterGrad(n.ptr(x), n.ptr(dy), n.ptr(dw), ...depthwiseArgs(info));
    return dw;
  },
};
