import { open } from 'node:fs/promises';
import { npyHeader } from '../../../media/npy.js';
import type { EventBatch } from '../types.js';
import { registerEventWriter } from './registry.js';

/**
 * Events as a NumPy `.npy`: an N x 4 int64 array, one row [t µs, x, y, p] per event (p 1 = ON,
 * 0 = OFF), C order, little-endian, so `numpy.load(path)` gives it directly (`a[:, 0]` = t).
 * Streamed: the header is written with N = 0, the rows follow batch by batch, and the header is
 * rewritten with the final N (both headers are 128 bytes: npyHeader pads to 64).
 */

/** Writes the batches as an N x 4 int64 .npy; returns N. */
export async function writeEventsNpy(path: string, batches: AsyncIterable<EventBatch>): Promise<number> {
  const fh = await open(path, 'w');
  try {
    const first = npyHeader('i8', [0, 4]);
    await fh.write(first, 0, first.length, 0);
    let pos = first.length, count = 0;
    let rows = new Int32Array(0);
    for await (const b of batches) {
      if (rows.length < b.length * 8) rows = new Int32Array(b.length * 8);
      for (let i = 0, j = 0; i < b.length; i++, j += 8) {
        const t = Math.round(b.t[i]!);
        const hi = Math.floor(t / 4294967296);
        rows[j] = t - hi * 4294967296; rows[j + 1] = hi; // int64 as two int32 halves, low first
        rows[j + 2] = b.x[i]!; rows[j + 3] = 0;
        rows[j + 4] = b.y[i]!; rows[j + 5] = 0;
        rows[j + 6] = b.p[i]!; rows[j + 7] = 0;
      }
      const bytes = new Uint8Array(rows.buffer, 0, b.length * 32);
      await fh.write(bytes, 0, bytes.length, pos);
      pos += bytes.length;
      count += b.length;
    }
    const last = npyHeader('i8', [count, 4]);
    if (last.length !== first.length) throw new Error(`${path}: .npy header grew from ${first.length} to ${last.length} bytes`);
    await fh.write(last, 0, last.length, 0);
    return count;
  } finally {
    await fh.close();
  }
}

/** `.npy` output of `mwb events convert`. */
export const npyWriter = registerEventWriter({
  ext: '.npy',
  describe: 'NumPy N x 4 int64 [t, x, y, p]',
  write: (path, batches) => writeEventsNpy(path, batches),
});
