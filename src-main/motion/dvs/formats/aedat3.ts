import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { chipFromName } from '../chips.js';
import { ByteReader } from '../fileSource.js';
import { BatchBuilder, makeReader, type DecodeContext } from '../reader.js';
import { registerEventFormat } from '../registry.js';
import { headerValue, readTextHeader, startsWithText } from '../textHeader.js';
import { addCount, type EventBatch, type OpenOptions } from '../types.js';

/**
 * AEDAT 3.1 / 3.0 (spec §1.2, inivation-docs): `#` header ending `#!END-HEADER` (3.1), then
 * little-endian packets: a 28-byte header [int16 type, int16 source, int32 eventSize, int32
 * tsOffset, int32 tsOverflow, int32 capacity, int32 number, int32 valid] and capacity*eventSize
 * bytes. Polarity events (type 1, 8 bytes): uint32 data (bit 0 valid, bit 1 p, bits 16..2 y,
 * bits 31..17 x; origin top-left, AEDAT 3.0 bottom-left) and int32 ts; t = overflow*2^31 + ts.
 * Other packet types are skipped whole; a packet that runs past the end is an error.
 */

const TYPE_NAMES: Record<number, string> = { 0: 'special', 2: 'frame', 3: 'imu6', 4: 'imu9', 5: 'sample', 6: 'ear', 7: 'config', 8: 'point1d', 9: 'point2d', 10: 'point3d', 11: 'point4d', 12: 'spike' };
const HEADER = 28;

function le32(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

/** Copies polarity events [k, count) of a packet body into the batch until it is full; returns the next k. */
function copyPolarity(b: Uint8Array, k: number, count: number, evSize: number, tsOff: number, tBase: number, flipY: boolean,
  out: BatchBuilder, width: number, height: number, drops: { outOfRange: number; invalid: number }): number {
  const T = out.t, X = out.x, Y = out.y, P = out.p, cap = out.capacity;
  let n = out.length, oob = 0, invalid = 0;
  for (let j = k * evSize; k < count && n < cap; k++, j += evSize) {
    const data = le32(b, j);
    if ((data & 1) === 0) { invalid++; continue; }
    const x = data >>> 17, yr = (data >>> 2) & 0x7fff;
    const y = flipY ? height - 1 - yr : yr;
    if (x >= width || y < 0 || y >= height) { oob++; continue; }
    T[n] = tBase + (le32(b, j + tsOff) >>> 0); X[n] = x; Y[n] = y; P[n] = (data >>> 1) & 1;
    n++;
  }
  out.length = n;
  drops.outOfRange += oob;
  drops.invalid += invalid;
  return k;
}

async function* decodeAedat3(fh: FileHandle, size: number, start: number, name: string, flipY: boolean,
  { width, height, report, limit }: DecodeContext): AsyncGenerator<EventBatch> {
  // A probe's sample stops at the first packet past the limit and reads ahead no further than it.
  const stop = limit === undefined ? size : Math.min(size, start + limit);
  const src = new ByteReader(fh, size, undefined, stop);
  const out = new BatchBuilder();
  const drops = { outOfRange: 0, invalid: 0 };
  let pos = start, resets = 0;
  while (pos < stop) {
    if (size - pos < HEADER) {
      addCount(report.dropped, 'truncated', 1);
      report.notes.push(`the file ends with ${size - pos} byte(s) of a cut-off packet header at byte ${pos}`);
      break;
    }
    const h = await src.view(pos, HEADER);
    const type = h[0]! | (h[1]! << 8), evSize = le32(h, 4), tsOff = le32(h, 8), overflow = le32(h, 12);
    const capacity = le32(h, 16), number = le32(h, 20);
    if (evSize <= 0 || evSize > 1 << 20 || capacity < 0 || number < 0) {
      throw new Error(`${name}: packet at byte ${pos} has event size ${evSize} and capacity ${capacity}: the file is corrupt`);
    }
    const bytes = capacity * evSize;
    if (bytes > size - pos - HEADER) {
      throw new Error(`${name}: packet at byte ${pos} claims ${bytes} bytes but only ${size - pos - HEADER} remain: the file is truncated or corrupt`);
    }
    const count = Math.min(number, capacity);
    if (type === 1 && evSize >= 8 && tsOff >= 0 && tsOff + 4 <= evSize && count > 0) {
      const b = await src.view(pos + HEADER, count * evSize);
      const tBase = overflow * 2147483648;
      for (let k = 0; k < count;) {
        k = copyPolarity(b, k, count, evSize, tsOff, tBase, flipY, out, width, height, drops);
        if (out.length === out.capacity) yield out.take();
      }
    } else if (type === 0 && evSize >= 4 && count > 0) {
      const b = await src.view(pos + HEADER, count * evSize);
      for (let j = 0; j < count * evSize; j += evSize) if ((b[j]! & 1) && ((b[j]! >>> 1) & 0x7f) === 1) resets++;
      addCount(report.skipped, 'special', count);
    } else {
      addCount(report.skipped, type === 1 ? 'polarityOddSize' : `${TYPE_NAMES[type] ?? `type${type}`}Packets`, 1);
    }
    pos += HEADER + bytes;
  }
  addCount(report.dropped, 'outOfRange', drops.outOfRange);
  addCount(report.dropped, 'invalid', drops.invalid);
  if (resets > 0) report.notes.push(`${resets} TIMESTAMP_RESET event(s): timestamps restart from zero there`);
  if (out.length > 0) yield out.take();
}

/** Opens an AEDAT 3.x file: header (device -> size), then streams packets. */
async function openAedat3(path: string, options: OpenOptions) {
  const name = basename(path);
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const header = await readTextHeader(new ByteReader(fh, size, 1 << 20), '#', (t) => t.startsWith('#!END-HEADER'));
    const version = /^#!AER-DAT3\.(\d)/.exec(header.lines[0]?.text ?? '')?.[1];
    if (version === undefined) throw new Error(`${name}: not an AEDAT 3.x file`);
    if (version === '1' && !header.sawEndMarker) {
      throw new Error(`${name}: the AEDAT 3.1 header has no #!END-HEADER line (cut off at byte ${header.end})`);
    }
    const device = headerValue(header.lines, /^#Source \d+:\s*(.+?)\s*$/);
    const chip = device ? chipFromName(device) : undefined;
    const notes = device && !chip ? [`unknown source device ${device}: size inferred from the addresses`] : [];
    const flipY = version === '0';
    if (flipY) notes.push('AEDAT 3.0: y flipped from the bottom-left origin');
    return await makeReader({
      format: 'aedat3', fh, width: chip?.width, height: chip?.height, notes, dataBytes: size - header.end,
      decode: (ctx) => decodeAedat3(fh, size, header.end, name, flipY && ctx.height < 65536, ctx),
    }, options);
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** AEDAT 3.1 (and 3.0), detected by `#!AER-DAT3.`. */
export const aedat3Format = registerEventFormat({
  id: 'aedat3',
  describe: 'AEDAT 3.1 (.aedat)',
  detect: (head) => startsWithText(head, '#!AER-DAT3.'),
  open: openAedat3,
});
