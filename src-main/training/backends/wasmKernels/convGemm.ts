/**
 * Convolutions (2D and 3D, NDHWC) and their two gradients as im2col/col2im plus one GEMM per
 * batch chunk: the GEMM is the backend's XNNPACK kernel (~40 GFLOP/s on one core), the data
 * movement our SIMD kernels. Any stride, dilation and padding; the work is split by batch so the
 * column buffer stays under COLS_BUDGET bytes.
 */
import { backend_util } from '@tensorflow/tfjs-core';
import type { Native } from './native/runtime.js';

/** Geometry of one convolution, 2D ones with D = OD = KD = 1. */
export interface ConvGeom {
  B: number; D: number; H: number; W: number; C: number;
  OD: number; OH: number; OW: number; CO: number;
  KD: number; KH: number; KW: number;
  sd: number; sh: number; sw: number; dd: number; dh: number; dw: number;
  pf: number; pt: number; pl: number;
}

/** Largest column buffer one chunk may use (bytes). */
export const COLS_BUDGET = 64 * 2 ** 20;

/** ConvGeom from tfjs's 2D conv info (channelsLast only, which is all the wasm backend supports). */
export function geomFrom2D(info: backend_util.Conv2DInfo): ConvGeom {
  if (info.dataFormat !== 'channelsLast') throw new Error(`wasm convolution supports channelsLast only, got ${info.dataFormat}`);
  return {
    B: info.batchSize, D: 1, H: info.inHeight, W: info.inWidth, C: info.inChannels,
    OD: 1, OH: info.outHeight, OW: info.outWidth, CO: info.outChannels,
    KD: 1, KH: info.filterHeight, KW: info.filterWidth,
    sd: 1, sh: info.strideHeight, sw: info.strideWidth, dd: 1, dh: info.dilationHeight, dw: info.dilationWidth,
    pf: 0, pt: info.padInfo.top, pl: info.padInfo.left,
  };
}

/** ConvGeom from tfjs's 3D conv info. */
export function geomFrom3D(info: backend_util.Conv3DInfo): ConvGeom {
  return {
    B: info.batchSize, D: info.inDepth, H: info.inHeight, W: info.inWidth, C: info.inChannels,
    OD: info.outDepth, OH: info.outHeight, OW: info.outWidth, CO: info.outChannels,
    KD: info.filterDepth, KH: info.filterHeight, KW: info.filterWidth,
    sd: info.strideDepth, sh: info.strideHeight, sw: info.strideWidth,
    dd: info.dilationDepth, dh: info.dilationHeight, dw: info.dilationWidth,
    pf: info.padInfo.front, pt: info.padInfo.top, pl: info.padInfo.left,
  };
}

const kSize = (g: ConvGeom): number => g.KD * g.KH * g.KW * g.C;
const rowsPerSample = (g: ConvGeom): number => g.OD * g.OH * g.OW;
const inPerSample = (g: ConvGeom): number => g.D * g.H * g.W * g.C;

/** Samples per chunk so that one chunk's columns fit COLS_BUDGET (at least one). */
function chunkSamples(g: ConvGeom): number {
  return Math.max(1, Math.min(g.B, Math.floor(COLS_BUDGET / (rowsPerSample(g) * kSize(g) * 4))));
}

/**
 * Output pixels per filter-gradient GEMM: its inner dimension. Longer ones run slower in
 * XNNPACK (the 7x7 stem of ResNet-18 at 112, batch 8: 25088 -> 17.5 ms, 8 x 3136 -> 14.1 ms).
 */
const FILTER_GEMM_ROWS = 4096;

function colsArgs(g: ConvGeom, batch: number): number[] {
  return [batch, g.D, g.H, g.W, g.C, g.OD, g.OH, g.OW, g.KD, g.KH, g.KW,
    g.sd, g.sh, g.sw, g.dd, g.dh, g.dw, g.pf, g.pt, g.pl];
}

/** Runs `body(b0, nb, cols)` over batch chunks with one shared column buffer. */
function chunks(n: Native, g: ConvGeom, body: (b0: number, nb: number, cols: number) => void, per = chunkSamples(g)): void {
  const cols = n.alloc(per * rowsPerSample(g) * kSize(g));
  try {
    for (let b0 = 0; b0 < g.B; b0 += per) body(b0, Math.min(per, g.B - b0), cols);
  } finally {
    n.free(cols);
  }
}

/** y[B, OD, OH, OW, CO] = conv(x[B, D, H, W, C], w[KD, KH, KW, C, CO]). */
export function convForward(n: Native, g: ConvGeom, x: number, w: number, y: number): void {
  const K = kSize(g), rows = rowsPerSample(g);
  chunks(n, g, (b0, nb, cols) => {
    n.k.im2col(x + b0 * inPerSample(g) * 4, cols, ...colsArgs(g, nb));
    n.matMul(cols, w, y + b0 * rows * g.CO * 4, nb * rows, K, g.CO);
  });
}

