import type { EventBatch } from '../types.js';

/**
 * Background-activity filter (the jAER BackgroundActivityFilter idea): real edges fire
 * neighbouring pixels close in time, sensor noise fires isolated pixels. An event is kept when
 * one of the 8 other pixels of its 3 x 3 neighbourhood fired (any polarity) at most `dtUs` µs
 * before it; otherwise it is dropped. Every event, kept or not, records its time at its pixel.
 * State (last time per pixel, Float64 H x W) persists across batches of one recording.
 */
export class BackgroundActivityFilter {
  private readonly last: Float64Array;
  /** Events seen and kept so far (for reports). */
  seen = 0;
  kept = 0;

  constructor(readonly width: number, readonly height: number, readonly dtUs: number) {
    if (!(dtUs > 0)) throw new Error(`Denoise window must be positive (got ${dtUs} µs)`);
    this.last = new Float64Array(width * height).fill(-Infinity);
  }

  /** The batch's events that pass, as a new owned batch (same order). */
  filter(b: EventBatch): EventBatch {
    const { width: w, height: h, last, dtUs } = this;
    const keep = new Uint8Array(b.length);
    let n = 0;
    for (let i = 0; i < b.length; i++) {
      const x = b.x[i]!, y = b.y[i]!, t = b.t[i]!;
      const x0 = x > 0 ? x - 1 : 0, x1 = x + 1 < w ? x + 1 : x, y0 = y > 0 ? y - 1 : 0, y1 = y + 1 < h ? y + 1 : y;
      let ok = 0;
      for (let yy = y0; yy <= y1 && !ok; yy++) {
        for (let xx = x0, k = yy * w + x0; xx <= x1; xx++, k++) {
          if ((xx !== x || yy !== y) && t - last[k]! <= dtUs) { ok = 1; break; }
        }
      }
      last[y * w + x] = t;
      keep[i] = ok;
      n += ok;
    }
    this.seen += b.length;
    this.kept += n;
    const out: EventBatch = { t: new Float64Array(n), x: new Uint16Array(n), y: new Uint16Array(n), p: new Uint8Array(n), length: n };
    for (let i = 0, j = 0; i < b.length; i++) {
      if (!keep[i]) continue;
      out.t[j] = b.t[i]!; out.x[j] = b.x[i]!; out.y[j] = b.y[i]!; out.p[j] = b.p[i]!;
      j++;
    }
    return out;
  }
}

/** The stream through a {@link BackgroundActivityFilter} (counts stay readable on `filter`). */
export async function* denoiseEvents(batches: AsyncIterable<EventBatch>, filter: BackgroundActivityFilter): AsyncGenerator<EventBatch> {
  for await (const b of batches) yield filter.filter(b);
}
