import { describe, expect, it } from 'vitest';
import { clipTileAt, spriteStyle, tileAt } from '../../../src-renderer/src/lib/scrubSprite';

describe('hover-scrub sprite maths', () => {
  it('maps the pointer across the thumbnail to one of the tiles', () => {
    expect([0, 0.05, 0.1, 0.55, 0.999, 1, 1.2, -0.1].map((f) => tileAt(f))).toEqual([0, 0, 1, 5, 9, 9, 9, 0]);
    expect(tileAt(0.5, 4)).toBe(2);
    expect(tileAt(Number.NaN)).toBe(0);
  });

  it('covers the box with one tile like object-fit: cover and moves one tile width per step', () => {
    // Square 160 px tiles in a 180 x 101 box: scaled to 180 x 180, centred vertically.
    expect(spriteStyle(0, { width: 1600, height: 160 }, { width: 180, height: 101 }))
      .toEqual({ backgroundSize: '1800px 180px', backgroundPosition: '0px -39.5px' });
    expect(spriteStyle(3, { width: 1600, height: 160 }, { width: 180, height: 101 }).backgroundPosition).toBe('-540px -39.5px');
    // Wide 160 x 60 tiles in a 16:9 box: height fills, the sides are cropped evenly.
    expect(spriteStyle(1, { width: 1600, height: 60 }, { width: 160, height: 90 }))
      .toEqual({ backgroundSize: '2400px 90px', backgroundPosition: '-280px 0px' });
  });
});

describe('hover-scrub of a trimmed clip', () => {
  it('spreads the card width over only the tiles inside the clip span', () => {
    // Tiles 2..6 of the media strip lie inside the clip: 5 tiles, a fifth of the card each.
    const tiles: [number, number] = [2, 6];
    expect([0, 0.1, 0.2, 0.5, 0.79, 0.8, 0.999, 1, 1.5, -1].map((f) => clipTileAt(f, tiles)))
      .toEqual([2, 2, 3, 4, 5, 6, 6, 6, 6, 2]);
    // A single tile, and no range (a whole-media clip or its own span strip) = every tile.
    expect([0, 0.5, 1].map((f) => clipTileAt(f, [7, 7]))).toEqual([7, 7, 7]);
    expect([0, 0.55, 1].map((f) => clipTileAt(f, null))).toEqual([0, 5, 9]);
    // A range past the sprite is clamped to it rather than showing an empty background.
    expect(clipTileAt(1, [8, 12])).toBe(9);
    expect(clipTileAt(0, [3, 1])).toBe(3);
  });
});
