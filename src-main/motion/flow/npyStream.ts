import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { npyHeader, type NpyDtype } from '../../media/npy.js';

/** Header bytes reserved up front: holds any 4-D shape with dimensions below 10^12. */
const HEADER_BYTES = 192;

/**
 * An .npy header padded to exactly `bytes` (a multiple of 64), so the final header can be written
 * over a placeholder once the leading dimension is known.
 */
export function paddedNpyHeader(dtype: NpyDtype, shape: readonly number[], bytes = HEADER_BYTES): Buffer {
  const base = npyHeader(dtype, shape);
  if (base.length > bytes) throw new Error(`npy header for shape ${shape.join('x')} needs ${base.length} bytes, more than ${bytes}`);
  const dict = base.subarray(10).toString('latin1').trimEnd();
  const padded = dict + ' '.repeat(bytes - 10 - dict.length - 1) + '\n';
  const out = Buffer.alloc(bytes);
  base.copy(out, 0, 0, 8);
  out.writeUInt16LE(padded.length, 8);
  out.write(padded, 10, 'latin1');
  return out;
}

/**
 * Streams an array whose leading dimension is not known in advance (flow of a video, frame pair by
 * frame pair) into an .npy file: rows are appended as they come, the header is fixed on `close()`.
 * Writes to a temporary name and renames on close, so a cancelled or failed run never leaves a
 * truncated file at `path`; `abort()` deletes the temporary file.
 */
export class NpyStreamWriter {
  private fd: number | null;
  private readonly tmp: string;
  private rows = 0;

  constructor(readonly path: string, private readonly dtype: NpyDtype, private readonly rowShape: readonly number[]) {
    this.tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    this.fd = openSync(this.tmp, 'w');
    writeSync(this.fd, paddedNpyHeader(dtype, [0, ...rowShape]));
  }

  /** Values per row (the product of the row shape). */
  get rowSize(): number {
    return this.rowShape.reduce((a, b) => a * b, 1);
  }

  /** Appends whole rows (data length must be a multiple of the row size). */
  append(data: Float32Array | Uint16Array | Uint8Array): void {
    if (this.fd === null) throw new Error(`${this.path}: append after close`);
    const count = data.length / this.rowSize;
    if (!Number.isInteger(count)) throw new Error(`${this.path}: appended data is not a whole number of ${this.rowShape.join('x')} rows`);
    writeSync(this.fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    this.rows += count;
  }

  /** Rows written so far. */
  get length(): number {
    return this.rows;
  }

  /** Writes the final header and moves the file into place; returns the shape. */
  close(): number[] {
    if (this.fd === null) throw new Error(`${this.path}: closed twice`);
    const shape = [this.rows, ...this.rowShape];
    try {
      writeSync(this.fd, paddedNpyHeader(this.dtype, shape), 0, HEADER_BYTES, 0);
    } finally {
      closeSync(this.fd);
      this.fd = null;
    }
    renameSync(this.tmp, this.path);
    return shape;
  }

  /** Closes and deletes the temporary file (idempotent; a closed writer's file stays). */
  abort(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    rmSync(this.tmp, { force: true });
  }
}
