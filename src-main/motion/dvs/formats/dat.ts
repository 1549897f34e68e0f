import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ByteReader } from '../fileSource.js';
import { makeReader, sampleEnd, streamWords, type BatchBuilder, type WordDecoder } from '../reader.js';
import { registerEventFormat } from '../registry.js';
import { headLines } from '../textHeader.js';
import { addCount, type OpenOptions, type ReaderReport } from '../types.js';
import { evtVersion, readPropheseeHeader } from './propheseeHeader.js';

/**
 * Prophesee `.dat` (spec §1.6, openeb dat_tools.py / DAT_helper.h): `% ` header lines
 * (`% Version 2`, `% Width W`, `% Height H`, optional `% end`), then 1 byte event type (0 Event2D,
 * 12 EventCD, 14 ExtTrigger) and 1 byte event size (8), then 8-byte little-endian events
 * [uint32 t µs][uint32 w]: x = w & 0x3FFF, y = (w >>> 14) & 0x3FFF, p = (w >>> 28) & 0xF (1 = ON).
 * Version 1 files pack x in 9 bits, y in 8, p at bit 17 (event2d.h "V1").
 */

const TYPE_NAMES: Record<number, string> = { 0: 'Event2D', 12: 'EventCD', 14: 'ExtTrigger' };

class DatState {
  outOfRange = 0;
  constructor(readonly width: number, readonly height: number, readonly v1: boolean) {}
}

function stepDat(s: DatState, chunk: Uint8Array, from: number, count: number, out: BatchBuilder): number {
  const u = new Int32Array(chunk.buffer, chunk.byteOffset, count * 2);
  const T = out.t, X = out.x, Y = out.y, P = out.p, cap = out.capacity, W = s.width, H = s.height;
  let n = out.length, oob = 0, i = from;
  if (s.v1) {
    for (; i < count && n < cap; i++) {
      const w = u[2 * i + 1]!;
      const x = w & 0x1ff, y = (w >>> 9) & 0xff;
      if (x >= W || y >= H) { oob++; continue; }
      T[n] = u[2 * i]! >>> 0; X[n] = x; Y[n] = y; P[n] = (w >>> 17) & 1;
      n++;
    }
  } else {
    for (; i < count && n < cap; i++) {
      const w = u[2 * i + 1]!;
      const x = w & 0x3fff, y = (w >>> 14) & 0x3fff;
      if (x >= W || y >= H) { oob++; continue; }
      T[n] = u[2 * i]! >>> 0; X[n] = x; Y[n] = y; P[n] = (w >>> 28) & 0xf ? 1 : 0;
      n++;
    }
  }
  out.length = n;
  s.outOfRange += oob;
  return i;
}

function decoder(width: number, height: number, v1: boolean): WordDecoder {
  const s = new DatState(width, height, v1);
  return {
    step: (chunk, from, count, out) => stepDat(s, chunk, from, count, out),
    finish: (report: ReaderReport) => addCount(report.dropped, 'outOfRange', s.outOfRange),
  };
}

/** Opens a .dat file: header, the type/size bytes, then streams 8-byte events. */
async function openDat(path: string, options: OpenOptions) {
  const name = basename(path);
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const src = new ByteReader(fh, size, 1 << 20);
    const header = await readPropheseeHeader(src);
    let start = header.end;
    let type = 0, evSize = 8;
    if (header.lines.length > 0) {
      if (size - start < 2) throw new Error(`${name}: the .dat header ends at byte ${start} without the event type and size bytes`);
      const ts = await src.view(start, 2);
      type = ts[0]!;
      evSize = ts[1]!;
      start += 2;
    }
    if (evSize !== 8) throw new Error(`${name}: event size ${evSize} at byte ${start - 1} is not supported (only 8-byte events)`);
    if (type === 14) throw new Error(`${name}: holds external triggers (event type 14 at byte ${start - 2}), not polarity events`);
    const notes = [...header.notes];
    if (!(type in TYPE_NAMES)) notes.push(`unknown event type ${type} at byte ${start - 2}: decoded as Event2D`);
    const version = Number(header.lines.map((l) => /^% Version\s+(\d+)/i.exec(l.text)?.[1]).find(Boolean) ?? 2);
    const v1 = version < 2;
    if (v1) notes.push(`Version ${version}: the old 9/8-bit x/y packing`);
    return await makeReader({
      format: 'dat', fh, width: header.width, height: header.height, notes, dataBytes: size - start,
      decode: ({ width, height, report, limit }) => streamWords(fh, start, sampleEnd(start, size, 8, limit), 8, decoder(width, height, v1), report),
    }, options);
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Prophesee .dat: `% ` lines naming Version/Width/Height (and no EVT), or a `.dat` name. */
export const datFormat = registerEventFormat({
  id: 'dat',
  describe: 'Prophesee .dat',
  detect(head, fileName) {
    const lines = headLines(head, '% ');
    if (lines.length > 0) return !evtVersion(lines) && lines.some((l) => /^% (Version|Width|Height)\b/i.test(l));
    return extname(fileName).toLowerCase() === '.dat';
  },
  open: openDat,
});
