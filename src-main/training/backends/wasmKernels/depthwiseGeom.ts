/** Argument list of the native depthwise gradient kernels, from tfjs's conv info. */
import type { backend_util } from '@tensorflow/tfjs-core';

/** [B, H, W, C, M, OH, OW, KH, KW, sh, sw, dh, dw, pt, pl] for native/depthwise.ts. */
export function depthwiseArgs(info: backend_util.Conv2DInfo): number[] {
  if (info.dataFormat !== 'channelsLast') throw new Error('wasm depthwise convolution supports NHWC only');
  const m = info.outChannels / info.inChannels;
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, m, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left];
}
