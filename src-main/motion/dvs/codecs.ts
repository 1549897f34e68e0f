import { decompress as zstdDecompress } from 'fzstd';

/**
 * Decompression of AEDAT 4.0 packet payloads (spec §1.3): one LZ4 frame or one Zstandard frame
 * each. The frame headers are parsed here, with bounds checks, so a corrupt size can neither
 * make us allocate gigabytes nor read past the payload. LZ4 blocks are decoded here rather than
 * by lz4js's `decompressBlock`, which checks no length or offset (a corrupt packet would decode
 * to silent garbage); ours rejects them, runs at the same speed, and the tests compare it with
 * lz4js and the lz4 tool. Zstandard blocks are decoded by fzstd. LZ4 frames from DV have linked
 * blocks (independence flag cleared): every block decodes into one output buffer, so the 64 KiB
 * history is always there.
 */

/** Largest decoded payload we accept (a DV packet is a few MB at most). */
export const MAX_DECODED = 256 << 20;

function le32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/**
 * Decodes one LZ4 block src[s, end) into dst at d (dst[0, d) is the history matches may reach);
 * returns the new d, or -1 when the block is corrupt or would write past `cap`.
 * Sequence: token (literal count << 4 | match length - 4), [length bytes], literals,
 * uint16 LE offset, [length bytes]; the last sequence has literals only.
 */
export function decodeLz4Block(src: Uint8Array, s: number, end: number, dst: Uint8Array, d: number, cap: number): number {
  while (s < end) {
    const token = src[s++]!;
    let lit = token >>> 4;
    if (lit === 15) {
      let b = 255;
      while (b === 255) {
        if (s >= end) return -1;
        b = src[s++]!;
        lit += b;
      }
    }
    if (s + lit > end || d + lit > cap) return -1;
    if (lit < 32) for (let k = 0; k < lit; k++) dst[d + k] = src[s + k]!;
    else dst.set(src.subarray(s, s + lit), d);
    s += lit;
    d += lit;
    if (s >= end) break;
    if (s + 2 > end) return -1;
    const off = src[s]! | (src[s + 1]! << 8);
    s += 2;
    if (off === 0 || off > d) return -1;
    let ml = token & 15;
    if (ml === 15) {
      let b = 255;
      while (b === 255) {
        if (s >= end) return -1;
        b = src[s++]!;
        ml += b;
      }
    }
    ml += 4;
    if (d + ml > cap) return -1;
    const m = d - off;
    if (ml >= 32 && off >= ml) dst.copyWithin(d, m, m + ml);
    else for (let k = 0; k < ml; k++) dst[d + k] = dst[m + k]!; // overlapping copies repeat the pattern
    d += ml;
  }
  return d;
}

/** A reusable output buffer, so decoding a packet does not allocate (and zero) megabytes each time. */
export interface Scratch {
  buf: Uint8Array;
}

/**
 * Decodes one LZ4 frame (lz4 frame format 1.6.x); errors give the offset inside the payload.
 * With `scratch`, the result is a view into its buffer, valid until the next call.
 */
export function decompressLz4Frame(src: Uint8Array, scratch: Scratch = { buf: new Uint8Array(0) }): Uint8Array {
  if (src.length < 7 || le32(src, 0) !== 0x184d2204) throw new Error('payload is not an LZ4 frame (bad magic)');
  const flg = src[4]!, bd = src[5]!;
  if (flg >>> 6 !== 1) throw new Error(`LZ4 frame version ${flg >>> 6} is not 1`);
  if (flg & 0x01) throw new Error('LZ4 frames with a dictionary are not supported');
  const bsIdx = (bd >>> 4) & 7;
  if (bsIdx < 4) throw new Error(`LZ4 block size code ${bsIdx} is invalid`);
  const blockMax = 1 << (2 * bsIdx + 8);
  const blockSum = (flg & 0x10) !== 0;
  let p = 6 + (flg & 0x08 ? 8 : 0) + 1;
  // Pass 1: walk the blocks (checking each fits) and bound the output size.
  const blocks: number[] = [];
  let bound = 0;
  for (;;) {
    if (p + 4 > src.length) throw new Error(`LZ4 frame is cut off at offset ${p} (no end mark)`);
    const word = le32(src, p);
    if (word === 0) break;
    const len = word & 0x7fffffff, raw = word >>> 31;
    if (len > blockMax) throw new Error(`LZ4 block at offset ${p} claims ${len} bytes, more than the frame's ${blockMax}-byte blocks`);
    if (p + 4 + len + (blockSum ? 4 : 0) > src.length) throw new Error(`LZ4 block at offset ${p} claims ${len} bytes but only ${src.length - p - 4} remain`);
    blocks.push(p);
    bound += raw ? len : Math.min(blockMax, len * 255 + 64);
    if (bound > MAX_DECODED) throw new Error(`LZ4 frame would decode to more than ${MAX_DECODED} bytes`);
    p += 4 + len + (blockSum ? 4 : 0);
  }
  // Pass 2: decode into one buffer (linked blocks read back into earlier output).
  if (scratch.buf.length < bound) scratch.buf = new Uint8Array(bound);
  const dst = scratch.buf;
  let d = 0;
  for (const at of blocks) {
    const word = le32(src, at);
    const len = word & 0x7fffffff;
    if (word >>> 31) {
      dst.set(src.subarray(at + 4, at + 4 + len), d);
      d += len;
    } else {
      const next = decodeLz4Block(src, at + 4, at + 4 + len, dst, d, Math.min(bound, d + blockMax));
      if (next < 0) throw new Error(`LZ4 block at offset ${at} is corrupt`);
      d = next;
    }
  }
  return dst.subarray(0, d);
}

/** Decodes one Zstandard frame after checking its declared sizes are sane. */
export function decompressZstdFrame(src: Uint8Array): Uint8Array {
  if (src.length < 6 || le32(src, 0) !== 0xfd2fb528) throw new Error('payload is not a Zstandard frame (bad magic)');
  const fhd = src[4]!;
  const single = (fhd >>> 5) & 1, fcsFlag = fhd >>> 6;
  let p = 5, window = 0;
  if (!single) {
    const wd = src[p++]!;
    const base = 2 ** (10 + (wd >>> 3));
    window = base + (base / 8) * (wd & 7);
  }
  p += [0, 1, 2, 4][fhd & 3]!;
  const fcsBytes = fcsFlag === 0 ? single : 1 << fcsFlag;
  if (p + fcsBytes > src.length) throw new Error(`Zstandard frame header is cut off at offset ${p}`);
  let fcs = 0;
  for (let i = fcsBytes - 1; i >= 0; i--) fcs = fcs * 256 + src[p + i]!;
  if (fcsBytes === 2) fcs += 256;
  // fzstd allocates the content size when given, else the window: bound both.
  if (fcs > MAX_DECODED || window > MAX_DECODED) {
    throw new Error(`Zstandard frame declares ${Math.max(fcs, window)} bytes, more than the ${MAX_DECODED} we accept`);
  }
  try {
    return zstdDecompress(src);
  } catch (err) {
    throw new Error(`Zstandard data is corrupt (${(err as Error).message})`, { cause: err });
  }
}
