/**
 * Bounds-checked reading of FlatBuffers tables, for AEDAT 4.0 (IOHeader, EVTS packets). We read
 * by hand instead of with the `flatbuffers` runtime's ByteBuffer because there is no flatc here
 * to generate accessors, and ByteBuffer does no bounds checks: a corrupt offset in a damaged
 * recording would read garbage instead of failing. Every read here is checked and a failure names
 * the file offset. Layout (flatbuffers.dev "internals"): little-endian; a table starts with an
 * int32 soffset to its vtable (vtable = table - soffset); the vtable is uint16 [vtable bytes,
 * table bytes, field offsets...], slot 4 = field 0; uoffsets (strings, vectors) are uint32
 * relative to where they are stored; strings and vectors start with a uint32 length.
 */
export class FlatView {
  /**
   * @param b the buffer holding the flatbuffer
   * @param base file offset of b[0] (for messages), or -1 for a decompressed packet
   * @param what how to name it in errors, e.g. "x.aedat4: packet at byte 2334"
   */
  constructor(readonly b: Uint8Array, readonly base: number, readonly what: string) {}

  /** Throws unless bytes [i, i+n) lie inside the buffer. */
  check(i: number, n: number): void {
    if (!(i >= 0 && n >= 0 && i + n <= this.b.length)) {
      const where = this.base >= 0 ? `byte ${this.base + i}` : `offset ${i} of the ${this.b.length}-byte decoded payload`;
      throw new Error(`${this.what}: flatbuffer offset points outside the data (${n} bytes at ${where}): the file is corrupt`);
    }
  }

  u16(i: number): number {
    this.check(i, 2);
    return this.b[i]! | (this.b[i + 1]! << 8);
  }

  i32(i: number): number {
    this.check(i, 4);
    return this.b[i]! | (this.b[i + 1]! << 8) | (this.b[i + 2]! << 16) | (this.b[i + 3]! << 24);
  }

  u32(i: number): number {
    return this.i32(i) >>> 0;
  }

  /** int64 as a number (exact below 2^53). */
  i64(i: number): number {
    return this.i32(i + 4) * 4294967296 + this.u32(i);
  }

  /** The 4-byte file identifier at `i` (e.g. "IOHE", "EVTS"). */
  ident(i: number): string {
    this.check(i, 4);
    return String.fromCharCode(this.b[i]!, this.b[i + 1]!, this.b[i + 2]!, this.b[i + 3]!);
  }

  /** Position of a table's field for vtable slot 4, 6, 8..., or -1 when the field is absent. */
  field(table: number, slot: number): number {
    const vt = table - this.i32(table);
    const vtBytes = this.u16(vt);
    if (vtBytes < 4 || vtBytes % 2 !== 0) throw new Error(`${this.what}: flatbuffer vtable of ${vtBytes} bytes is impossible: the file is corrupt`);
    if (slot + 2 > vtBytes) return -1;
    const off = this.u16(vt + slot);
    return off === 0 ? -1 : table + off;
  }

  /** Follows the uoffset stored at `at`. */
  deref(at: number): number {
    return at + this.u32(at);
  }

  /** The string referenced from `at`. */
  string(at: number): string {
    const s = this.deref(at);
    const len = this.u32(s);
    this.check(s + 4, len);
    return Buffer.from(this.b.buffer, this.b.byteOffset + s + 4, len).toString('utf8');
  }

  /** The vector referenced from `at`: where its elements start and how many there are. */
  vector(at: number, elementBytes: number): { start: number; length: number } {
    const v = this.deref(at);
    const length = this.u32(v);
    this.check(v + 4, length * elementBytes);
    return { start: v + 4, length };
  }
}
