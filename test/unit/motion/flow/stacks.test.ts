import { describe, expect, it } from 'vitest';
import { evenlySpaced, evenlySpacedVolume, flipHorizontal, stackChannels, type FlowSequence } from '../../../../src-main/motion/flow/stacks.js';

/** A sequence whose value encodes (flow index, y, x, channel) so every move is visible. */
function coded(count: number, width: number, height: number): FlowSequence {
  const data = new Float32Array(count * height * width * 2);
  for (let t = 0; t < count; t++) for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 2; c++) {
    data[((t * height + y) * width + x) * 2 + c] = t * 1000 + y * 100 + x * 10 + c + 1;
  }
  return { data, count, width, height };
}

describe('flow stacks', () => {
  it('stacks L consecutive flows as 2L channels (u_t, v_t, u_t+1, v_t+1, ...) per pixel', () => {
    const seq = coded(12, 3, 2);
    const s = stackChannels(seq, 1, 10);
    expect(s).toHaveLength(2 * 3 * 20);
    const px = (y: number, x: number): number[] => [...s.subarray((y * 3 + x) * 20, (y * 3 + x + 1) * 20)];
    expect(px(1, 2).slice(0, 4)).toEqual([1000 + 121, 1000 + 122, 2000 + 121, 2000 + 122]);
    expect(px(0, 0).slice(18)).toEqual([10001, 10002]); // flow 10 = start 1 + 9
  });

  it('repeats the last flow when the clip is shorter than L and refuses a start outside the clip', () => {
    const seq = coded(3, 2, 2);
    const s = stackChannels(seq, 2, 4);
    expect([...s.subarray(0, 8)]).toEqual([2001, 2002, 2001, 2002, 2001, 2002, 2001, 2002]);
    expect(() => stackChannels(seq, 3, 4)).toThrow(/outside 0..2/);
  });

  it('picks K evenly spaced flows, first and last included', () => {
    expect(evenlySpaced(31, 16)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]);
    expect(evenlySpaced(5, 3)).toEqual([0, 2, 4]);
    expect(evenlySpaced(3, 5)).toEqual([0, 1, 1, 2, 2]);
    expect(evenlySpaced(7, 1)).toEqual([3]);
  });

  it('builds the K x H x W x 2 volume of S001 from those flows', () => {
    const seq = coded(31, 2, 2);
    const v = evenlySpacedVolume(seq, 16);
    expect(v).toHaveLength(16 * 2 * 2 * 2);
    const field = 8;
    expect(v[0]).toBe(1);
    expect(v[15 * field]).toBe(30 * 1000 + 1);
    expect(v[5 * field + 7]).toBe(10 * 1000 + 100 + 10 + 2);
  });

  it('horizontal flip mirrors columns and negates u only; flipping twice restores the flow', () => {
    const f = Float32Array.of(1, 2, 3, 4, 5, 6, /* row 2 */ 7, 8, 9, 10, 11, 12); // 2 rows x 3 px x (u, v)
    const g = flipHorizontal(f, 3, 2);
    expect([...g]).toEqual([-5, 6, -3, 4, -1, 2, -11, 12, -9, 10, -7, 8]);
    expect(flipHorizontal(g, 3, 2)).toEqual(f);
  });

  it('flips a 2L-channel stack the same way: every even channel is a u', () => {
    const seq = coded(4, 2, 1);
    const flipped = flipHorizontal(stackChannels(seq, 0, 2), 2, 1, 4);
    expect([...flipped]).toEqual([-11, 12, -1011, 1012, -1, 2, -1001, 1002]);
    const zero = flipHorizontal(new Float32Array(4), 2, 1);
    expect(Object.is(zero[0], -0)).toBe(false);
    expect(() => flipHorizontal(new Float32Array(6), 1, 1, 3)).toThrow(/even channel count/);
  });
});
