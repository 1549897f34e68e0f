/**
 * DepthwiseConv2dNativeBackpropInput for wasm (missing there), so gradients flow through
 * depthwise layers: each dy position scatters one SIMD multiply-add per tap into dx.
 */
import {
  backend_util, DepthwiseConv2dNativeBackpropInput, type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig, type TensorInfo,
} from '@tensorflow/tfjs-core';
import { depthwiseArgs } from './depthwiseGeom.js';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';

/** dy: [B, OH, OW, C*M], filter: [KH, KW, C, M] -> dx: inputShape [B, H, W, C], float32. */
export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    requireFloat32(DepthwiseConv2dNativeBackpropInput, { dy, filter });
    const a = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    const info = backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number],
      a.strides, a.dilations, a.pad, a.dimRoundingMode, true);
    const n = nativeOf(backend);
    const dx = n.output(info.inShape);
    if (sizeOf(dx.shape) === 0) return dx;
    n.k.dwInputGrad(n.ptr(dx), n.ptr(dy), n.ptr(filter), ...depthwiseArgs(info));
    return dx;
  },
};
