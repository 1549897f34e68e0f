import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { DAVIS_SIZES, chipFromName, type ChipInfo } from '../chips.js';
import { ByteReader, readChunks } from '../fileSource.js';
import { makeReader, probeLimit, sampleEnd, streamWords, type BatchBuilder, type WordDecoder } from '../reader.js';
import { registerEventFormat } from '../registry.js';
import { headerValue, readTextHeader, startsWithText } from '../textHeader.js';
import { addCount, type OpenOptions, type ReaderReport } from '../types.js';

/**
 * jAER AEDAT 2.0 (spec §1.1): `#` header lines (CRLF), then 8-byte big-endian events
 * [uint32 address][int32 timestamp µs]. Layouts: DVS128 (x = 127 - bits 7..1, y = 127 - bits
 * 14..8, bit 0 = 0 means ON, skip bit 15/31 words) and DAVIS (bit 31 = APS/IMU, skipped; bit 10
 * = external, skipped; p = bit 11, x = W-1 - bits 21..12, y = H-1 - bits 30..22). Timestamps
 * gain 2^32 whenever they drop by more than 2^31 (jAER TimestampUnwrapper).
 */

class Aedat2State {
  prevTs = 0;
  wrap = 0;
  wraps = 0;
  outOfRange = 0;
  aps = 0;
  imu = 0;
  special = 0;
  constructor(readonly wm1: number, readonly hm1: number, readonly width: number, readonly height: number) {}
}

// Byte swap of a 32-bit word read little-endian from a big-endian file (result is int32).
// Inlined by hand in the loops below: a call per word would cost more than the swap.
function stepDavis(s: Aedat2State, chunk: Uint8Array, from: number, count: number, out: BatchBuilder): number {
  const u = new Int32Array(chunk.buffer, chunk.byteOffset, count * 2);
  const T = out.t, X = out.x, Y = out.y, P = out.p, cap = out.capacity, wm1 = s.wm1, hm1 = s.hm1;
  let n = out.length, prev = s.prevTs, wrap = s.wrap, oob = 0, aps = 0, imu = 0, ext = 0;
  let i = from;
  for (; i < count && n < cap; i++) {
    const wa = u[2 * i]!, wt = u[2 * i + 1]!;
    const a = (wa << 24) | ((wa & 0xff00) << 8) | ((wa >>> 8) & 0xff00) | (wa >>> 24);
    const ts = ((wt << 24) | ((wt & 0xff00) << 8) | ((wt >>> 8) & 0xff00) | (wt >>> 24)) >>> 0;
    if (ts < prev - 2147483648) { wrap += 4294967296; s.wraps++; }
    prev = ts;
    if (a < 0) { // bit 31: APS, or IMU when bits 11-10 are both set too
      if ((a & 0xc00) === 0xc00) imu++; else aps++;
      continue;
    }
    if (a & 0x400) { ext++; continue; }
    const x = wm1 - ((a >>> 12) & 0x3ff);
    const y = hm1 - ((a >>> 22) & 0x1ff);
    if ((x | y) < 0) { oob++; continue; }
    T[n] = wrap + ts; X[n] = x; Y[n] = y; P[n] = (a >>> 11) & 1;
    n++;
  }
  out.length = n; s.prevTs = prev; s.wrap = wrap;
  s.outOfRange += oob; s.aps += aps; s.imu += imu; s.special += ext;
  return i;
}

function stepDvs128(s: Aedat2State, chunk: Uint8Array, from: number, count: number, out: BatchBuilder): number {
  const u = new Int32Array(chunk.buffer, chunk.byteOffset, count * 2);
  const T = out.t, X = out.x, Y = out.y, P = out.p, cap = out.capacity, w = s.width, h = s.height;
  let n = out.length, prev = s.prevTs, wrap = s.wrap, oob = 0, special = 0;
  let i = from;
  for (; i < count && n < cap; i++) {
    const wa = u[2 * i]!, wt = u[2 * i + 1]!;
    const a = (wa << 24) | ((wa & 0xff00) << 8) | ((wa >>> 8) & 0xff00) | (wa >>> 24);
    const ts = ((wt << 24) | ((wt & 0xff00) << 8) | ((wt >>> 8) & 0xff00) | (wt >>> 24)) >>> 0;
    if (ts < prev - 2147483648) { wrap += 4294967296; s.wraps++; }
    prev = ts;
    if (a & 0x80008000) { special++; continue; } // sync/external (bit 15) or special (bit 31)
    const x = 127 - ((a >>> 1) & 0x7f);
    const y = 127 - ((a >>> 8) & 0x7f);
    if (x >= w || y >= h) { oob++; continue; }
    T[n] = wrap + ts; X[n] = x; Y[n] = y; P[n] = (a & 1) ^ 1; // bit 0 = 0 means ON (jAER code)
    n++;
  }
  out.length = n; s.prevTs = prev; s.wrap = wrap; s.outOfRange += oob; s.special += special;
  return i;
}

function decoder(layout: 'dvs128' | 'davis', width: number, height: number): WordDecoder {
  const s = new Aedat2State(width - 1, height - 1, width, height);
  const step = layout === 'davis' ? stepDavis : stepDvs128;
  return {
    step: (chunk, from, count, out) => step(s, chunk, from, count, out),
    finish(report: ReaderReport) {
      addCount(report.dropped, 'outOfRange', s.outOfRange);
      addCount(report.skipped, 'aps', s.aps);
      addCount(report.skipped, 'imu', s.imu);
      addCount(report.skipped, layout === 'davis' ? 'external' : 'special', s.special);
      if (s.wraps > 0) report.notes.push(`timestamps wrapped ${s.wraps} time(s) past 2^32 µs; unwrapped`);
    },
  };
}

