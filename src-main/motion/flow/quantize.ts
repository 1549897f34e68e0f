import { fromFloat16Bits, toFloat16Bits } from '../../media/npy.js';
import type { FlowStorage } from './params.js';

/**
 * Flow as stored on disk. float32 is exact; float16 halves the size with a relative error of at
 * most 2^-11 (<= 0.01 px for |flow| <= 20 px); uint8 quarters it, as two-stream pipelines store
 * flow as JPEGs: values are clipped to [-bound, bound] and mapped linearly onto 0..255, so the
 * error inside the bound is at most bound / 255 px (0.078 px for bound 20).
 */

/** Encoded flow values: the typed array matching the storage dtype. */
export type EncodedFlow = Float32Array | Uint16Array | Uint8Array;

/** Worst-case absolute error (px) of a stored value with |v| <= `range` px (inside the bound for uint8). */
export function storageError(storage: FlowStorage, range = 20): number {
  if (storage.dtype === 'f4') return 0;
  if (storage.dtype === 'f2') return range * 2 ** -11;
  return storage.bound / 255;
}

/** Encodes float32 flow (any shape) for storage. */
export function encodeFlow(flow: Float32Array, storage: FlowStorage): EncodedFlow {
  if (storage.dtype === 'f4') return flow;
  if (storage.dtype === 'f2') {
    const out = new Uint16Array(flow.length);
    for (let i = 0; i < flow.length; i++) out[i] = toFloat16Bits(flow[i]!);
    return out;
  }
  const b = storage.bound, scale = 255 / (2 * b);
  const out = new Uint8Array(flow.length);
  for (let i = 0; i < flow.length; i++) {
    const v = flow[i]!;
    const c = v < -b ? -b : v > b ? b : v;
    out[i] = Math.round((c + b) * scale);
  }
  return out;
}

/** Decodes stored flow back to float32 pixels per frame. */
export function decodeFlow(data: EncodedFlow, storage: FlowStorage): Float32Array {
  if (storage.dtype === 'f4') {
    if (!(data instanceof Float32Array)) throw new Error('decodeFlow: f4 storage needs a Float32Array');
    return data;
  }
  const out = new Float32Array(data.length);
  if (storage.dtype === 'f2') {
    for (let i = 0; i < data.length; i++) out[i] = fromFloat16Bits(data[i]!);
    return out;
  }
  const step = (2 * storage.bound) / 255;
  for (let i = 0; i < data.length; i++) out[i] = data[i]! * step - storage.bound;
  return out;
}
