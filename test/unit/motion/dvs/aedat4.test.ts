import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ByteBuffer } from 'flatbuffers';
import * as lz4 from 'lz4js';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeLz4Block, decompressLz4Frame } from '../../../../src-main/motion/dvs/codecs.js';
import { openEventFile, writeAedat4 } from '../../../../src-main/motion/dvs/index.js';
import { evtsPacketBytes, ioHeaderBytes } from '../../../../src-main/motion/dvs/writers/aedat4Writer.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { collect, eventsOf, randomEvents, rowsOf, sameEvents, type Events } from './synth.js';

afterEach(removeTempDirs);

const hasTool = (tool: string): boolean => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

async function* batchesOf(ev: Events, size: number) {
  for (let i = 0; i < ev.length; i += size) {
    const n = Math.min(size, ev.length - i);
    yield { t: ev.t.slice(i, i + n), x: ev.x.slice(i, i + n), y: ev.y.slice(i, i + n), p: ev.p.slice(i, i + n), length: n };
  }
}

async function readBack(path: string, options = {}) {
  const reader = await openEventFile(path, options);
  try {
    const ev = await collect(reader.batches());
    return { reader, ev, rows: rowsOf(ev), report: reader.report };
  } finally {
    await reader.close();
  }
}

/** A file from hand-made packets: [streamId, payload][], with a custom infoNode. */
function aedat4File(xml: string, compression: number, packets: [number, Uint8Array][]): Buffer {
  const header = ioHeaderBytes(compression, xml);
  const lead = Buffer.alloc(18);
  lead.write('#!AER-DAT4.0\r\n', 0, 'latin1');
  lead.writeUInt32LE(header.length, 14);
  const parts: Uint8Array[] = [lead, header];
  for (const [sid, payload] of packets) {
    const ph = Buffer.alloc(8);
    ph.writeInt32LE(sid, 0);
    ph.writeInt32LE(payload.length, 4);
    parts.push(ph, payload);
  }
  return Buffer.concat(parts);
}

const streamXml = (streams: [id: number, type: string, w?: number, h?: number][]): string =>
  `<dv version="2.0"><node name="outInfo" path="/o/">${streams.map(([id, type, w, h]) =>
    `<node name="${id}" path="/o/${id}/"><attr key="typeIdentifier" type="string">${type}</attr>` +
    (w ? `<node name="info" path="/o/${id}/info/"><attr key="sizeX" type="int">${w}</attr><attr key="sizeY" type="int">${h}</attr></node>` : '') +
    '</node>').join('')}</node></dv>`;

