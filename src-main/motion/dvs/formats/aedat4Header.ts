import { FlatView } from '../flatbuf.js';

/**
 * The AEDAT 4.0 IOHeader (spec §1.3; jAER `aedat4/schemas/IOHeader.fbs`): a flatbuffer with
 * identifier `IOHE` whose table holds compression (slot 4, int32: 0 NONE, 1 LZ4, 2 LZ4_HIGH,
 * 3 ZSTD, 4 ZSTD_HIGH), dataTablePosition (slot 6, int64, default -1) and infoNode (slot 8, an
 * XML string). In the XML, `<node name="outInfo">` has one child node per stream id with
 * `typeIdentifier` (EVTS, FRME, IMUS, TRIG) and an `info` node with sizeX/sizeY.
 */

/** One stream declared in the infoNode. */
export interface Aedat4Stream {
  id: number;
  type: string;
  width?: number;
  height?: number;
}

/** What the IOHeader says. */
export interface Aedat4Header {
  compression: number;
  dataTablePosition: number;
  streams: Map<number, Aedat4Stream>;
}

/** Compression codes (IOHeader.compression). */
export const COMPRESSION_NAMES = ['NONE', 'LZ4', 'LZ4_HIGH', 'ZSTD', 'ZSTD_HIGH'] as const;

/** Parses the IOHeader bytes (`base` = their file offset, for error messages). */
export function parseIOHeader(b: Uint8Array, base: number, name: string): Aedat4Header {
  const fb = new FlatView(b, base, `${name}: IOHeader`);
  if (b.length < 8 || fb.ident(4) !== 'IOHE') throw new Error(`${name}: the IOHeader at byte ${base} lacks its IOHE identifier: the file is corrupt`);
  const table = fb.u32(0);
  const fc = fb.field(table, 4), fd = fb.field(table, 6), fi = fb.field(table, 8);
  const compression = fc < 0 ? 0 : fb.i32(fc);
  const dataTablePosition = fd < 0 ? -1 : fb.i64(fd);
  const xml = fi < 0 ? '' : fb.string(fi);
  return { compression, dataTablePosition, streams: parseInfoNode(xml) };
}

/** The streams declared in the infoNode XML (a tag scanner: the XML is machine-written and flat). */
export function parseInfoNode(xml: string): Map<number, Aedat4Stream> {
  const streams = new Map<number, Aedat4Stream>();
  const stack: string[] = [];
  const re = /<node\b([^>]*?)(\/?)>|<\/node\s*>|<attr\b([^>]*)>([^<]*)<\/attr\s*>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[0].startsWith('</')) { stack.pop(); continue; }
    if (m[0].startsWith('<node')) {
      if (m[2] !== '/') stack.push(/\bname="([^"]*)"/.exec(m[1]!)?.[1] ?? '');
      continue;
    }
    const at = stack.lastIndexOf('outInfo');
    if (at < 0 || !/^\d+$/.test(stack[at + 1] ?? '')) continue;
    const id = Number(stack[at + 1]);
    const s = streams.get(id) ?? { id, type: '' };
    streams.set(id, s);
    const key = /\bkey="([^"]*)"/.exec(m[3]!)?.[1];
    const value = m[4]!.trim();
    if (stack.length === at + 2 && key === 'typeIdentifier') s.type = value;
    if (stack.length === at + 3 && stack[at + 2] === 'info') {
      if (key === 'sizeX') s.width = Number(value);
      if (key === 'sizeY') s.height = Number(value);
    }
  }
  return streams;
}
