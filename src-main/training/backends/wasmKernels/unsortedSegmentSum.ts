/**
 * UnsortedSegmentSum for wasm (missing there): the gradient of Gather, so embedding tables and
 * gathers train on wasm. Rows of x are summed into the segment their id names.
 */
import { UnsortedSegmentSum, type KernelConfig, type TensorInfo, type UnsortedSegmentSumAttrs } from '@tensorflow/tfjs-core';
import { nativeOf, requireFloat32, sizeOf } from './kernelUtil.js';

/** x: [N, ...inner] float32, segmentIds: [N] int32 -> [numSegments, ...inner]; ids out of range are dropped. */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    requireFloat32(UnsortedSegmentSum, { x });
    if (segmentIds.dtype !== 'int32') throw new Error(`${UnsortedSegmentSum} needs int32 segmentIds, got ${segmentIds.dtype}`);
    const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
    const rows = sizeOf(segmentIds.shape);
    // tfjs allows ids of any rank: they cover the leading axes of x.
    const inner = sizeOf(x.shape.slice(segmentIds.shape.length));
    const n = nativeOf(backend);
    const out = n.output([numSegments, ...x.shape.slice(segmentIds.shape.length)]);
    if (sizeOf(out.shape) === 0) return out;
    n.k.segmentSum(n.ptr(x), n.ptr(segmentIds), n.ptr(out), rows, inner, numSegments);
    return out;
  },
};