/** One pass over the addresses (for files without an AEChip line): DAVIS-only bits, largest raw x/y. */
async function scanAddresses(fh: FileHandle, start: number, end: number): Promise<{ wide: number; maxX: number; maxY: number }> {
  let wide = 0, maxX = -1, maxY = -1;
  for await (const chunk of readChunks(fh, start, end, 8, () => undefined)) {
    const u = new Int32Array(chunk.bytes.buffer, 0, chunk.bytes.length >>> 2);
    for (let i = 0; i < u.length; i += 2) {
      const wa = u[i]!;
      const a = (wa << 24) | ((wa & 0xff00) << 8) | ((wa >>> 8) & 0xff00) | (wa >>> 24);
      if (a < 0 || (a & 0x400)) continue;
      if (a & 0x7fff0000) wide++;
      const rx = (a >>> 12) & 0x3ff, ry = (a >>> 22) & 0x1ff;
      if (rx > maxX) maxX = rx;
      if (ry > maxY) maxY = ry;
    }
  }
  return { wide, maxX, maxY };
}

/** Layout and size for a file whose header does not name a known chip (MANIFEST: infer, or let the user choose). */
async function inferChip(fh: FileHandle, start: number, end: number, forced: 'dvs128' | 'davis' | 'auto'): Promise<ChipInfo & { note: string }> {
  if (forced === 'dvs128') return { layout: 'dvs128', width: 128, height: 128, note: 'DVS128 layout chosen by the caller' };
  const { wide, maxX, maxY } = await scanAddresses(fh, start, end);
  if (forced === 'auto' && wide === 0) {
    return { layout: 'dvs128', width: 128, height: 128, note: 'no AEChip line: DVS128 layout assumed (every address fits in 16 bits); pass --layout davis and --width/--height if that is wrong' };
  }
  const fit = DAVIS_SIZES.find((s) => maxX < s.width && maxY < s.height) ?? { width: maxX + 1, height: maxY + 1 };
  const why = forced === 'davis' ? 'DAVIS layout chosen by the caller'
    : `no AEChip line: DAVIS layout inferred (${wide} addresses use bits above 15, impossible for DVS128)`;
  return {
    layout: 'davis', ...fit,
    note: `${why}; sensor ${fit.width}x${fit.height} = the smallest DAVIS size holding every address ` +
      `(raw x <= ${maxX}, raw y <= ${maxY}); pass --layout/--width/--height to override`,
  };
}

/** Opens an AEDAT 2.0 file: header, layout (AEChip, options or inference), then streaming. */
async function openAedat2(path: string, options: OpenOptions) {
  const name = basename(path);
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const header = await readTextHeader(new ByteReader(fh, size, 1 << 20), '#', (t) => /^#\s*End Of ASCII Header/i.test(t));
    const first = header.lines[0]?.text ?? '';
    if (!/^#!AER-DAT2\./.test(first)) throw new Error(`${name}: not an AEDAT 2.0 file (first line "${first.slice(0, 40)}")`);
    const text = header.lines.map((l) => l.text);
    const prefsOpen = text.some((t) => /^#\s*Start of Preferences/i.test(t)) && !text.some((t) => /^#\s*End of Preferences/i.test(t));
    if (header.unterminated || (header.end === size && prefsOpen)) {
      throw new Error(`${name}: the AEDAT 2.0 header is cut off at byte ${size} ` +
        `(${header.unterminated ? 'its last line has no line end' : 'the preferences block never ends'}); the file holds no events`);
    }
    const chipName = headerValue(header.lines, /^#\s*AEChip:\s*(\S+)/);
    const notes: string[] = [];
    const forced = options.layout ?? 'auto';
    let chip = chipName ? chipFromName(chipName) : undefined;
    if (chipName && !chip) notes.push(`unknown AEChip ${chipName}: layout and size inferred from the addresses`);
    let sizeEstimated = false;
    if (!chip || (forced !== 'auto' && forced !== chip.layout)) {
      // A probe infers the chip from a sample of the addresses, not from every one.
      const limit = forced === 'dvs128' ? undefined : probeLimit(options, size - header.end);
      const inferred = await inferChip(fh, header.end, sampleEnd(header.end, size, 8, limit), forced);
      notes.push(inferred.note);
      if (limit !== undefined) {
        sizeEstimated = true;
        notes.push(`probe: layout and size inferred from the first ${limit >> 20} MiB of events; a full read gives the exact size`);
      }
      chip = inferred;
    }
    const layout = chip.layout;
    return await makeReader({
      format: 'aedat2', fh, width: chip.width, height: chip.height, notes, sizeEstimated,
      decode: ({ width, height, report }) => streamWords(fh, header.end, size, 8, decoder(layout, width, height), report),
    }, options);
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** jAER AEDAT 2.0, detected by its `#!AER-DAT2.` first line. */
export const aedat2Format = registerEventFormat({
  id: 'aedat2',
  describe: 'jAER AEDAT 2.0 (.aedat)',
  detect: (head) => startsWithText(head, '#!AER-DAT2.'),
  open: openAedat2,
});
