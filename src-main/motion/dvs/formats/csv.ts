import { open, type FileHandle } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { readChunks } from '../fileSource.js';
import { BatchBuilder, makeReader, type DecodeContext } from '../reader.js';
import { registerEventFormat } from '../registry.js';
import { addCount, type EventBatch, type OpenOptions } from '../types.js';

/**
 * Text events, one per line: `t,x,y,p` (t in µs, p 1/0 or 1/-1; separators `,` `;` tab or
 * space). An optional first line names the columns in any order (t|ts|timestamp, x, y,
 * p|pol|polarity); `#` and `%` lines are comments. No header gives the size: it comes from the
 * options or a first pass. Parsed byte by byte, without a string per line.
 */

const COLUMN_NAMES: Record<string, number> = { t: 0, ts: 0, timestamp: 0, time: 0, x: 1, y: 2, p: 3, pol: 3, polarity: 3 };

/** Splits a header line into column slots, or undefined when it is not a header. */
function headerOrder(line: string): number[] | undefined {
  if (!/[a-z]/i.test(line)) return undefined;
  const names = line.trim().toLowerCase().split(/[\s,;]+/);
  const order = names.map((n) => COLUMN_NAMES[n] ?? -1);
  for (let c = 0; c < 4; c++) if (!order.includes(c)) throw new Error(`header "${line.trim()}" lacks column ${['t', 'x', 'y', 'p'][c]}`);
  return order;
}

async function* decodeCsv(fh: FileHandle, size: number, name: string, { width, height, report, limit }: DecodeContext): AsyncGenerator<EventBatch> {
  const end = Math.min(size, limit ?? size);
  const out = new BatchBuilder();
  let order = [0, 1, 2, 3];
  let carry = new Uint8Array(0);
  let carryAt = 0, lineNo = 0, seenData = false, oob = 0;
  const vals = new Float64Array(4);
  const handle = (buf: Uint8Array, s: number, e: number, at: number): void => {
    lineNo++;
    while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
    if (e > s && buf[e - 1] === 0x0d) e--;
    if (s >= e || buf[s] === 0x23 || buf[s] === 0x25) return;
    if (!seenData) {
      seenData = true;
      try {
        const o = headerOrder(lineText(buf, s, e));
        if (o) { order = o; return; }
      } catch (err) {
        throw new Error(`${name}: line ${lineNo} (byte ${at}): ${(err as Error).message}`, { cause: err });
      }
    }
    let col = 0, f = s;
    for (let k = s; k <= e; k++) {
      const c = k < e ? buf[k]! : 0x2c;
      if (c === 0x2c || c === 0x3b || c === 0x09 || c === 0x20) {
        if (k > f) {
          const v = parseNumber(buf, f, k);
          const slot = order[col] ?? -1;
          if (!Number.isFinite(v) || col >= order.length) throw new Error(`${name}: line ${lineNo} (byte ${at}): expected numbers t,x,y,p, got "${lineText(buf, s, e)}"`);
          if (slot >= 0) vals[slot] = v;
          col++;
        }
        f = k + 1;
      }
    }
    if (col < order.length) throw new Error(`${name}: line ${lineNo} (byte ${at}): expected ${order.length} values, got "${lineText(buf, s, e)}"`);
    const x = vals[1]!, y = vals[2]!;
    if (!(x >= 0 && y >= 0 && x < width && y < height && Number.isInteger(x) && Number.isInteger(y))) { oob++; return; }
    const n = out.length++;
    out.t[n] = vals[0]!; out.x[n] = x; out.y[n] = y; out.p[n] = vals[3]! > 0 ? 1 : 0;
  };
  for await (const chunk of readChunks(fh, 0, end, 1, () => undefined, 1 << 20)) {
    const buf = carry.length ? concat(carry, chunk.bytes) : chunk.bytes;
    const base = carry.length ? carryAt : chunk.offset;
    let s = 0;
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, s)) {
      handle(buf, s, nl, base + s);
      s = nl + 1;
      if (out.length === out.capacity) yield out.take();
    }
    carry = buf.slice(s);
    carryAt = base + s;
  }
  // A sample's last line is cut by the limit: half a number would read as a wrong coordinate.
  if (carry.length && end === size) handle(carry, 0, carry.length, carryAt);
  addCount(report.dropped, 'outOfRange', oob);
  if (out.length) yield out.take();
}

/** The text of bytes [s, e), for header lines and error messages only. */
function lineText(buf: Uint8Array, s: number, e: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1');
}

/** The number in bytes [s, e): plain integers fast, anything else (decimals, exponents) via Number. */
function parseNumber(b: Uint8Array, s: number, e: number): number {
  let i = s;
  const neg = b[i] === 0x2d;
  if (neg || b[i] === 0x2b) i++;
  if (i >= e) return NaN;
  let v = 0;
  for (; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return Number(Buffer.from(b.subarray(s, e)).toString('latin1'));
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const c = new Uint8Array(a.length + b.length);
  c.set(a);
  c.set(b, a.length);
  return c;
}

/** Opens a CSV event file. */
async function openCsv(path: string, options: OpenOptions) {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    return await makeReader({ format: 'csv', fh, dataBytes: size, decode: (ctx) => decodeCsv(fh, size, basename(path), ctx) }, options);
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** CSV `t,x,y,p`: a `.csv` name, or a first line that names the columns t, x, y, p. */
export const csvFormat = registerEventFormat({
  id: 'csv',
  describe: 'CSV t,x,y,p (.csv)',
  detect(head, fileName) {
    if (extname(fileName).toLowerCase() === '.csv') return true;
    const first = Buffer.from(head.subarray(0, 200)).toString('latin1').split('\n')[0] ?? '';
    return /^\s*(t|ts|timestamp)\s*[,;\t ]\s*x\s*[,;\t ]\s*y\s*[,;\t ]\s*(p|pol|polarity)\s*$/i.test(first);
  },
  open: openCsv,
});
