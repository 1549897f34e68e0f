/**
 * Conv2DBackpropInput for wasm, replacing the backend's scalar loop (10x slower than its forward
 * convolution). Few output pixels (dy rows <= SMALL_ROWS, e.g. ResNet stages 4-5): col2im of
 * (W @ dy^T)^T, where XNNPACK packs only dy, not the large filter. Otherwise, stride 1: a forward
 * XNNPACK convolution of dy with the filter flipped and its channels swapped (as fast as the
 * forward pass, no column buffer); other strides: dx = col2im(dy @ W^T), one GEMM per batch chunk.
 */
import {
  backend_util, Conv2D, Conv2DBackpropInput, getKernel, type Conv2DBackpropInputAttrs, type KernelConfig,
  type KernelFunc, type TensorInfo,
} from '@tensorflow/tfjs-core';
import { SMALL_ROWS } from './conv2D.js';
import { convBackpropInput, convBackpropInputSmall, geomFrom2D } from './convGemm.js';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';
import type { Native } from './native/runtime.js';

/** Also honours a `dilations` attribute (tfjs-core's gradient never passes one; TF's op has it). */
type Attrs = Conv2DBackpropInputAttrs & { dilations?: number | [number, number] };

/** W'[kh, kw] = W[KH-1-kh, KW-1-kw]^T: [KH, KW, C, CO] -> [KH, KW, CO, C], as a new tensor. */
function flipTranspose(n: Native, filter: TensorInfo): TensorInfo {
  const [kh, kw, c, co] = filter.shape as [number, number, number, number];
  const out = n.output([kh, kw, co, c]);
  const taps = kh * kw, bytes = c * co * 4;
  for (let t = 0; t < taps; t++) n.k.transpose(n.ptr(filter) + t * bytes, n.ptr(out) + (taps - 1 - t) * bytes, 1, c, co);
  return out;
}

/** dx by the stride-1 identity, or null when the padding would have to be negative. */
function viaForwardConv(n: Native, info: backend_util.Conv2DInfo, dy: TensorInfo, filter: TensorInfo): TensorInfo | null {
  const eh = info.dilationHeight * (info.filterHeight - 1), ew = info.dilationWidth * (info.filterWidth - 1);
  const p = info.padInfo;
  const pads = [eh - p.top, eh - p.bottom, ew - p.left, ew - p.right];
  const conv = getKernel(Conv2D, 'wasm');
  if (pads.some((v) => v < 0) || !conv) return null;
  const flipped = flipTranspose(n, filter);
  try {
    return (conv.kernelFunc as KernelFunc)({
      inputs: { x: dy, filter: flipped }, backend: n.backend as never,
      attrs: { strides: 1, pad: [[0, 0], [pads[0]!, pads[1]!], [pads[2]!, pads[3]!], [0, 0]], dataFormat: 'NHWC',
        dilations: [info.dilationHeight, info.dilationWidth], dimRoundingMode: undefined } as never,
    }) as TensorInfo;
  } finally {
    n.backend.disposeData(flipped.dataId);
  }
}

/** dy: [B, OH, OW, CO], filter: [KH, KW, C, CO] -> dx: inputShape [B, H, W, C], float32. */
export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    requireFloat32(Conv2DBackpropInput, { dy, filter });
    const a = attrs as unknown as Attrs;
    const info = backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number],
      a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, false, backend_util.convertConv2DDataFormat(a.dataFormat));
    const n = nativeOf(backend);
    if (sizeOf(info.inShape) === 0) return n.output(info.inShape);
    if (sizeOf(dy.shape) === 0 || sizeOf(filter.shape) === 0) return n.fill(n.output(info.inShape), 0);
    const small = info.batchSize * info.outHeight * info.outWidth <= SMALL_ROWS;
    if (!small && info.strideHeight === 1 && info.strideWidth === 1) {
      const dx = viaForwardConv(n, info, dy, filter);
      if (dx) return dx;
    }
    const dx = n.output(info.inShape);
    (small ? convBackpropInputSmall : convBackpropInput)(n, geomFrom2D(info), n.ptr(dy), n.ptr(filter), n.ptr(dx));
    return dx;
  },
};
