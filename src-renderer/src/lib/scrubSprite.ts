/**
 * Hover-scrub over a clip card: the `media.scrub` job writes one JPEG per video with `SCRUB_TILES`
 * frames side by side (tile i = the frame at (i + 0.5) / n of the duration); the card shows one tile
 * by moving the sprite as a CSS background, so scrubbing makes no request per frame.
 */

/** Tiles in a strip (the `media.scrub` job's default). */
export const SCRUB_TILES = 10;

/** Pixel size of an image or a box. */
export interface Size {
  width: number;
  height: number;
}

/** Tile (0..n-1) under a pointer at `fraction` (0 = left edge, 1 = right edge) of the thumbnail. */
export function tileAt(fraction: number, n = SCRUB_TILES): number {
  if (!Number.isFinite(fraction)) return 0;
  return Math.min(n - 1, Math.max(0, Math.floor(fraction * n)));
}

/**
 * Tile under the pointer for a clip that covers only `tiles` (inclusive) of its sprite: a trim
 * that reuses its media's strip (the server sends the tiles inside the clip's span). The whole
 * card width spans just those tiles, so hovering never shows a frame outside the clip.
 */
export function clipTileAt(fraction: number, tiles: readonly [number, number] | null | undefined, n = SCRUB_TILES): number {
  if (!tiles) return tileAt(fraction, n);
  const first = Math.min(n - 1, Math.max(0, tiles[0]));
  const last = Math.min(n - 1, Math.max(first, tiles[1]));
  return first + tileAt(fraction, last - first + 1);
}

/**
 * CSS `background-size` / `background-position` (px) that show tile `i` of a sprite of `n` tiles
 * filling `box` the way the thumbnail's `object-fit: cover` does: scaled to cover, centred, cropped.
 */
export function spriteStyle(i: number, sprite: Size, box: Size, n = SCRUB_TILES): { backgroundSize: string; backgroundPosition: string } {
  const tileW = sprite.width / n;
  const scale = Math.max(box.width / tileW, box.height / sprite.height);
  const w = tileW * scale;
  const h = sprite.height * scale;
  const x = -i * w + (box.width - w) / 2;
  const y = (box.height - h) / 2;
  const px = (v: number): string => `${Math.round(v * 100) / 100}px`;
  return { backgroundSize: `${px(w * n)} ${px(h)}`, backgroundPosition: `${px(x)} ${px(y)}` };
}

const sizes = new Map<string, Promise<Size | null>>();

/** Natural size of the sprite at `url` (loaded once per URL and shared by every card); null when it cannot load. */
export function spriteSize(url: string): Promise<Size | null> {
  let p = sizes.get(url);
  if (!p) {
    p = new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve(img.naturalWidth > 0 ? { width: img.naturalWidth, height: img.naturalHeight } : null);
      img.onerror = () => resolve(null);
      img.src = url;
    });
    sizes.set(url, p);
    // A failure is not remembered: the strip may be made later (the card gets its key on the next refresh).
    void p.then((s) => { if (!s) sizes.delete(url); });
  }
  return p;
}
