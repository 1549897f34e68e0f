import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { ByteReader } from '../fileSource.js';
import { makeReader, streamWords, type BatchBuilder, type WordDecoder } from '../reader.js';
import { registerEventFormat } from '../registry.js';
import { addCount, type OpenOptions, type ReaderReport } from '../types.js';
import { headEvtVersion, readPropheseeHeader } from './propheseeHeader.js';

/**
 * Prophesee EVT 3.0 `.raw` (spec §1.5, openeb metavision_evt3_raw_file_decoder): a state machine
 * over little-endian uint16 words, type = w >>> 12. ADDR_Y (0) sets y; ADDR_X (2) emits one
 * event (p = bit 11); VECT_BASE_X (3) sets baseX and p; VECT_12 (4) / VECT_8 (5) emit one event
 * per set bit at baseX + i, then baseX += 12/8; TIME_LOW (6) t = base + low 12 bits; TIME_HIGH
 * (8) base = (w & 0xFFF) << 12, +2^24 on a loop. Each VECT word is handled on its own (openeb#111);
 * decoding starts at the first TIME_HIGH (events before it count as dropped); unknown words (e.g. 0x9999 padding) are skipped.
 */

const LOOP = 2 ** 24;
const LOOP_THRESHOLD = (LOOP - 4096) - 10 * 4096;
const SKIP_NAMES: Record<number, string> = { 7: 'continued4', 8: 'timeHigh', 10: 'extTrigger', 13: 'imu', 14: 'other', 15: 'continued12' };

class Evt3State {
  started = false;
  beforeStart = 0;
  eventsBeforeStart = 0;
  y = 0;
  baseX = 0;
  vp = 0;
  base = 0; // 24-bit time base without loops
  loops = 0;
  t = 0;
  outOfRange = 0;
  readonly byType = new Float64Array(16);
  constructor(readonly width: number, readonly height: number) {}
}

function popcount(v: number): number {
  let c = 0;
  for (; v; v &= v - 1) c++;
  return c;
}

function stepEvt3(s: Evt3State, chunk: Uint8Array, from: number, count: number, out: BatchBuilder): number {
  const u = new Uint16Array(chunk.buffer, chunk.byteOffset, count);
  let i = from;
  if (!s.started) {
    for (; i < count && (u[i]! >>> 12) !== 8; i++) {
      const w = u[i]!, type = w >>> 12;
      if (type === 2) s.eventsBeforeStart++;
      else if (type === 4 || type === 5) s.eventsBeforeStart += popcount(type === 4 ? w & 0xfff : w & 0xff);
      else s.beforeStart++;
    }
    if (i === count) return i;
    s.started = true;
  }
  const T = out.t, X = out.x, Y = out.y, P = out.p, room = out.capacity - 12, W = s.width, H = s.height;
  let n = out.length, y = s.y, baseX = s.baseX, vp = s.vp, base = s.base, loops = s.loops, t = s.t, oob = 0;
  for (; i < count && n <= room; i++) {
    const w = u[i]!;
    const type = w >>> 12;
    if (type === 2) { // ADDR_X
      const x = w & 0x7ff;
      if (x >= W || y >= H) { oob++; continue; }
      T[n] = t; X[n] = x; Y[n] = y; P[n] = (w >>> 11) & 1;
      n++;
    } else if (type === 6) { // TIME_LOW
      t = base + loops + (w & 0xfff);
    } else if (type === 0) { // ADDR_Y
      y = w & 0x7ff;
    } else if (type === 4 || type === 5) { // VECT_12 / VECT_8
      const bits = type === 4 ? w & 0xfff : w & 0xff;
      const len = type === 4 ? 12 : 8;
      for (let b = 0; b < len; b++) {
        if ((bits >>> b) & 1) {
          const x = baseX + b;
          if (x >= W || y >= H) { oob++; continue; }
          T[n] = t; X[n] = x; Y[n] = y; P[n] = vp;
          n++;
        }
      }
      baseX += len;
    } else if (type === 3) { // VECT_BASE_X
      baseX = w & 0x7ff;
      vp = (w >>> 11) & 1;
    } else if (type === 8) { // TIME_HIGH
      const nb = (w & 0xfff) << 12;
      if (base - nb >= LOOP_THRESHOLD) loops += LOOP;
      base = nb;
      t = base + loops;
      s.byType[8]!++;
    } else {
      s.byType[type]!++;
    }
  }
  out.length = n;
  s.y = y; s.baseX = baseX; s.vp = vp; s.base = base; s.loops = loops; s.t = t; s.outOfRange += oob;
  return i;
}

function decoder(width: number, height: number): WordDecoder {
  const s = new Evt3State(width, height);
  return {
    step: (chunk, from, count, out) => stepEvt3(s, chunk, from, count, out),
    finish(report: ReaderReport) {
      addCount(report.dropped, 'outOfRange', s.outOfRange);
      addCount(report.dropped, 'beforeFirstTimeHigh', s.eventsBeforeStart);
      addCount(report.skipped, 'beforeFirstTimeHigh', s.beforeStart);
      s.byType.forEach((c, type) => addCount(report.skipped, SKIP_NAMES[type] ?? `type0x${type.toString(16)}`, c));
      if (s.loops > 0) report.notes.push(`time base looped ${s.loops / LOOP} time(s) past 2^24 µs; unwrapped`);
    },
  };
}

/** Opens an EVT 3.0 file: `% ` header (geometry, else 1280x720 as openeb's decoder), then 2-byte words. */
async function openEvt3(path: string, options: OpenOptions) {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const header = await readPropheseeHeader(new ByteReader(fh, size, 1 << 20));
    if (header.evt !== '3.0') throw new Error(`${basename(path)}: not an EVT 3.0 file (header says EVT ${header.evt ?? 'nothing'})`);
    if (header.width === undefined || header.height === undefined) {
      header.width = 1280;
      header.height = 720;
      header.notes.push('the header gives no geometry: 1280x720 assumed (as openeb\'s EVT 3.0 decoder does)');
    }
    return await makeReader({
      format: 'evt3', fh, width: header.width, height: header.height, notes: header.notes,
      decode: ({ width, height, report }) => streamWords(fh, header.end, size, 2, decoder(width, height), report),
    }, options);
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Prophesee EVT 3.0 `.raw`, detected by `% evt 3.0` or `% format EVT3` in its header. */
export const evt3Format = registerEventFormat({
  id: 'evt3',
  describe: 'Prophesee EVT 3.0 (.raw)',
  detect: (head) => headEvtVersion(head) === '3.0',
  open: openEvt3,
});
