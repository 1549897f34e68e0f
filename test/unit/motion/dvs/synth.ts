import type { EventBatch } from '../../../../src-main/motion/dvs/types.js';
import { mulberry32 } from '../../../../src-main/media/sampling/rng.js';

/**
 * Test-only writers of synthetic event files with known events, for the formats that have no
 * fixture (AEDAT 2.0 DVS128, AEDAT 3.1, EVT 3.0, CSV) and for the bench (AEDAT 2.0 DAVIS, EVT 2.0,
 * .dat, N-MNIST). Each encoder follows spec/dvs-formats.md independently of the readers: headers
 * are strings, bodies are built with DataView in the byte order the spec states.
 */

/** Known events (same shape as a reader batch). */
export type Events = EventBatch;

/** Deterministic PRNG (the app's mulberry32) so failures reproduce. */
export const rng = mulberry32;

/** n random events in a width x height sensor, timestamps non-decreasing from t0 with steps < maxStep. */
export function randomEvents(n: number, width: number, height: number, seed = 1, t0 = 0, maxStep = 5): Events {
  const r = rng(seed);
  const ev = { t: new Float64Array(n), x: new Uint16Array(n), y: new Uint16Array(n), p: new Uint8Array(n), length: n };
  let t = t0;
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * maxStep);
    ev.t[i] = t; ev.x[i] = Math.floor(r() * width); ev.y[i] = Math.floor(r() * height); ev.p[i] = r() < 0.5 ? 1 : 0;
  }
  return ev;
}

/** Events from plain arrays [t, x, y, p][]. */
export function eventsOf(rows: [number, number, number, number][]): Events {
  const n = rows.length;
  const ev = { t: new Float64Array(n), x: new Uint16Array(n), y: new Uint16Array(n), p: new Uint8Array(n), length: n };
  rows.forEach(([t, x, y, p], i) => { ev.t[i] = t; ev.x[i] = x; ev.y[i] = y; ev.p[i] = p; });
  return ev;
}

/** AEDAT 2.0 header lines (CRLF), with an AEChip line when `chip` is given. */
export function aedat2Header(chip?: string): Buffer {
  const lines = ['#!AER-DAT2.0', '# This is a raw AE data file - do not edit', '# Data format is int32 address, int32 timestamp (8 bytes total)'];
  if (chip) lines.push(`# AEChip: ${chip}`);
  lines.push('#End Of ASCII Header');
  return Buffer.from(lines.map((l) => l + '\r\n').join(''), 'latin1');
}

/** AEDAT 2.0 body, big-endian [addr][ts]; layouts per spec §1.1 (jAER flips x and y). */
export function aedat2Body(ev: Events, layout: 'dvs128' | 'davis', width = 128, height = 128): Buffer {
  const b = Buffer.alloc(ev.length * 8);
  for (let i = 0; i < ev.length; i++) {
    const x = ev.x[i]!, y = ev.y[i]!, p = ev.p[i]!;
    const addr = layout === 'dvs128'
      ? ((127 - y) << 8) | ((127 - x) << 1) | (p ? 0 : 1)
      : (((height - 1 - y) << 22) | ((width - 1 - x) << 12) | (p << 11)) >>> 0;
    b.writeUInt32BE(addr >>> 0, i * 8);
    b.writeUInt32BE(ev.t[i]! % 4294967296, i * 8 + 4);
  }
  return b;
}

/** One raw AEDAT 2.0 word (APS, IMU, special...). */
export function aedat2Word(addr: number, ts: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32BE(addr >>> 0, 0);
  b.writeUInt32BE(ts >>> 0, 4);
  return b;
}

/** AEDAT 3.1 header naming the source device. */
export function aedat3Header(device = 'DVS128'): Buffer {
  return Buffer.from(`#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: ${device}\r\n#Start-Time: 2024-01-01\r\n#!END-HEADER\r\n`, 'latin1');
}

/** One AEDAT 3.1 packet (28-byte LE header + 8-byte events); `raw` gives packet fields verbatim. */
export function aedat3Packet(type: number, words: [data: number, ts: number][], overflow = 0): Buffer {
  const b = Buffer.alloc(28 + words.length * 8);
  b.writeInt16LE(type, 0); b.writeInt16LE(1, 2); b.writeInt32LE(8, 4); b.writeInt32LE(4, 8);
  b.writeInt32LE(overflow, 12); b.writeInt32LE(words.length, 16); b.writeInt32LE(words.length, 20); b.writeInt32LE(words.length, 24);
  words.forEach(([d, ts], i) => { b.writeUInt32LE(d >>> 0, 28 + i * 8); b.writeInt32LE(ts, 32 + i * 8); });
  return b;
}

/** AEDAT 3.1 polarity packets (split where t / 2^31 changes, at most `per` events each). */
export function aedat3Body(ev: Events, per = 1000): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < ev.length;) {
    const ov = Math.floor(ev.t[i]! / 2147483648);
    const words: [number, number][] = [];
    for (; i < ev.length && words.length < per && Math.floor(ev.t[i]! / 2147483648) === ov; i++) {
      words.push([((ev.x[i]! << 17) | (ev.y[i]! << 2) | (ev.p[i]! << 1) | 1) >>> 0, ev.t[i]! - ov * 2147483648]);
    }
    parts.push(aedat3Packet(1, words, ov));
  }
  return Buffer.concat(parts);
}

/** Prophesee `% ` header for EVT 2.0/3.0. */
export function rawHeader(evt: 2 | 3, width?: number, height?: number): Buffer {
  const geo = width ? `;height=${height};width=${width}` : '';
  return Buffer.from(`% camera_integrator_name Prophesee\n% date 2024-01-01 00:00:00\n% format EVT${evt}${geo}\n% end\n`, 'latin1');
}

