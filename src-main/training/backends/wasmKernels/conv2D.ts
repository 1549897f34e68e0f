/**
 * Conv2D and FusedConv2D for wasm on few output pixels. XNNPACK's convolution repacks its filter
 * whenever the filter tensor is new, which in training is every call (Adam writes new weights
 * each step; the input gradient convolves with a freshly flipped filter): 17 ms of a 31 ms
 * ResNet-18 stage-5 conv (8x4x4x512, 3x3x512x512). When the output has at most SMALL_ROWS
 * pixels, im2col plus one XNNPACK GEMM that packs the columns, not the filter, is faster; larger
 * outputs, and fused bias or activation, go to the backend's own kernel.
 */
import {
  backend_util, Conv2D, FusedConv2D, type Conv2DAttrs, type FusedConv2DAttrs, type KernelConfig, type TensorInfo,
} from '@tensorflow/tfjs-core';
import { builtinSetup, runBuiltin } from './builtins.js';
import { convForward, convForwardSmall, geomFrom2D } from './convGemm.js';
import { nativeOf, sizeOf } from './kernelUtil.js';

/**
 * Output pixels (batch x OH x OW) up to which the GEMM route wins. Measured on one core (CPU
 * time, new filter each call): 128 rows 31 -> 20 ms, 392 rows 14 -> 12 ms, 1568 rows a tie.
 */
export const SMALL_ROWS = 1024;

type Shape4 = [number, number, number, number];

/** The conv geometry when the GEMM route applies to these inputs, else null. */
function gemmInfo(x: TensorInfo, filter: TensorInfo, a: Conv2DAttrs): backend_util.Conv2DInfo | null {
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || a.dataFormat === 'NCHW') return null;
  const info = backend_util.computeConv2DInfo(x.shape as Shape4, filter.shape as Shape4, a.strides, a.dilations, a.pad,
    a.dimRoundingMode, false, 'channelsLast');
  const rows = info.batchSize * info.outHeight * info.outWidth;
  return rows > 0 && rows <= SMALL_ROWS && sizeOf(x.shape) > 0 ? info : null;
}

/**
 * y = im2col(x) @ W for x [B, H, W, C], W [KH, KW, C, CO] -> [B, OH, OW, CO]; transposed
 * (y^T = W^T @ im2col(x)^T) when there are fewer output pixels than channels, so that XNNPACK
 * packs whichever of the filter and the columns is smaller.
 */
function viaGemm(backend: unknown, info: backend_util.Conv2DInfo, x: TensorInfo, filter: TensorInfo): TensorInfo {
  const n = nativeOf(backend);
  const y = n.output(info.outShape);
  const rows = info.batchSize * info.outHeight * info.outWidth;
  (rows < info.outChannels ? convForwardSmall : convForward)(n, geomFrom2D(info), n.ptr(x), n.ptr(filter), n.ptr(y));
  return y;
}

/** x [B, H, W, C], filter [KH, KW, C, CO] -> y [B, OH, OW, CO]. */
export const conv2DConfig: KernelConfig = {
  kernelName: Conv2D,
  backendName: 'wasm',
  setupFunc: builtinSetup(Conv2D),
  kernelFunc: (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const info = gemmInfo(x, filter, args.attrs as unknown as Conv2DAttrs);
    return info ? viaGemm(args.backend, info, x, filter) : runBuiltin(Conv2D, args);
  },
};

/** As Conv2D; with a bias, PReLU weights or an activation it is the backend's own kernel. */
export const fusedConv2DConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: 'wasm',
  setupFunc: builtinSetup(FusedConv2D),
  kernelFunc: (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
    const a = args.attrs as unknown as FusedConv2DAttrs;
    const plain = !bias && !preluActivationWeights && (a.activation === undefined || a.activation === 'linear');
    const info = plain ? gemmInfo(x!, filter!, a) : null;
    return info ? viaGemm(args.backend, info, x!, filter!) : runBuiltin(FusedConv2D, args);
  },
};
