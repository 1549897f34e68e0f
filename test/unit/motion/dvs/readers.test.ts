import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectFormat, openEventFile, summarise } from '../../../../src-main/motion/dvs/index.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import {
  Evt2Encoder, Evt3Encoder, aedat2Body, aedat2Header, aedat2Word, aedat3Body, aedat3Header, aedat3Packet, collect, csvFile,
  datFile, eventsOf, nmnistFile, randomEvents, rawHeader, rowsOf,
} from './synth.js';

afterEach(removeTempDirs);

function file(name: string, ...parts: (Buffer | string)[]): string {
  const path = join(tempDir('mwb-dvs-'), name);
  writeFileSync(path, Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p))));
  return path;
}

async function readAll(path: string, options = {}) {
  const reader = await openEventFile(path, options);
  try {
    const ev = await collect(reader.batches());
    return { reader, ev, rows: rowsOf(ev), report: reader.report };
  } finally {
    await reader.close();
  }
}

describe('AEDAT 2.0', () => {
  it('reads DVS128 addresses with the jAER flips and bit-0 polarity, skipping sync and special words', async () => {
    const ev = eventsOf([[10, 0, 0, 1], [20, 127, 0, 0], [30, 5, 100, 1], [40, 127, 127, 0]]);
    const body = aedat2Body(ev, 'dvs128');
    const path = file('a.aedat', aedat2Header('ch.unizh.ini.jaer.chip.retina.DVS128'), body.subarray(0, 16),
      aedat2Word(0x8000, 25), aedat2Word(0x80000000, 26), body.subarray(16));
    const { reader, rows, report } = await readAll(path);
    expect([reader.format, reader.width, reader.height]).toEqual(['aedat2', 128, 128]);
    expect(rows).toEqual(rowsOf(ev));
    expect(report.skipped).toEqual({ special: 2 });
  });

  it('reads DAVIS240C words, skips APS/IMU/external words, drops out-of-range ones, unwraps timestamps', async () => {
    const ev = eventsOf([[100, 0, 0, 1], [200, 239, 179, 0], [4294967200, 10, 20, 1], [4294967296 + 50, 11, 21, 0]]);
    const body = aedat2Body(ev, 'davis', 240, 180);
    const outside = ((300 << 22) | (5 << 12)) >>> 0; // raw y 300 on a 180-row sensor
    const path = file('d.aedat', aedat2Header('eu.seebetter.ini.chips.davis.DAVIS240C'), body.subarray(0, 16),
      aedat2Word(0x80000c00, 210), aedat2Word(0x80000400, 211), aedat2Word(0x400, 212), aedat2Word(outside, 213), body.subarray(16), Buffer.from([1, 2, 3]));
    const { reader, rows, report } = await readAll(path);
    expect([reader.width, reader.height]).toEqual([240, 180]);
    expect(rows).toEqual(rowsOf(ev));
    expect(report.skipped).toEqual({ imu: 1, aps: 1, external: 1 });
    expect(report.dropped).toEqual({ outOfRange: 1, truncated: 1 });
  });

  it('without an AEChip line infers DVS128 from 16-bit addresses, or DAVIS (and its size) from wider ones', async () => {
    const small = eventsOf([[1, 3, 4, 1], [2, 5, 6, 0]]);
    const a = await readAll(file('s.aedat', aedat2Header(), aedat2Body(small, 'dvs128')));
    expect([a.reader.width, a.reader.height, a.rows]).toEqual([128, 128, rowsOf(small)]);
    expect(a.report.notes.join()).toMatch(/DVS128 layout assumed/);
    const big = eventsOf([[1, 0, 0, 1], [2, 300, 200, 0]]);
    const b = await readAll(file('b.aedat', aedat2Header(), aedat2Body(big, 'davis', 346, 260)));
    expect([b.reader.width, b.reader.height, b.rows]).toEqual([346, 260, rowsOf(big)]);
    expect(b.report.notes.join()).toMatch(/DAVIS layout inferred/);
    const wide = eventsOf([[1, 100, 4, 1], [2, 5, 6, 0]]);
    const forced = await readAll(file('f.aedat', aedat2Header(), aedat2Body(wide, 'dvs128')), { layout: 'dvs128', width: 64, height: 64 });
    expect([forced.reader.width, forced.rows]).toEqual([64, [[2, 5, 6, 0]]]);
    expect(forced.report.dropped.outOfRange).toBe(1);
  });
});

