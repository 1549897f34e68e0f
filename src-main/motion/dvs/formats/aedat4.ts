import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { decompressLz4Frame, decompressZstdFrame, type Scratch } from '../codecs.js';
import { ByteReader } from '../fileSource.js';
import { FlatView } from '../flatbuf.js';
import { BatchBuilder, makeReader, type DecodeContext } from '../reader.js';
import { registerEventFormat } from '../registry.js';
import { startsWithText } from '../textHeader.js';
import { addCount, type EventBatch, type OpenOptions } from '../types.js';
import { COMPRESSION_NAMES, parseIOHeader, type Aedat4Header } from './aedat4Header.js';

/**
 * AEDAT 4.0 (spec §1.3): `#!AER-DAT4.0\r\n`, uint32 LE N, N bytes of IOHeader, then packets
 * [int32 streamId][int32 size][payload] up to dataTablePosition (or EOF). A payload (after LZ4 or
 * ZSTD) is a size-prefixed flatbuffer: [uint32 size][uint32 root offset from byte 4]["EVTS"];
 * root table slot 4 = vector of 16-byte Event structs {int64 t Unix µs, int16 x, int16 y, uint8
 * p (1 = ON), 3 pad}. One EVTS stream is read (the lowest id unless chosen); packets of other
 * streams (FRME, IMUS, TRIG, other cameras) are skipped unread. Timestamps stay Unix µs.
 */

const MAGIC = '#!AER-DAT4.0\r\n';
const EVENT_BYTES = 16;

/** The payload bytes of one packet, decompressed per the header. */
function decodePayload(raw: Uint8Array, compression: number, scratch: Scratch): Uint8Array {
  if (compression === 0) return raw;
  return compression <= 2 ? decompressLz4Frame(raw, scratch) : decompressZstdFrame(raw);
}

/** Events of one EVTS flatbuffer: returns the Int32 view and count (4 ints per event). */
function eventsOf(data: Uint8Array, what: string): { ints: Int32Array; count: number } {
  const fb = new FlatView(data, -1, what);
  const sizePrefix = fb.u32(0);
  if (sizePrefix > data.length - 4) throw new Error(`${what}: size prefix ${sizePrefix} exceeds the ${data.length - 4} decoded bytes: corrupt`);
  const ident = fb.ident(8);
  if (ident !== 'EVTS') throw new Error(`${what}: an EVTS stream's packet has identifier "${ident.replace(/[^\x20-\x7e]/g, '?')}": corrupt`);
  const field = fb.field(4 + fb.u32(4), 4);
  if (field < 0) return { ints: new Int32Array(0), count: 0 };
  const { start, length } = fb.vector(field, EVENT_BYTES);
  const at = data.byteOffset + start;
  if (at % 4 === 0) return { ints: new Int32Array(data.buffer, at, length * 4), count: length };
  const copy = new Int32Array(length * 4); // unaligned (uncompressed payload in the read buffer)
  new Uint8Array(copy.buffer).set(data.subarray(start, start + length * EVENT_BYTES));
  return { ints: copy, count: length };
}

/** Copies events [k, count) of an EVTS vector (4 int32 per event) into the batch until it is full; returns the next k. */
function copyEvents(ints: Int32Array, k: number, count: number, out: BatchBuilder, width: number, height: number, drops: { outOfRange: number }): number {
  const T = out.t, X = out.x, Y = out.y, P = out.p, cap = out.capacity;
  let n = out.length, oob = 0;
  for (; k < count && n < cap; k++) {
    const j = k * 4;
    const xy = ints[j + 2]!;
    const x = (xy << 16) >> 16, y = xy >> 16; // int16 x at byte 8, int16 y at byte 10
    if (x < 0 || y < 0 || x >= width || y >= height) { oob++; continue; }
    T[n] = ints[j + 1]! * 4294967296 + (ints[j]! >>> 0); X[n] = x; Y[n] = y; P[n] = ints[j + 3]! & 0xff ? 1 : 0;
    n++;
  }
  out.length = n;
  drops.outOfRange += oob;
  return k;
}

