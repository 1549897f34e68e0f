/**
 * Reads one view of a per-clip input `.npy` ([views, ...shape]) by file descriptor and offset, so
 * a batch costs only the bytes it uses and a dataset larger than memory streams from disk. Keeps
 * a small LRU of open descriptors. Child-process safe: imports only `node:fs` and the npy header parser.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parseNpyHeader, type NpyDtype } from '../../media/npy.js';

interface OpenFile {
  fd: number;
  dtype: NpyDtype;
  dataOffset: number;
  /** Values in the whole array. */
  count: number;
}

const ITEM_BYTES: Partial<Record<NpyDtype, number>> = { u1: 1, f4: 4 };

/** An LRU of open `.npy` files; its owner calls `close()`. */
export class ViewReader {
  private readonly files = new Map<string, OpenFile>();

  constructor(private readonly maxOpen = 64) {}

  /**
   * View `view` of `path`, `size` values of `dtype`, as float32 (uint8 scaled to 0-1). Errors name
   * the file and say to prepare the data again when it does not hold what the manifest says.
   */
  read(path: string, view: number, size: number, dtype: 'uint8' | 'float32', out = new Float32Array(size)): Float32Array {
    const f = this.open(path);
    const want: NpyDtype = dtype === 'uint8' ? 'u1' : 'f4';
    if (f.dtype !== want) throw new Error(`${path} holds ${f.dtype}, not ${want} as the manifest says; prepare the run's data again`);
    if ((view + 1) * size > f.count) {
      throw new Error(`${path} holds ${f.count} values, too few for view ${view} of ${size}; the input cache changed: prepare the run's data again`);
    }
    const bytes = size * ITEM_BYTES[want]!;
    // float32 goes straight into `out` (little-endian, as written); uint8 through a byte buffer
    const buf = want === 'f4' ? new Uint8Array(out.buffer, out.byteOffset, bytes) : new Uint8Array(bytes);
    const got = readSync(f.fd, buf, 0, bytes, f.dataOffset + view * bytes);
    if (got !== bytes) throw new Error(`${path} is truncated (read ${got} of ${bytes} bytes of view ${view}); prepare the run's data again`);
    if (want === 'u1') for (let i = 0; i < size; i++) out[i] = buf[i]! / 255;
    return out;
  }

  /** Closes every descriptor. */
  close(): void {
    for (const f of this.files.values()) closeSync(f.fd);
    this.files.clear();
  }

  private open(path: string): OpenFile {
    const hit = this.files.get(path);
    if (hit) {
      this.files.delete(path); // re-insert: most recently used last
      this.files.set(path, hit);
      return hit;
    }
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      throw new Error(`Input file ${path} cannot be opened (${(err as Error).message}); prepare the run's data again`, { cause: err });
    }
    try {
      const head = Buffer.alloc(4096);
      const n = readSync(fd, head, 0, head.length, 0);
      const h = parseNpyHeader(head.subarray(0, n), path);
      const f: OpenFile = { fd, dtype: h.dtype, dataOffset: h.dataOffset, count: h.shape.reduce((a, b) => a * b, 1) };
      this.files.set(path, f);
      while (this.files.size > this.maxOpen) {
        const [oldest, of] = this.files.entries().next().value as [string, OpenFile];
        closeSync(of.fd);
        this.files.delete(oldest);
      }
      return f;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }
}
