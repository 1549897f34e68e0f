import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { ByteReader } from '../fileSource.js';
import { makeReader, sampleEnd, streamWords, type BatchBuilder, type WordDecoder } from '../reader.js';
import { registerEventFormat } from '../registry.js';
import { addCount, type OpenOptions, type ReaderReport } from '../types.js';
import { headEvtVersion, readPropheseeHeader } from './propheseeHeader.js';

/**
 * Prophesee EVT 2.0 `.raw` (spec §1.4, openeb metavision_evt2_raw_file_decoder): little-endian
 * uint32 words, type = w >>> 28. CD_OFF (0) / CD_ON (1): y = bits 10..0, x = bits 21..11,
 * tLow = bits 27..22; TIME_HIGH (8): t = (w & 0x0FFFFFFF) * 64 + tLow (34 bits), plus 2^34 when
 * the base falls by at least (2^34 - 64) - 10*64 (a loop). Words before the first TIME_HIGH are
 * discarded (CD events among them count as dropped: their time is unknown); triggers (0xA), IMU (0xD), OTHER (0xE), CONTINUED (0xF) are skipped.
 */

const LOOP = 2 ** 34;
const LOOP_THRESHOLD = (LOOP - 64) - 10 * 64;
const SKIP_NAMES: Record<number, string> = { 8: 'timeHigh', 10: 'extTrigger', 13: 'imu', 14: 'other', 15: 'continued' };

class Evt2State {
  started = false;
  beforeStart = 0;
  cdBeforeStart = 0;
  base = 0; // last TIME_HIGH * 64, without loops
  loops = 0;
  outOfRange = 0;
  readonly byType = new Float64Array(16);
  constructor(readonly width: number, readonly height: number) {}
}

function stepEvt2(s: Evt2State, chunk: Uint8Array, from: number, count: number, out: BatchBuilder): number {
  const u = new Int32Array(chunk.buffer, chunk.byteOffset, count);
  let i = from;
  if (!s.started) {
    for (; i < count && (u[i]! >>> 28) !== 8; i++) {
      if ((u[i]! >>> 28) <= 1) s.cdBeforeStart++; else s.beforeStart++;
    }
    if (i === count) return i;
    s.started = true;
  }
  const T = out.t, X = out.x, Y = out.y, P = out.p, cap = out.capacity, w0 = s.width, h0 = s.height, byType = s.byType;
  let n = out.length, base = s.base, loops = s.loops, th = base + loops, oob = 0;
  for (; i < count && n < cap; i++) {
    const w = u[i]!;
    const type = w >>> 28;
    if (type <= 1) {
      const y = w & 0x7ff, x = (w >>> 11) & 0x7ff;
      if (x >= w0 || y >= h0) { oob++; continue; }
      T[n] = th + ((w >>> 22) & 0x3f); X[n] = x; Y[n] = y; P[n] = type;
      n++;
    } else if (type === 8) {
      const nb = (w & 0x0fffffff) * 64;
      if (base - nb >= LOOP_THRESHOLD) loops += LOOP;
      base = nb;
      th = base + loops;
      byType[8]!++;
    } else {
      byType[type]!++;
    }
  }
  out.length = n; s.base = base; s.loops = loops; s.outOfRange += oob;
  return i;
}

function decoder(width: number, height: number): WordDecoder {
  const s = new Evt2State(width, height);
  return {
    step: (chunk, from, count, out) => stepEvt2(s, chunk, from, count, out),
    finish(report: ReaderReport) {
      addCount(report.dropped, 'outOfRange', s.outOfRange);
      addCount(report.dropped, 'beforeFirstTimeHigh', s.cdBeforeStart);
      addCount(report.skipped, 'beforeFirstTimeHigh', s.beforeStart);
      s.byType.forEach((c, type) => addCount(report.skipped, SKIP_NAMES[type] ?? `type0x${type.toString(16)}`, c));
      if (s.loops > 0) report.notes.push(`time base looped ${s.loops / LOOP} time(s) past 2^34 µs; unwrapped`);
    },
  };
}

/** Opens an EVT 2.0 file: `% ` header (geometry), then streams 4-byte words. */
async function openEvt2(path: string, options: OpenOptions) {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const header = await readPropheseeHeader(new ByteReader(fh, size, 1 << 20));
    if (header.evt !== '2.0') throw new Error(`${basename(path)}: not an EVT 2.0 file (header says EVT ${header.evt ?? 'nothing'})`);
    return await makeReader({
      format: 'evt2', fh, width: header.width, height: header.height, notes: header.notes, dataBytes: size - header.end,
      decode: ({ width, height, report, limit }) => streamWords(fh, header.end, sampleEnd(header.end, size, 4, limit), 4, decoder(width, height), report),
    }, options);
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Prophesee EVT 2.0 `.raw`, detected by `% evt 2.0` or `% format EVT2` in its header. */
export const evt2Format = registerEventFormat({
  id: 'evt2',
  describe: 'Prophesee EVT 2.0 (.raw)',
  detect: (head) => headEvtVersion(head) === '2.0',
  open: openEvt2,
});
