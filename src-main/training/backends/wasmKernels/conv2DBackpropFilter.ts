/**
 * Conv2DBackpropFilter for wasm (missing there): the filter gradient of every 2D convolution.
 * dW[KH, KW, C, CO] = im2col(x)^T @ dy, as one XNNPACK GEMM per batch chunk.
 */
import { backend_util, Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { convBackpropFilter, geomFrom2D } from './convGemm.js';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';

/** Also honours a `dilations` attribute (tfjs-core's gradient never passes one; TF's op has it). */
type Attrs = Conv2DBackpropFilterAttrs & { dilations?: number | [number, number] };

/** x: [B, H, W, C], dy: [B, OH, OW, CO] -> dW: filterShape [KH, KW, C, CO], float32. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    requireFloat32(Conv2DBackpropFilter, { x, dy });
    const a = attrs as unknown as Attrs;
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape,
      a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, false, backend_util.convertConv2DDataFormat(a.dataFormat));
    const n = nativeOf(backend);
    const dw = n.output(info.filterShape);
    if (sizeOf(dy.shape) === 0 || sizeOf(x.shape) === 0) return n.fill(dw, 0);
    convBackpropFilter(n, geomFrom2D(info), n.ptr(x), n.ptr(dy), n.ptr(dw));
    return dw;
  },
};
