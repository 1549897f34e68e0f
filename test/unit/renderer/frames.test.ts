import { describe, expect, it } from 'vitest';
import { clampFrame, clipFrameCount, frameAt, seekTimeFor } from '../../../src-renderer/src/lib/frames';

describe('viewer frame arithmetic', () => {
  it('seeks to the middle of a frame and reads the same frame back', () => {
    for (const fps of [25, 29.97, 60]) {
      for (const start of [0, 1.3]) {
        for (let n = 0; n < 100; n++) expect(frameAt(seekTimeFor(n, start, fps), start, fps)).toBe(n);
      }
    }
    const t = seekTimeFor(2, 0, 25);
    expect(t).toBeGreaterThanOrEqual(2 / 25);
    expect(t).toBeLessThan(3 / 25);
  });

  it('reads frame boundaries exactly and never goes below frame 0', () => {
    expect(frameAt(0.08, 0, 25)).toBe(2);
    expect(frameAt(0.0799, 0, 25)).toBe(1);
    expect(frameAt(0.5, 1, 25)).toBe(0);
    expect(frameAt(1, 0, 0)).toBe(0);
  });

  it('clamps stepping to the clip', () => {
    expect(clampFrame(-1, 50)).toBe(0);
    expect(clampFrame(50, 50)).toBe(49);
    expect(clampFrame(1e6, null)).toBe(1e6);
  });

  it('counts frames from the media for whole files, from the span otherwise', () => {
    expect(clipFrameCount(25, 2, 50, true)).toBe(50);
    expect(clipFrameCount(25, 1.2, 50, false)).toBe(30);
    expect(clipFrameCount(null, 2, null, true)).toBeNull();
    expect(clipFrameCount(25, null, null, false)).toBeNull();
  });
});
