import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { makeReader, sampleEnd, streamWords, type BatchBuilder, type WordDecoder } from '../reader.js';
import { registerEventFormat } from '../registry.js';
import { addCount, type OpenOptions, type ReaderReport } from '../types.js';

/**
 * N-MNIST / N-Caltech101 `.bin` (spec §1.7, Orchard's `Read_Ndataset.m`, event-Python
 * `eventvision.py`): no header, 5 bytes per event: x, y, then p = bit 7 of byte 2 (1 = ON) and a
 * 23-bit timestamp ((b2 & 0x7F) << 16 | b3 << 8 | b4) µs. A word with y = 240 is an overflow
 * marker: it is dropped and every later timestamp gains 2^13 (the reference readers test y only;
 * the spec's "x = 305" cannot occur in an 8-bit field). Size: 34x34 when every address fits
 * (N-MNIST), else max + 1 per axis (N-Caltech101 varies per file).
 */

const OVERFLOW_Y = 240;
const OVERFLOW_STEP = 1 << 13;

class BinState {
  offset = 0;
  markers = 0;
  outOfRange = 0;
  constructor(readonly width: number, readonly height: number) {}
}

function stepBin(s: BinState, b: Uint8Array, from: number, count: number, out: BatchBuilder): number {
  const T = out.t, X = out.x, Y = out.y, P = out.p, cap = out.capacity, W = s.width, H = s.height;
  let n = out.length, off = s.offset, oob = 0, markers = 0, i = from;
  for (; i < count && n < cap; i++) {
    const j = i * 5;
    const x = b[j]!, y = b[j + 1]!, b2 = b[j + 2]!;
    if (y === OVERFLOW_Y) { off += OVERFLOW_STEP; markers++; continue; }
    if (x >= W || y >= H) { oob++; continue; }
    T[n] = off + (((b2 & 0x7f) << 16) | (b[j + 3]! << 8) | b[j + 4]!); X[n] = x; Y[n] = y; P[n] = b2 >>> 7;
    n++;
  }
  out.length = n; s.offset = off; s.markers += markers; s.outOfRange += oob;
  return i;
}

function decoder(width: number, height: number): WordDecoder {
  const s = new BinState(width, height);
  return {
    step: (chunk, from, count, out) => stepBin(s, chunk, from, count, out),
    finish(report: ReaderReport) {
      addCount(report.dropped, 'outOfRange', s.outOfRange);
      addCount(report.skipped, 'overflowMarker', s.markers);
    },
  };
}

/** Opens a `.bin` file (no header: the size comes from options or a first pass). */
async function openBin(path: string, options: OpenOptions) {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    return await makeReader({
      format: 'nmnist', fh, dataBytes: size,
      decode: ({ width, height, report, limit }) => streamWords(fh, 0, sampleEnd(0, size, 5, limit), 5, decoder(width, height), report),
      inferSize: (maxX, maxY) => maxX < 34 && maxY < 34
        ? { width: 34, height: 34, note: 'sensor 34x34 (N-MNIST): every address fits; pass --width/--height for another size' }
        : { width: maxX + 1, height: maxY + 1, note: `sensor size ${maxX + 1}x${maxY + 1} inferred from the largest x and y (N-Caltech101 files differ in size)` },
    }, options);
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** N-MNIST / N-Caltech101 `.bin`, detected by the file name (the format has no header). */
export const nmnistFormat = registerEventFormat({
  id: 'nmnist',
  describe: 'N-MNIST / N-Caltech101 (.bin)',
  detect: (_head, fileName) => extname(fileName).toLowerCase() === '.bin',
  open: openBin,
});
