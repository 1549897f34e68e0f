import { open, type FileHandle } from 'node:fs/promises';
import { npyHeader, type NpyDtype } from '../../../media/npy.js';
import type { EventFrame } from './registry.js';

/**
 * Frames streamed into one `.npy` of shape N x (frame shape): the header is written first with
 * N = 0 and space reserved for any N, then rewritten with the final N, so a long recording's
 * frames never sit in memory together and `numpy.load` reads the result directly.
 */
export class NpyFrameWriter {
  private fh: FileHandle | null = null;
  private pos = 0;
  private headerBytes = 0;
  private shape: number[] = [];
  private dtype: NpyDtype = 'u1';
  count = 0;

  constructor(readonly path: string) {}

  /** Appends a frame; every frame must have the first one's dtype and shape. */
  async write(f: EventFrame): Promise<void> {
    if (!this.fh) {
      this.shape = f.shape;
      this.dtype = f.dtype;
      this.headerBytes = npyHeader(f.dtype, [1e12, ...f.shape]).length;
      this.fh = await open(this.path, 'w');
      this.pos = this.headerBytes;
      await this.putHeader(0);
    } else if (f.dtype !== this.dtype || f.shape.join() !== this.shape.join()) {
      throw new Error(`${this.path}: frame ${f.index} is ${f.dtype} ${f.shape.join('x')}, the file holds ${this.dtype} ${this.shape.join('x')}`);
    }
    const bytes = new Uint8Array(f.data.buffer, f.data.byteOffset, f.data.byteLength);
    await this.fh.write(bytes, 0, bytes.length, this.pos);
    this.pos += bytes.length;
    this.count++;
  }

  /** Writes the final header and closes; with no frames, writes an empty N x (shape) array of `empty`. */
  async close(empty?: { dtype: NpyDtype; shape: number[] }): Promise<void> {
    if (!this.fh) {
      if (!empty) return;
      this.shape = empty.shape;
      this.dtype = empty.dtype;
      this.headerBytes = npyHeader(empty.dtype, [1e12, ...empty.shape]).length;
      this.fh = await open(this.path, 'w');
    }
    try {
      await this.putHeader(this.count);
    } finally {
      await this.fh.close();
      this.fh = null;
    }
  }

  private async putHeader(n: number): Promise<void> {
    const h = npyHeader(this.dtype, [n, ...this.shape]);
    const dict = h.subarray(10).toString('latin1').trimEnd();
    const padded = Buffer.alloc(this.headerBytes, 0x20);
    h.copy(padded, 0, 0, 10);
    padded.write(dict, 10, 'latin1');
    padded[padded.length - 1] = 0x0a;
    padded.writeUInt16LE(this.headerBytes - 10, 8);
    await this.fh!.write(padded, 0, padded.length, 0);
  }
}
