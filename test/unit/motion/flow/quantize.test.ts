import { describe, expect, it } from 'vitest';
import { flowStorageSchema } from '../../../../src-main/motion/flow/params.js';
import { decodeFlow, encodeFlow, storageError } from '../../../../src-main/motion/flow/quantize.js';
import { mulberry32 } from '../../../../src-main/motion/flow/synthetic.js';

const rand = mulberry32(5);
const flow = Float32Array.from({ length: 4000 }, () => (rand() - 0.5) * 40); // -20..20 px
const maxErr = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('flow storage', () => {
  it('float32 is stored as is', () => {
    const s = flowStorageSchema.parse({ dtype: 'f4' });
    expect(decodeFlow(encodeFlow(flow, s), s)).toEqual(flow);
  });

  it('float16 round-trips within 20 * 2^-11 px (< 0.01 px) over +-20 px', () => {
    const s = flowStorageSchema.parse({ dtype: 'f2' });
    const enc = encodeFlow(flow, s);
    expect(enc).toBeInstanceOf(Uint16Array);
    const err = maxErr(decodeFlow(enc, s), flow);
    expect(err).toBeLessThanOrEqual(storageError(s, 20));
    expect(err).toBeGreaterThan(0);
    expect(storageError(s, 20)).toBeLessThan(0.01);
  });

  it('uint8 with bound B round-trips within B/255 px inside the bound and clips outside it', () => {
    const s = flowStorageSchema.parse({ dtype: 'u1' });
    expect(s).toEqual({ dtype: 'u1', bound: 20 });
    const enc = encodeFlow(flow, s);
    expect(enc).toBeInstanceOf(Uint8Array);
    expect(maxErr(decodeFlow(enc, s), flow)).toBeLessThanOrEqual(20 / 255 + 1e-6);
    const tight = flowStorageSchema.parse({ dtype: 'u1', bound: 5 });
    const out = decodeFlow(encodeFlow(Float32Array.of(-30, 0, 4.99, 30), tight), tight);
    expect(out[0]).toBeCloseTo(-5, 5);
    expect(out[3]).toBeCloseTo(5, 5);
    expect(Math.abs(out[1]!)).toBeLessThanOrEqual(5 / 255 + 1e-6);
    expect([...encodeFlow(Float32Array.of(-5, 5), tight)]).toEqual([0, 255]);
  });

  it('refuses a bound that is not positive', () => {
    expect(flowStorageSchema.safeParse({ dtype: 'u1', bound: 0 }).success).toBe(false);
  });
});
