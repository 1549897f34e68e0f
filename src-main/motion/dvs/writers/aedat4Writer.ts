import { open } from 'node:fs/promises';
import { compress as lz4Compress } from 'lz4js';
import type { EventBatch } from '../types.js';
import { registerEventWriter, type WriteOptions } from './registry.js';

/**
 * AEDAT 4.0 output (spec §1.3), one EVTS stream (id 0), one packet per batch, compression NONE
 * (default) or LZ4 (one LZ4 frame per packet), no FileDataTable (dataTablePosition = -1, the
 * schema default meaning "none"). The flatbuffers are laid out by hand (fixed shapes, and a
 * typed-array fill is far faster than the flatbuffers Builder for millions of structs); the
 * offsets are spelled out below, and the tests re-read them with the `flatbuffers` runtime.
 */

const MAGIC = Buffer.from('#!AER-DAT4.0\r\n', 'latin1');

/** The infoNode XML naming stream 0 as EVTS with the sensor size. */
function infoNode(width: number, height: number, compression: string): string {
  const p = '/mainloop/Recorder/outInfo/';
  return `<dv version="2.0">\n    <node name="outInfo" path="${p}">\n        <node name="0" path="${p}0/">\n` +
    `            <attr key="compression" type="string">${compression}</attr>\n` +
    '            <attr key="originalModuleName" type="string">mwb</attr>\n' +
    '            <attr key="originalOutputName" type="string">events</attr>\n' +
    '            <attr key="typeDescription" type="string">Array of events (polarity ON/OFF).</attr>\n' +
    '            <attr key="typeIdentifier" type="string">EVTS</attr>\n' +
    `            <node name="info" path="${p}0/info/">\n` +
    `                <attr key="sizeX" type="int">${width}</attr>\n` +
    `                <attr key="sizeY" type="int">${height}</attr>\n` +
    '                <attr key="source" type="string">Motion Workbench</attr>\n' +
    '                <attr key="tsOffset" type="long">0</attr>\n' +
    '            </node>\n        </node>\n    </node>\n</dv>\n';
}

/**
 * IOHeader flatbuffer: [0] uint32 root = 24; [4] "IOHE"; [8] vtable uint16 {10, 20, 4, 8, 16};
 * [24] table: int32 soffset 16 (vtable at 8), [28] int32 compression, [32] int64
 * dataTablePosition = -1, [40] uint32 offset 4 -> [44] string: uint32 length, bytes, NUL.
 */
export function ioHeaderBytes(compression: number, xml: string): Uint8Array {
  const text = Buffer.from(xml, 'utf8');
  const total = 48 + text.length + 1 + ((8 - ((text.length + 1) % 8)) % 8);
  const b = Buffer.alloc(total);
  b.writeUInt32LE(24, 0);
  b.write('IOHE', 4, 'latin1');
  [10, 20, 4, 8, 16].forEach((v, i) => b.writeUInt16LE(v, 8 + 2 * i));
  b.writeInt32LE(16, 24);
  b.writeInt32LE(compression, 28);
  b.writeBigInt64LE(-1n, 32);
  b.writeUInt32LE(4, 40);
  b.writeUInt32LE(text.length, 44);
  text.copy(b, 48);
  return b;
}

/**
 * Size-prefixed EVTS packet flatbuffer for n events: [0] uint32 size = total - 4; [4] uint32
 * root offset 16 (table at 20); [8] "EVTS"; [12] vtable uint16 {6, 8, 4}; [20] table: int32
 * soffset 8, [24] uint32 offset 4 -> [28] vector: uint32 n, then at [32] n x 16-byte structs
 * {int64 t, int16 x, int16 y, uint8 p, 3 pad} (8-aligned, as the struct requires).
 */
export function evtsPacketBytes(b: EventBatch): Uint8Array {
  const n = b.length;
  const buf = new ArrayBuffer(32 + 16 * n);
  const u32 = new Uint32Array(buf), i32 = new Int32Array(buf), u16 = new Uint16Array(buf);
  u32[0] = buf.byteLength - 4;
  u32[1] = 16;
  new Uint8Array(buf).set([0x45, 0x56, 0x54, 0x53], 8); // "EVTS"
  u16[6] = 6; u16[7] = 8; u16[8] = 4;
  i32[5] = 8;
  u32[6] = 4;
  u32[7] = n;
  for (let k = 0, j = 8; k < n; k++, j += 4) {
    const t = Math.round(b.t[k]!);
    const hi = Math.floor(t / 4294967296);
    i32[j] = t - hi * 4294967296; i32[j + 1] = hi;
    i32[j + 2] = (b.x[k]! & 0xffff) | (b.y[k]! << 16);
    i32[j + 3] = b.p[k]!;
  }
  return new Uint8Array(buf);
}

/** Streams the batches into an AEDAT 4.0 file; returns the event count. */
export async function writeAedat4(path: string, batches: AsyncIterable<EventBatch>, options: WriteOptions): Promise<number> {
  const lz4 = options.compression === 'lz4';
  const header = ioHeaderBytes(lz4 ? 1 : 0, infoNode(options.width, options.height, lz4 ? 'LZ4' : 'NONE'));
  const fh = await open(path, 'w');
  try {
    const lead = Buffer.alloc(18);
    MAGIC.copy(lead, 0);
    lead.writeUInt32LE(header.length, 14);
    let pos = 0;
    const put = async (bytes: Uint8Array): Promise<void> => {
      await fh.write(bytes, 0, bytes.length, pos);
      pos += bytes.length;
    };
    await put(lead);
    await put(header);
    let count = 0;
    for await (const b of batches) {
      if (b.length === 0) continue;
      const flat = evtsPacketBytes(b);
      const payload = lz4 ? lz4Compress(flat) : flat;
      const ph = Buffer.alloc(8);
      ph.writeInt32LE(0, 0);
      ph.writeInt32LE(payload.length, 4);
      await put(ph);
      await put(payload);
      count += b.length;
    }
    return count;
  } finally {
    await fh.close();
  }
}

/** `.aedat4` output of `mwb events convert`. */
export const aedat4Writer = registerEventWriter({
  ext: '.aedat4',
  describe: 'AEDAT 4.0 (one EVTS stream)',
  write: writeAedat4,
});
