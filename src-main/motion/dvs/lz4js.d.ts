// Types for the parts of `lz4js` (pure-JS LZ4, no bundled types) we use: frame compression for
// the AEDAT 4.0 writer, and its block decoder as an independent reference in the tests.
declare module 'lz4js' {
  /** Decodes one LZ4 block src[sIndex, sIndex+sLength) into dst at dIndex (earlier dst bytes are the history); returns the new dIndex. */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
  /** Decodes one LZ4 frame (size found by scanning it). */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  /** Compresses to one LZ4 frame (4 MiB linked blocks, no checksums). */
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
  /** Worst-case size of compressing n bytes. */
  export function compressBound(n: number): number;
}
