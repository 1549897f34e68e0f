import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../../src-main/motion/flow/png.js';
import { flowLegend, flowToRgb, maxFlowRadius } from '../../../../src-main/motion/flow/visualise.js';

const rgbAt = (img: Uint8Array, w: number, x: number, y: number): number[] => [...img.subarray(3 * (y * w + x), 3 * (y * w + x) + 3)];

describe('flow colour coding', () => {
  it('uses the Middlebury wheel: right red, down yellowish, left cyan, up blue; zero is white', () => {
    const flow = Float32Array.of(1, 0, 0, 1, -1, 0, 0, -1, 0, 0);
    const img = flowToRgb(flow, 5, 1);
    expect(rgbAt(img, 5, 0, 0)).toEqual([255, 0, 0]);
    const [r, g, b] = rgbAt(img, 5, 1, 0);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeGreaterThan(100);
    expect(b).toBe(0);
    const left = rgbAt(img, 5, 2, 0);
    expect(left[0]).toBe(0);
    expect(left[2]).toBe(255);
    const up = rgbAt(img, 5, 3, 0);
    expect(up[2]).toBe(255);
    expect(up[1]).toBe(0);
    expect(rgbAt(img, 5, 4, 0)).toEqual([255, 255, 255]);
  });

  it('normalises by the largest radius unless one is given (then darker beyond it)', () => {
    const flow = Float32Array.of(3, 4, 1.5, 2);
    expect(maxFlowRadius(flow)).toBe(5);
    const own = flowToRgb(flow, 2, 1);
    const fixed = flowToRgb(flow, 2, 1, 2.5);
    expect(rgbAt(own, 2, 1, 0)).not.toEqual(rgbAt(own, 2, 0, 0)); // half speed is paler
    expect(Math.max(...rgbAt(fixed, 2, 0, 0))).toBeLessThan(255); // beyond the given radius: darker
    expect(() => flowToRgb(flow, 3, 1)).toThrow(/3x1x2/);
  });

  it('draws a legend disc: white centre and outside, red at the right edge', () => {
    const n = 64;
    const legend = flowLegend(n);
    expect(legend).toHaveLength(n * n * 3);
    expect(rgbAt(legend, n, 0, 0)).toEqual([255, 255, 255]);
    const c = rgbAt(legend, n, 32, 32);
    expect(Math.min(...c)).toBeGreaterThan(235);
    const right = rgbAt(legend, n, n - 2, 32);
    expect(right[0]).toBe(255);
    expect(right[2]).toBeLessThan(40);
  });

  it('encodes a PNG whose pixels inflate back to the image', () => {
    const img = flowLegend(16);
    const png = encodePng(img, 16, 16);
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const idatLen = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    expect(raw).toHaveLength(16 * (16 * 3 + 1));
    const row = 8 * (16 * 3 + 1); // each row: filter byte 0, then 16 rgb pixels
    expect(raw[row]).toBe(0);
    expect([...raw.subarray(row + 1 + 14 * 3, row + 1 + 15 * 3)]).toEqual(rgbAt(img, 16, 14, 8));
    expect(rgbAt(img, 16, 14, 8)).not.toEqual([255, 255, 255]);
  });
});