/** EVT 2.0 words: a TIME_HIGH whenever t / 64 changes, then CD words (spec §1.4). */
export class Evt2Encoder {
  private th = -1;
  encode(ev: Events): Buffer {
    const words: number[] = [];
    for (let i = 0; i < ev.length; i++) {
      const t = ev.t[i]!, th = Math.floor(t / 64);
      if (th !== this.th) { words.push(((8 << 28) | (th & 0x0fffffff)) >>> 0); this.th = th; }
      words.push(((ev.p[i]! << 28) | ((t & 63) << 22) | (ev.x[i]! << 11) | ev.y[i]!) >>> 0);
    }
    return Buffer.from(new Uint32Array(words).buffer);
  }
}

/**
 * EVT 3.0 words (spec §1.5): TIME_HIGH for every 4096 µs step, TIME_LOW, ADDR_Y, then ADDR_X, or
 * VECT_BASE_X + VECT_12/VECT_8 for runs of events with the same t, y, p and x within 12.
 */
export class Evt3Encoder {
  private th = -1;
  private tl = -1;
  private y = -1;
  encode(ev: Events): Buffer {
    const w: number[] = [];
    for (let i = 0; i < ev.length;) {
      const t = ev.t[i]!, th = Math.floor(t / 4096);
      if (this.th < 0) this.th = th - 1;
      while (this.th < th) { this.th++; w.push(0x8000 | (this.th & 0xfff)); this.tl = -1; }
      if ((t & 0xfff) !== this.tl) { this.tl = t & 0xfff; w.push(0x6000 | this.tl); }
      const x0 = ev.x[i]!, y = ev.y[i]!, p = ev.p[i]!;
      if (y !== this.y) { this.y = y; w.push(y); }
      let j = i + 1;
      while (j < ev.length && ev.t[j] === t && ev.y[j] === y && ev.p[j] === p && ev.x[j]! > ev.x[j - 1]! && ev.x[j]! - x0 < 12) j++;
      if (j - i >= 2) {
        let bits = 0;
        for (let k = i; k < j; k++) bits |= 1 << (ev.x[k]! - x0);
        w.push(0x3000 | (p << 11) | x0);
        w.push(bits < 256 ? 0x5000 | bits : 0x4000 | bits);
      } else {
        w.push(0x2000 | (p << 11) | x0);
      }
      i = j;
    }
    return Buffer.from(new Uint16Array(w).buffer);
  }
}

/** Prophesee .dat: header, type 0 / size 8, then [uint32 t][uint32 x | y<<14 | p<<28] LE. */
export function datFile(ev: Events, width?: number, height?: number): Buffer {
  const head = `% Data file containing Event2D events.\n% Version 2\n${width ? `% Width ${width}\n% Height ${height}\n` : ''}`;
  const b = Buffer.alloc(ev.length * 8);
  for (let i = 0; i < ev.length; i++) {
    b.writeUInt32LE(ev.t[i]!, i * 8);
    b.writeUInt32LE((ev.x[i]! | (ev.y[i]! << 14) | (ev.p[i]! << 28)) >>> 0, i * 8 + 4);
  }
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from([0, 8]), b]);
}

/** N-MNIST 5-byte events (t < 2^23). */
export function nmnistFile(ev: Events): Buffer {
  const b = Buffer.alloc(ev.length * 5);
  for (let i = 0; i < ev.length; i++) {
    const t = ev.t[i]!;
    b[i * 5] = ev.x[i]!; b[i * 5 + 1] = ev.y[i]!;
    b[i * 5 + 2] = (ev.p[i]! << 7) | ((t >>> 16) & 0x7f); b[i * 5 + 3] = (t >>> 8) & 0xff; b[i * 5 + 4] = t & 0xff;
  }
  return b;
}

/** CSV with a `t,x,y,p` header line. */
export function csvFile(ev: Events, header = 't,x,y,p'): string {
  const lines = [header];
  for (let i = 0; i < ev.length; i++) lines.push(`${ev.t[i]},${ev.x[i]},${ev.y[i]},${ev.p[i]}`);
  return lines.join('\n') + '\n';
}

/** All events of a reader concatenated (small files only). */
export async function collect(batches: AsyncIterable<EventBatch>): Promise<Events> {
  const parts: EventBatch[] = [];
  for await (const b of batches) parts.push(b);
  const n = parts.reduce((a, b) => a + b.length, 0);
  const out = { t: new Float64Array(n), x: new Uint16Array(n), y: new Uint16Array(n), p: new Uint8Array(n), length: n };
  let o = 0;
  for (const b of parts) {
    out.t.set(b.t.subarray(0, b.length), o); out.x.set(b.x.subarray(0, b.length), o);
    out.y.set(b.y.subarray(0, b.length), o); out.p.set(b.p.subarray(0, b.length), o);
    o += b.length;
  }
  return out;
}

/** Events as rows, for readable test failures. */
export function rowsOf(ev: Events): [number, number, number, number][] {
  return Array.from({ length: ev.length }, (_, i) => [ev.t[i]!, ev.x[i]!, ev.y[i]!, ev.p[i]!]);
}

/** True when both hold the same events (byte comparison: fast for large sets, unlike deep equality). */
export function sameEvents(a: Events, b: Events): boolean {
  const eq = (u: ArrayBufferView, v: ArrayBufferView, n: number, bytes: number): boolean =>
    Buffer.from(u.buffer, u.byteOffset, n * bytes).equals(Buffer.from(v.buffer, v.byteOffset, n * bytes));
  return a.length === b.length && eq(a.t, b.t, a.length, 8) && eq(a.x, b.x, a.length, 2) && eq(a.y, b.y, a.length, 2) && eq(a.p, b.p, a.length, 1);
}