/**
 * y as convForward, for outputs with few pixels: yT[CO, rows] = WT[CO, K] @ colsT[K, rows], so
 * XNNPACK packs the small column matrix instead of the large filter (ResNet-18 stage 5, 8x4x4x512:
 * 19 -> 16 ms); the transposes of W and yT cost under 1 ms.
 */
export function convForwardSmall(n: Native, g: ConvGeom, x: number, w: number, y: number): void {
  const K = kSize(g), rows = rowsPerSample(g), per = chunkSamples(g);
  const wT = n.alloc(K * g.CO), xT = n.alloc(per * inPerSample(g)), yT = n.alloc(per * rows * g.CO);
  try {
    n.k.transpose(w, wT, 1, K, g.CO);
    chunks(n, g, (b0, nb, colsT) => {
      n.k.transpose(x + b0 * inPerSample(g) * 4, xT, 1, nb * g.D * g.H * g.W, g.C);
      n.k.im2colT(xT, colsT, ...colsArgs(g, nb));
      n.matMul(wT, colsT, yT, g.CO, K, nb * rows);
      n.k.transpose(yT, y + b0 * rows * g.CO * 4, 1, g.CO, nb * rows);
    });
  } finally {
    n.free(wT);
    n.free(xT);
    n.free(yT);
  }
}

/** dx[B, D, H, W, C] from dy[B, OD, OH, OW, CO] and w[KD, KH, KW, C, CO]. */
export function convBackpropInput(n: Native, g: ConvGeom, dy: number, w: number, dx: number): void {
  const K = kSize(g), rows = rowsPerSample(g);
  const wt = n.alloc(K * g.CO);
  try {
    n.k.transpose(w, wt, 1, K, g.CO);
    chunks(n, g, (b0, nb, cols) => {
      n.matMul(dy + b0 * rows * g.CO * 4, wt, cols, nb * rows, g.CO, K);
      n.k.col2im(dx + b0 * inPerSample(g) * 4, cols, ...colsArgs(g, nb));
    });
  } finally {
    n.free(wt);
  }
}

/**
 * dx as convBackpropInput, for outputs with few pixels: colsT[K, rows] = W[K, CO] @ dyT[CO, rows]
 * uses the filter as the GEMM's left operand, which XNNPACK reads in place, so only dyT is
 * packed (a 3x3x512x512 filter costs ~5 ms to pack, more than this GEMM saves elsewhere).
 */
export function convBackpropInputSmall(n: Native, g: ConvGeom, dy: number, w: number, dx: number): void {
  const K = kSize(g), rows = rowsPerSample(g), per = chunkSamples(g);
  const dyT = n.alloc(per * rows * g.CO), colsT = n.alloc(per * rows * K);
  try {
    chunks(n, g, (b0, nb, cols) => {
      n.k.transpose(dy + b0 * rows * g.CO * 4, dyT, 1, nb * rows, g.CO);
      n.matMul(w, dyT, colsT, K, g.CO, nb * rows);
      n.k.transpose(colsT, cols, 1, K, nb * rows);
      n.k.col2im(dx + b0 * inPerSample(g) * 4, cols, ...colsArgs(g, nb));
    });
  } finally {
    n.free(dyT);
    n.free(colsT);
  }
}

/**
 * dw[KD, KH, KW, C, CO] = colsT @ dy per batch chunk, colsT built channel-major from x
 * transposed to [C, B*D*H*W]: XNNPACK then packs only dy. Partial products are summed.
 */
export function convBackpropFilter(n: Native, g: ConvGeom, x: number, dy: number, dw: number): void {
  const K = kSize(g), rows = rowsPerSample(g);
  const per = Math.min(chunkSamples(g), Math.max(1, Math.floor(FILTER_GEMM_ROWS / rows)));
  const xT = n.alloc(per * inPerSample(g));
  const part = g.B > per ? n.alloc(K * g.CO) : 0;
  try {
    let first = true;
    chunks(n, g, (b0, nb, colsT) => {
      n.k.transpose(x + b0 * inPerSample(g) * 4, xT, 1, nb * g.D * g.H * g.W, g.C);
      n.k.im2colT(xT, colsT, ...colsArgs(g, nb));
      n.matMul(colsT, dy + b0 * rows * g.CO * 4, first ? dw : part, K, nb * rows, g.CO);
      if (!first) n.k.addInto(dw, part, K * g.CO);
      first = false;
    }, per);
  } finally {
    n.free(xT);
    if (part) n.free(part);
  }
}