describe('AEDAT 3.1', () => {
  it('reads polarity packets, skips other packet types and invalid events, applies the overflow', async () => {
    const ev = eventsOf([[5, 1, 2, 1], [6, 127, 127, 0], [2147483648 + 7, 3, 4, 1]]);
    const imu = aedat3Packet(3, [[1, 9], [1, 10]]);
    const invalid = aedat3Packet(1, [[(9 << 17) | (9 << 2), 8]]); // valid bit clear
    const path = file('e.aedat', aedat3Header('DVS128'), imu, invalid, aedat3Body(ev));
    const { reader, rows, report } = await readAll(path);
    expect([reader.format, reader.width, reader.height]).toEqual(['aedat3', 128, 128]);
    expect(rows).toEqual(rowsOf(ev));
    expect(report.skipped).toEqual({ imu6Packets: 1 });
    expect(report.dropped).toEqual({ invalid: 1 });
  });

  it('names the byte offset of a packet that runs past the end', async () => {
    const header = aedat3Header('DAVIS346B');
    const body = aedat3Body(randomEvents(50, 346, 260, 3));
    const path = file('cut.aedat', header, body.subarray(0, body.length - 5));
    await expect(readAll(path)).rejects.toThrow(new RegExp(`cut.aedat: packet at byte ${header.length} claims 400 bytes but only 395 remain`));
  });
});

describe('Prophesee EVT 2.0 / 3.0', () => {
  it('EVT 2.0: discards words before the first TIME_HIGH, reads CD events, skips triggers', async () => {
    const ev = randomEvents(3000, 640, 480, 5, 1000, 40);
    const lead = Buffer.from(new Uint32Array([0x10000000 | 5, 0xa0000001]).buffer); // CD + trigger before any time base
    const enc = new Evt2Encoder();
    const body = Buffer.concat([enc.encode(ev), Buffer.from(new Uint32Array([0xa0000101]).buffer)]);
    const { reader, rows, report } = await readAll(file('x.raw', rawHeader(2, 640, 480), lead, body));
    expect([reader.format, reader.width, reader.height]).toEqual(['evt2', 640, 480]);
    expect(rows).toEqual(rowsOf(ev));
    expect(report.dropped.beforeFirstTimeHigh).toBe(1); // the CD word: its time is unknown
    expect(report.skipped.beforeFirstTimeHigh).toBe(1); // the trigger
    expect(report.skipped.extTrigger).toBe(1);
  });

  it('EVT 3.0: ADDR_X and vector words, 24-bit time loops, unknown words, geometry from the header', async () => {
    const rows: [number, number, number, number][] = [[100, 5, 7, 1], [100, 6, 7, 1], [100, 9, 7, 1], [100, 16, 7, 1], [150, 40, 8, 0]];
    for (let t = 16_700_000; t < 16_900_000; t += 1000) rows.push([t, 1279, 719, t % 2000 ? 1 : 0]); // crosses 2^24 µs
    const ev = eventsOf(rows);
    const enc = new Evt3Encoder();
    const words = enc.encode(ev);
    const pad = Buffer.from(new Uint16Array([0x9999, 0x0003, 0x2004]).buffer); // a Lucid pad, then ADDR_Y/ADDR_X before any TIME_HIGH
    const { reader, rows: got, report } = await readAll(file('y.raw', rawHeader(3, 1280, 720), pad, words, Buffer.from(new Uint16Array([0x9999]).buffer)));
    expect([reader.format, reader.width, reader.height]).toEqual(['evt3', 1280, 720]);
    expect(got).toEqual(rowsOf(ev));
    expect(report.skipped.beforeFirstTimeHigh).toBe(2); // the pad and the ADDR_Y
    expect(report.dropped.beforeFirstTimeHigh).toBe(1); // the ADDR_X
    expect(report.skipped.type0x9).toBe(1);
    expect(report.notes.join()).toMatch(/looped 1 time/);
  });

  it('EVT 3.0 drops vector events outside the sensor', async () => {
    const ev = eventsOf([[10, 60, 2, 1], [10, 62, 2, 1], [10, 70, 2, 1]]);
    const { rows, report } = await readAll(file('z.raw', rawHeader(3, 64, 64), new Evt3Encoder().encode(ev)));
    expect(rows).toEqual([[10, 60, 2, 1], [10, 62, 2, 1]]);
    expect(report.dropped.outOfRange).toBe(1);
  });
});

