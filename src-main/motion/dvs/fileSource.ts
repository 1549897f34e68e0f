import type { FileHandle } from 'node:fs/promises';

/**
 * Chunked file access for the readers: a multi-GB recording is read 4 MiB at a time, never whole.
 * Chunks are copied into buffers that start at byte 0 of their own ArrayBuffer, so a reader can
 * lay an aligned Uint32Array/Uint16Array over a chunk (much faster than DataView in hot loops).
 * Those typed views read the host's byte order, so the readers require a little-endian host
 * (x64, arm64: every platform the app ships on).
 */

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error('The event readers need a little-endian CPU');
}

/** Default read size: big enough to amortise the syscall, small enough to stay in cache. */
export const CHUNK_BYTES = 4 << 20;

/** A slice of the file: `bytes` (offset 0 of its buffer, whole words only) read from `offset`. */
export interface Chunk {
  bytes: Uint8Array;
  offset: number;
}

/**
 * Streams [start, end) of a file as chunks holding whole `align`-byte words; the next chunk is
 * read while the caller decodes the current one (two buffers). `onTail` gets the count of bytes
 * left at the end that do not make a whole word (a half event in a truncated file).
 */
export async function* readChunks(fh: FileHandle, start: number, end: number, align: number,
  onTail: (bytes: number, offset: number) => void, chunkBytes = CHUNK_BYTES): AsyncGenerator<Chunk> {
  const size = Math.max(align, chunkBytes - (chunkBytes % align));
  const bufs = [new Uint8Array(size), new Uint8Array(size)];
  let which = 0;
  let pos = start;
  const readAt = (buf: Uint8Array, at: number): Promise<number> => {
    const read = fh.read(buf, 0, Math.min(size, end - at), at).then((r) => r.bytesRead);
    read.catch(() => undefined); // a failure surfaces at the await; never as an unhandled rejection
    return read;
  };
  let pending: Promise<number> | null = pos < end ? readAt(bufs[0]!, pos) : null;
  while (pending) {
    const got = await pending;
    const buf = bufs[which]!;
    const usable = got - (got % align);
    const chunkPos = pos;
    pos += usable;
    which ^= 1;
    if (usable === 0) {
      if (got > 0) onTail(got, chunkPos);
      return;
    }
    pending = pos < end ? readAt(bufs[which]!, pos) : null;
    yield { bytes: buf.subarray(0, usable), offset: chunkPos };
  }
  if (pos < end) onTail(end - pos, pos); // the file shrank while we read it
}

/**
 * Random access with a read-ahead window, for formats made of variable-size packets or text
 * lines. `view(offset, n)` returns exactly n bytes, valid until the next call.
 */
export class ByteReader {
  private buf = new Uint8Array(0);
  private bufStart = 0;
  private bufLen = 0;

  /** `readAheadEnd`: read-ahead stops there (a probe's sample end); a view past it still reads what it asks for. */
  constructor(private readonly fh: FileHandle, readonly size: number, private readonly window = CHUNK_BYTES,
    private readonly readAheadEnd = size) {}

  /** Bytes [offset, offset+n); the caller checks that they exist (offset + n <= size). */
  async view(offset: number, n: number): Promise<Uint8Array> {
    if (offset < 0 || n < 0 || offset + n > this.size) {
      throw new RangeError(`read of ${n} bytes at byte ${offset} runs past the end (${this.size} bytes)`);
    }
    if (offset >= this.bufStart && offset + n <= this.bufStart + this.bufLen) {
      return this.buf.subarray(offset - this.bufStart, offset - this.bufStart + n);
    }
    const want = Math.min(Math.max(n, Math.min(this.window, this.readAheadEnd - offset)), this.size - offset);
    if (this.buf.length < want) this.buf = new Uint8Array(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await this.fh.read(this.buf, got, want - got, offset + got);
      if (bytesRead === 0) throw new RangeError(`file ended at byte ${offset + got} while reading (it shrank?)`);
      got += bytesRead;
    }
    this.bufStart = offset;
    this.bufLen = want;
    return this.buf.subarray(0, n);
  }
}
