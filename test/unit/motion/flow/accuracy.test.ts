import { afterAll, describe, expect, it } from 'vitest';
import { farneback } from '../../../../src-main/motion/flow/farneback.js';
import { endpointError } from '../../../../src-main/motion/flow/metrics.js';
import { syntheticPair, type SyntheticMotion } from '../../../../src-main/motion/flow/synthetic.js';
import { tvl1 } from '../../../../src-main/motion/flow/tvl1.js';

// Known motion of a seeded smooth texture (64 x 64, bilinear resampling); AEPE over the interior
// (8 px border excluded). Measured when written: Farneback 0.07 / 0.06 / 0.08 / 0.05 px,
// TV-L1 0.02 / 0.01 / 0.04 / 0.05 px for the four motions below.
const S = 64;
const BORDER = 8;
const cases: { name: string; motion: SyntheticMotion; farneback: number; tvl1: number }[] = [
  { name: 'sub-pixel translation', motion: { kind: 'translate', dx: 0.6, dy: -0.35 }, farneback: 0.3, tvl1: 0.1 },
  { name: 'translation over 1 px', motion: { kind: 'translate', dx: 1.7, dy: 0.8 }, farneback: 0.3, tvl1: 0.1 },
  { name: 'translation of 4 px', motion: { kind: 'translate', dx: 3.4, dy: -2.2 }, farneback: 0.3, tvl1: 0.1 },
  { name: 'rotation 2 degrees', motion: { kind: 'rotate', degrees: 2 }, farneback: 0.25, tvl1: 0.15 },
  { name: 'zoom 3 %', motion: { kind: 'zoom', scale: 1.03 }, farneback: 0.25, tvl1: 0.15 },
];
const measured: string[] = [];
afterAll(() => console.log(`flow AEPE on ${S}x${S} synthetic pairs (px):\n${measured.join('\n')}`));

/** uint8 frames as a decoder delivers them. */
const u8 = (f: Float32Array): Uint8Array => Uint8Array.from(f, (v) => Math.round(v));

describe('flow accuracy on textured pairs with known motion', () => {
  for (const c of cases) {
    it(`${c.name}: Farneback and TV-L1 within bounds, TV-L1 at least as good on translation`, async () => {
      const p = syntheticPair(S, S, c.motion, 7);
      const fb = endpointError(await farneback(u8(p.prev), u8(p.next), S, S), p.truth, S, S, BORDER);
      const tv = endpointError(tvl1(u8(p.prev), u8(p.next), S, S), p.truth, S, S, BORDER);
      measured.push(`  ${c.name.padEnd(22)} farneback ${fb.mean.toFixed(4)}  tvl1 ${tv.mean.toFixed(4)}`);
      expect(fb.mean).toBeLessThan(c.farneback);
      expect(tv.mean).toBeLessThan(c.tvl1);
      if (c.motion.kind === 'translate') expect(tv.mean).toBeLessThanOrEqual(fb.mean);
    });
  }

  it('finds no motion between identical frames, and the truth is not trivially zero', async () => {
    const p = syntheticPair(S, S, { kind: 'translate', dx: 1, dy: 0 }, 3);
    const zero = new Float32Array(S * S * 2);
    // Farneback's last rows carry up to 0.4 px even on identical frames (OpenCV-Python's too): interior only.
    expect(endpointError(await farneback(p.prev, p.prev, S, S), zero, S, S, BORDER).max).toBeLessThan(1e-3);
    expect(endpointError(tvl1(p.prev, p.prev, S, S), zero, S, S).max).toBeLessThan(1e-3);
    expect(endpointError(tvl1(p.prev, p.next, S, S), zero, S, S, BORDER).mean).toBeGreaterThan(0.9);
  });

  it('reports flow as u right and v down in pixels per frame', () => {
    const p = syntheticPair(S, S, { kind: 'translate', dx: -1.2, dy: 0.5 }, 5);
    const f = tvl1(p.prev, p.next, S, S);
    const i = 2 * (32 * S + 32);
    expect(f[i]).toBeCloseTo(-1.2, 1);
    expect(f[i + 1]).toBeCloseTo(0.5, 1);
  });
});