describe('.dat, N-MNIST, CSV', () => {
  it('.dat with Width/Height lines', async () => {
    const ev = randomEvents(500, 304, 240, 7);
    const { reader, rows } = await readAll(file('c.dat', datFile(ev, 304, 240)));
    expect([reader.format, reader.width, reader.height, rows]).toEqual(['dat', 304, 240, rowsOf(ev)]);
  });

  it('N-MNIST: 40-bit events, overflow markers add 2^13 µs, size 34x34', async () => {
    const ev = eventsOf([[10, 1, 2, 1], [20, 33, 33, 0], [30, 4, 5, 1]]);
    const raw = nmnistFile(ev);
    const marker = Buffer.from([0, 240, 0, 0, 0]);
    const { reader, rows, report } = await readAll(file('n.bin', raw.subarray(0, 10), marker, raw.subarray(10)));
    expect([reader.width, reader.height]).toEqual([34, 34]);
    expect(rows).toEqual([[10, 1, 2, 1], [20, 33, 33, 0], [30 + 8192, 4, 5, 1]]);
    expect(report.skipped.overflowMarker).toBe(1);
  });

  it('CSV: header in any column order, comments, p = -1, size from the data; bad lines name their byte', async () => {
    const { reader, rows } = await readAll(file('e.csv', '# made by hand\nx;y;t;p\n3;4;10;1\n\n5;6;12.5;-1\r\n7;8;20;0'));
    expect([reader.format, reader.width, reader.height]).toEqual(['csv', 8, 9]);
    expect(rows).toEqual([[10, 3, 4, 1], [12.5, 5, 6, 0], [20, 7, 8, 0]]);
    const ev = randomEvents(200, 50, 40, 9);
    expect((await readAll(file('r.csv', csvFile(ev)))).rows).toEqual(rowsOf(ev));
    await expect(readAll(file('bad.csv', 't,x,y,p\n1,2,3,1\n4,five,6,0\n'))).rejects.toThrow(/bad\.csv: line 3 \(byte 16\)/);
  });
});

describe('detection and summaries', () => {
  it('detects every format from its first bytes or name', async () => {
    const ev = randomEvents(10, 30, 30, 11);
    const cases: [string, Buffer | string, string][] = [
      ['a.aedat', Buffer.concat([aedat2Header(), aedat2Body(ev, 'dvs128')]), 'aedat2'],
      ['b.aedat', Buffer.concat([aedat3Header(), aedat3Body(ev)]), 'aedat3'],
      ['c.raw', Buffer.concat([rawHeader(2, 64, 64), new Evt2Encoder().encode(ev)]), 'evt2'],
      ['d.raw', Buffer.concat([rawHeader(3, 64, 64), new Evt3Encoder().encode(ev)]), 'evt3'],
      ['e.events', datFile(ev, 64, 64), 'dat'],
      ['f.bin', nmnistFile(ev), 'nmnist'],
      ['g.txt', csvFile(ev), 'csv'],
    ];
    for (const [name, bytes, id] of cases) expect((await detectFormat(file(name, bytes))).id).toBe(id);
    await expect(detectFormat(file('h.xyz', 'hello'))).rejects.toThrow(/h\.xyz: not a recognised event file/);
  });

  it('summarise counts events, polarity, first/last time and reports drops', async () => {
    const ev = eventsOf([[5, 1, 1, 1], [9, 2, 2, 0], [12, 3, 3, 1]]);
    const reader = await openEventFile(file('s.bin', nmnistFile(ev), Buffer.from([1, 2])));
    const s = await summarise(reader);
    await reader.close();
    expect(s).toMatchObject({ format: 'nmnist', width: 34, height: 34, events: 3, on: 2, off: 1, tFirst: 5, tLast: 12, dropped: { truncated: 1 } });
  });
});
