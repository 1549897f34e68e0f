import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';

/**
 * NumPy `.npy` files (format 1.0), the cache format every derived array uses (frames, flow,
 * events, codes) so researchers can open them with `numpy.load`. Written here rather than taken
 * from npm: the packages there are browser-only or unmaintained, and the format is 30 lines.
 * Layout: `\x93NUMPY` 1 0, uint16 LE header length, a Python dict literal padded so the data
 * starts at a multiple of 64 bytes, then the array in C order, little-endian.
 */

/** Element types we read and write; `f2` is stored as raw IEEE half bits in a Uint16Array. */
export type NpyDtype = 'u1' | 'i1' | 'u2' | 'i2' | 'i4' | 'u4' | 'f2' | 'f4' | 'f8' | 'i8';

export type NpyData = Uint8Array | Int8Array | Uint16Array | Int16Array | Int32Array | Uint32Array |
  Float32Array | Float64Array | BigInt64Array;

/** A whole array in memory. */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
const CTORS: Record<NpyDtype, { bytes: number; make: (buf: ArrayBuffer, off: number, n: number) => NpyData }> = {
  u1: { bytes: 1, make: (b, o, n) => new Uint8Array(b, o, n) },
  i1: { bytes: 1, make: (b, o, n) => new Int8Array(b, o, n) },
  u2: { bytes: 2, make: (b, o, n) => new Uint16Array(b, o, n) },
  i2: { bytes: 2, make: (b, o, n) => new Int16Array(b, o, n) },
  f2: { bytes: 2, make: (b, o, n) => new Uint16Array(b, o, n) },
  i4: { bytes: 4, make: (b, o, n) => new Int32Array(b, o, n) },
  u4: { bytes: 4, make: (b, o, n) => new Uint32Array(b, o, n) },
  f4: { bytes: 4, make: (b, o, n) => new Float32Array(b, o, n) },
  f8: { bytes: 8, make: (b, o, n) => new Float64Array(b, o, n) },
  i8: { bytes: 8, make: (b, o, n) => new BigInt64Array(b, o, n) },
};

/** The header bytes for an array of this dtype and shape (data follows directly). */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Buffer {
  const descr = CTORS[dtype].bytes === 1 ? `|${dtype}` : `<${dtype}`;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const head = Buffer.alloc(MAGIC.length + 4);
  MAGIC.copy(head, 0);
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, 'latin1')]);
}

/** Writes a whole array; shape must multiply out to the data length. */
export function writeNpy(path: string, arr: NpyArray): void {
  const count = arr.shape.reduce((a, b) => a * b, 1);
  if (count !== arr.data.length) throw new Error(`writeNpy ${path}: shape ${arr.shape.join('x')} needs ${count} values, got ${arr.data.length}`);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, npyHeader(arr.dtype, arr.shape));
    writeSync(fd, new Uint8Array(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength));
  } finally {
    closeSync(fd);
  }
}

/** Parses the header of an .npy buffer; errors name the file and what is wrong. */
export function parseNpyHeader(buf: Uint8Array, path = '.npy'): { dtype: NpyDtype; shape: number[]; dataOffset: number } {
  if (buf.length < 10 || !MAGIC.equals(Buffer.from(buf.subarray(0, 6)))) throw new Error(`${path} is not a NumPy .npy file (bad magic)`);
  const major = buf[6]!;
  const lenBytes = major === 1 ? 2 : 4;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const hlen = lenBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes;
  if (buf.length < start + hlen) throw new Error(`${path}: truncated .npy header`);
  const text = Buffer.from(buf.subarray(start, start + hlen)).toString('latin1');
  const descr = /'descr':\s*'([<>|=])([a-z]\d)'/.exec(text);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(text);
  if (!descr || !shape) throw new Error(`${path}: unreadable .npy header ${JSON.stringify(text.trim())}`);
  if (/'fortran_order':\s*True/.test(text)) throw new Error(`${path}: Fortran-ordered arrays are not supported`);
  if (descr[1] === '>') throw new Error(`${path}: big-endian arrays are not supported`);
  const dtype = descr[2] as NpyDtype;
  if (!(dtype in CTORS)) throw new Error(`${path}: dtype ${descr[2]} is not supported`);
  const dims = shape[1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { dtype, shape: dims, dataOffset: start + hlen };
}

/** Reads a whole .npy file into a typed array of its dtype. */
export function readNpy(path: string): NpyArray {
  const file = readFileSync(path);
  const { dtype, shape, dataOffset } = parseNpyHeader(file, path);
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = count * CTORS[dtype].bytes;
  if (file.length < dataOffset + bytes) throw new Error(`${path}: truncated (${file.length - dataOffset} of ${bytes} data bytes)`);
  const copy = new ArrayBuffer(bytes); // aligned copy: typed arrays need offset % element size == 0
  new Uint8Array(copy).set(file.subarray(dataOffset, dataOffset + bytes));
  return { dtype, shape, data: CTORS[dtype].make(copy, 0, count) };
}

/** Reads only the header (shape and dtype) of a possibly large file. */
export function readNpyHeader(path: string): { dtype: NpyDtype; shape: number[]; dataOffset: number } {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return parseNpyHeader(buf.subarray(0, n), path);
  } finally {
    closeSync(fd);
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 -> IEEE half bits, round to nearest even (float16 caches halve flow's disk size). */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    if (rem > half || (rem === half && (r & 1))) r++;
    return sign | r;
  }
  let r = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (r & 1))) r++;
  return sign | r;
}

/** IEEE half bits -> number. */
export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
