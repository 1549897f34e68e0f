import { describe, expect, it } from 'vitest';
import { CARD_INFO_HEIGHT, gridLayout, pagesCovering } from '../../../src-renderer/src/lib/gridMath';

describe('clip grid layout', () => {
  it('fits as many ~180 px cards as the width allows, at least one', () => {
    expect(gridLayout(1368, 180, 12).columns).toBe(7);
    expect(gridLayout(180, 180, 12).columns).toBe(1);
    expect(gridLayout(371, 180, 12).columns).toBe(1);
    expect(gridLayout(372, 180, 12).columns).toBe(2);
    expect(gridLayout(0).columns).toBe(1);
  });

  it('stretches cards to fill the row and derives the row height from a 16:9 thumbnail', () => {
    const l = gridLayout(1000, 180, 12);
    expect(l.columns).toBe(5);
    expect(l.cardWidth * l.columns + 12 * (l.columns - 1)).toBeCloseTo(1000);
    expect(l.rowHeight).toBe(Math.round((l.cardWidth * 9) / 16 + CARD_INFO_HEIGHT + 12));
  });

  it('lists the pages covering a range of list positions', () => {
    expect(pagesCovering(0, 0, 100)).toEqual([0]);
    expect(pagesCovering(95, 205, 100)).toEqual([0, 1, 2]);
    expect(pagesCovering(99_950, 99_999, 100)).toEqual([999]);
    expect(pagesCovering(5, 3, 100)).toEqual([]);
    expect(pagesCovering(-10, 50, 100)).toEqual([0]);
  });
});