async function* decodeAedat4(fh: FileHandle, size: number, name: string, h: Aedat4Header & { start: number; end: number; stream: number },
  { width, height, report, limit }: DecodeContext): AsyncGenerator<EventBatch> {
  // A probe's sample stops at the first packet past the limit and reads ahead no further than it.
  const stop = limit === undefined ? h.end : Math.min(h.end, h.start + limit);
  const src = new ByteReader(fh, size, undefined, stop);
  const out = new BatchBuilder();
  const scratch: Scratch = { buf: new Uint8Array(0) };
  const drops = { outOfRange: 0 };
  let pos = h.start;
  while (pos < stop) {
    if (h.end - pos < 8) throw new Error(`${name}: packet header at byte ${pos} is cut off (${h.end - pos} of 8 bytes): the file is truncated`);
    const ph = await src.view(pos, 8);
    const sid = ph[0]! | (ph[1]! << 8) | (ph[2]! << 16) | (ph[3]! << 24);
    const len = ph[4]! | (ph[5]! << 8) | (ph[6]! << 16) | (ph[7]! << 24);
    if (len < 0 || len > h.end - pos - 8) {
      throw new Error(`${name}: packet at byte ${pos} claims ${len} bytes but only ${h.end - pos - 8} remain: the file is truncated or corrupt`);
    }
    const stream = h.streams.get(sid);
    if (!stream) throw new Error(`${name}: packet at byte ${pos} belongs to stream ${sid}, which the header does not declare: the file is corrupt`);
    if (sid !== h.stream) {
      addCount(report.skipped, stream.type === 'EVTS' ? 'otherEventStreamPackets' : `${stream.type.toLowerCase() || 'unknown'}Packets`, 1);
      pos += 8 + len;
      continue;
    }
    const what = `${name}: packet at byte ${pos}`;
    let data: Uint8Array;
    try {
      data = decodePayload(await src.view(pos + 8, len), h.compression, scratch);
    } catch (err) {
      throw new Error(`${what}: ${(err as Error).message}`, { cause: err });
    }
    const { ints, count } = eventsOf(data, what);
    for (let k = 0; k < count;) {
      k = copyEvents(ints, k, count, out, width, height, drops);
      if (out.length === out.capacity) yield out.take();
    }
    pos += 8 + len;
  }
  addCount(report.dropped, 'outOfRange', drops.outOfRange);
  if (out.length > 0) yield out.take();
}

/** Opens an AEDAT 4.0 file: IOHeader, stream choice, then streams packets. */
async function openAedat4(path: string, options: OpenOptions) {
  const name = basename(path);
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const src = new ByteReader(fh, size, 1 << 20);
    if (size < 18) throw new Error(`${name}: the AEDAT 4.0 header is cut off at byte ${size} (needs 18 bytes before the IOHeader)`);
    const head = await src.view(0, 18);
    if (!startsWithText(head, MAGIC)) throw new Error(`${name}: not an AEDAT 4.0 file (first line must be exactly "#!AER-DAT4.0\\r\\n")`);
    const n = (head[14]! | (head[15]! << 8) | (head[16]! << 16) | (head[17]! << 24)) >>> 0;
    if (n > size - 18) throw new Error(`${name}: the IOHeader at byte 18 claims ${n} bytes but only ${size - 18} remain: the file is truncated or corrupt`);
    const header = parseIOHeader(await src.view(18, n), 18, name);
    if (!(header.compression >= 0 && header.compression <= 4)) throw new Error(`${name}: unknown compression code ${header.compression} in the IOHeader`);
    const evts = [...header.streams.values()].filter((s) => s.type === 'EVTS').sort((a, b) => a.id - b.id);
    const listed = [...header.streams.values()].map((s) => `${s.id} ${s.type || '?'}`).join(', ') || 'none';
    const chosen = options.stream !== undefined ? evts.find((s) => s.id === options.stream) : evts[0];
    if (!chosen) {
      throw new Error(`${name}: ${options.stream !== undefined ? `stream ${options.stream} is not an event (EVTS) stream` : 'holds no event (EVTS) stream'}; streams: ${listed}`);
    }
    const start = 18 + n;
    const dtp = header.dataTablePosition;
    const end = dtp >= start && dtp <= size ? dtp : size;
    const notes = [`compression ${COMPRESSION_NAMES[header.compression]}; timestamps are Unix µs as recorded`];
    if (evts.length > 1) notes.push(`${evts.length} event streams (${evts.map((s) => s.id).join(', ')}); reading stream ${chosen.id} (choose with --stream)`);
    if (dtp > size) notes.push(`the data table position ${dtp} lies past the end of the file (${size} bytes): the file was cut short`);
    const h = { ...header, start, end, stream: chosen.id };
    return await makeReader({
      format: 'aedat4', fh, width: chosen.width, height: chosen.height, notes, dataBytes: h.end - h.start,
      decode: (ctx) => decodeAedat4(fh, size, name, h, ctx),
    }, options);
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** AEDAT 4.0, detected by its exact 14-byte first line. */
export const aedat4Format = registerEventFormat({
  id: 'aedat4',
  describe: 'AEDAT 4.0 (.aedat4)',
  detect: (head) => startsWithText(head, MAGIC),
  open: openAedat4,
});