describe('AEDAT 4.0 writer and reader', () => {
  it.each(['none', 'lz4'] as const)('round-trips events with compression %s (several packets)', async (compression) => {
    const ev = randomEvents(150_000, 346, 260, 21, 1_700_000_000_000_000);
    const path = join(tempDir('mwb-a4-'), 'out.aedat4');
    expect(await writeAedat4(path, batchesOf(ev, 65536), { width: 346, height: 260, compression })).toBe(150_000);
    const { reader, ev: got, report } = await readBack(path);
    expect([reader.format, reader.width, reader.height]).toEqual(['aedat4', 346, 260]);
    expect(sameEvents(got, ev)).toBe(true);
    expect(report.notes[0]).toMatch(compression === 'lz4' ? /LZ4/ : /NONE/);
  });

  it('writes an IOHeader and EVTS packets that the flatbuffers runtime reads the same way', async () => {
    const ev = eventsOf([[1_600_000_000_123_456, 12, 34, 1], [1_600_000_000_123_460, 345, 259, 0]]);
    const path = join(tempDir('mwb-a4-'), 'check.aedat4');
    await writeAedat4(path, batchesOf(ev, 10), { width: 346, height: 260 });
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 14).toString('latin1')).toBe('#!AER-DAT4.0\r\n');
    const n = bytes.readUInt32LE(14);
    const hb = new ByteBuffer(new Uint8Array(bytes.subarray(18, 18 + n)));
    expect(hb.__has_identifier('IOHE')).toBe(true);
    const root = hb.readUint32(0);
    expect(hb.readInt32(root + hb.__offset(root, 4))).toBe(0); // compression NONE
    expect(hb.readInt64(root + hb.__offset(root, 6))).toBe(-1n); // no data table
    const xml = hb.__string(root + hb.__offset(root, 8)) as string;
    expect(xml).toMatch(/<attr key="typeIdentifier" type="string">EVTS<\/attr>/);
    expect(xml).toMatch(/"sizeX" type="int">346</);
    expect(xml).toMatch(/"sizeY" type="int">260</);
    const at = 18 + n;
    expect([bytes.readInt32LE(at), bytes.readInt32LE(at + 4)]).toEqual([0, bytes.length - at - 8]);
    const payload = new Uint8Array(bytes.subarray(at + 8));
    const pb = new ByteBuffer(payload.subarray(4)); // size-prefixed: skip the uint32 size
    expect(new DataView(payload.buffer, payload.byteOffset).getUint32(0, true)).toBe(payload.length - 4);
    expect(pb.__has_identifier('EVTS')).toBe(true);
    const table = pb.readUint32(0);
    const vec = table + pb.__offset(table, 4);
    expect(pb.__vector_len(vec)).toBe(2);
    const start = pb.__vector(vec);
    const got = [0, 1].map((k) => [Number(pb.readInt64(start + 16 * k)), pb.readInt16(start + 16 * k + 8), pb.readInt16(start + 16 * k + 10), pb.readUint8(start + 16 * k + 12)]);
    expect(got).toEqual(rowsOf(ev));
    expect((start + 4) % 8).toBe(0); // structs 8-aligned in the size-prefixed buffer
  });

  it('reads the lowest EVTS stream by default, another on request, and skips frame packets', async () => {
    const a = eventsOf([[10, 1, 2, 1], [11, 3, 4, 0]]), b = eventsOf([[12, 600, 400, 1]]);
    const xml = streamXml([[0, 'EVTS', 346, 260], [1, 'FRME', 346, 260], [2, 'EVTS', 640, 480]]);
    const packets: [number, Uint8Array][] = [[1, new Uint8Array(100)], [0, evtsPacketBytes(a)], [2, evtsPacketBytes(b)]];
    const path = join(tempDir('mwb-a4-'), 'multi.aedat4');
    writeFileSync(path, aedat4File(xml, 0, packets));
    const first = await readBack(path);
    expect([first.reader.width, first.rows]).toEqual([346, rowsOf(a)]);
    expect(first.report.skipped).toEqual({ frmePackets: 1, otherEventStreamPackets: 1 });
    expect(first.report.notes.join()).toMatch(/2 event streams/);
    const second = await readBack(path, { stream: 2 });
    expect([second.reader.width, second.reader.height, second.rows]).toEqual([640, 480, rowsOf(b)]);
    await expect(readBack(path, { stream: 1 })).rejects.toThrow(/stream 1 is not an event \(EVTS\) stream/);
  });

  it.skipIf(!hasTool('zstd'))('reads ZSTD packets (compressed by the zstd tool)', async () => {
    const ev = randomEvents(5000, 640, 480, 4, 1_000_000);
    const zst = (buf: Uint8Array) => new Uint8Array(execFileSync('zstd', ['-q', '-c', '-3'], { input: buf }));
    const path = join(tempDir('mwb-a4-'), 'z.aedat4');
    const halves = [eventsOf(rowsOf(ev).slice(0, 2000)), eventsOf(rowsOf(ev).slice(2000))];
    writeFileSync(path, aedat4File(streamXml([[0, 'EVTS', 640, 480]]), 3, halves.map((h) => [0, zst(evtsPacketBytes(h))])));
    expect(sameEvents((await readBack(path)).ev, ev)).toBe(true);
  });

  it.skipIf(!hasTool('lz4'))('decodes LZ4 frames with linked 64 KiB blocks and checksums (made by the lz4 tool)', () => {
    const data = evtsPacketBytes(randomEvents(40_000, 64, 64, 8, 0, 2)); // 640 kB, repetitive
    const frame = new Uint8Array(execFileSync('lz4', ['-q', '-c', '-BD', '-B4', '-BX', '--content-size'], { input: data }));
    expect(frame[4]! & 0x20).toBe(0); // block independence cleared, as DV writes
    expect(Buffer.from(decompressLz4Frame(frame)).equals(data)).toBe(true);
  });

  it('reports corrupt packets with their byte offset', async () => {
    const xml = streamXml([[0, 'EVTS', 64, 64]]);
    const good = evtsPacketBytes(eventsOf([[1, 1, 1, 1]]));
    const dir = tempDir('mwb-a4-');
    const cases: [string, Buffer, RegExp][] = [
      ['long.aedat4', aedat4File(xml, 0, [[0, good]]).subarray(0, -3), /packet at byte \d+ claims 48 bytes but only 45 remain/],
      ['stream.aedat4', aedat4File(xml, 0, [[7, good]]), /packet at byte \d+ belongs to stream 7, which the header does not declare/],
      ['ident.aedat4', aedat4File(xml, 0, [[0, Buffer.from(good).fill(0x46, 8, 12)]]), /packet at byte \d+: an EVTS stream's packet has identifier "FFFF"/],
      ['lz4.aedat4', aedat4File(xml, 1, [[0, good]]), /packet at byte \d+: payload is not an LZ4 frame/],
    ];
    for (const [name, bytes, re] of cases) {
      writeFileSync(join(dir, name), bytes);
      await expect(readBack(join(dir, name))).rejects.toThrow(re);
    }
  });
});

describe('LZ4 block decoder', () => {
  it('agrees with lz4js on its own frames and rejects corrupt blocks instead of decoding garbage', () => {
    const data = evtsPacketBytes(randomEvents(20_000, 346, 260, 12));
    const frame = lz4.compress(data);
    expect(Buffer.from(decompressLz4Frame(frame)).equals(Buffer.from(lz4.decompress(frame)))).toBe(true);
    expect(Buffer.from(decompressLz4Frame(frame)).equals(data)).toBe(true);
    const dst = new Uint8Array(64);
    expect(decodeLz4Block(Uint8Array.from([0x14, 0x41, 0x05, 0x00]), 0, 4, dst, 0, 64)).toBe(-1); // match offset 5 > 1 byte of history
    expect(decodeLz4Block(Uint8Array.from([0xf0, 0xff]), 0, 2, dst, 0, 64)).toBe(-1); // literal length runs off the block
    expect(decodeLz4Block(Uint8Array.from([0x10, 0x41, 0x01, 0x00]), 0, 4, dst, 0, 64)).toBe(5); // "A" then 4 x "A" (overlapping copy)
    expect(Buffer.from(dst.subarray(0, 5)).toString()).toBe('AAAAA');
  });
});
