import type { ByteReader } from './fileSource.js';

/**
 * The text headers of AEDAT 2/3 (`#` lines) and Prophesee .raw/.dat (`% ` lines): read line by
 * line until a line does not start with the prefix or an end marker is seen. Shared so every
 * format reports a cut-off header the same way (with the byte offset).
 */

/** One header line without its line end, and the byte where it starts. */
export interface HeaderLine {
  text: string;
  offset: number;
}

/** The parsed header: its lines, the byte where data starts, and whether the file ended inside it. */
export interface TextHeader {
  lines: HeaderLine[];
  end: number;
  /** The last line had no line end: the file stops in the middle of the header. */
  unterminated: boolean;
  /** The end marker was found (`#!END-HEADER`, `% end`, ...). */
  sawEndMarker: boolean;
}

const MAX_LINE = 1 << 20;
const MAX_HEADER = 64 << 20;

/** Reads `prefix` lines from `start`; stops after a line for which `isEnd(text)` is true. */
export async function readTextHeader(src: ByteReader, prefix: string, isEnd: (text: string) => boolean = () => false,
  start = 0): Promise<TextHeader> {
  const pre = Buffer.from(prefix, 'latin1');
  const lines: HeaderLine[] = [];
  let p = start;
  while (p < src.size) {
    let win = await src.view(p, Math.min(src.size - p, 65536));
    if (win.length < pre.length || !pre.every((b, i) => win[i] === b)) break;
    let nl = win.indexOf(0x0a);
    if (nl < 0 && win.length < src.size - p) {
      win = await src.view(p, Math.min(src.size - p, MAX_LINE));
      nl = win.indexOf(0x0a);
      if (nl < 0 && win.length < src.size - p) throw new Error(`header line at byte ${p} is longer than ${MAX_LINE} bytes: not a text header`);
    }
    const len = nl < 0 ? win.length : nl;
    let text = Buffer.from(win.buffer, win.byteOffset, len).toString('latin1');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    lines.push({ text, offset: p });
    if (nl < 0) return { lines, end: src.size, unterminated: true, sawEndMarker: false };
    p += nl + 1;
    if (isEnd(text)) return { lines, end: p, unterminated: false, sawEndMarker: true };
    if (p - start > MAX_HEADER) throw new Error(`header runs past ${MAX_HEADER} bytes at byte ${p}: not a text header`);
  }
  return { lines, end: p, unterminated: false, sawEndMarker: false };
}

/** The value after `key` in `% key value` / `# key: value` lines (first match), or undefined. */
export function headerValue(lines: readonly HeaderLine[], pattern: RegExp): string | undefined {
  for (const line of lines) {
    const m = pattern.exec(line.text);
    if (m) return m[1];
  }
  return undefined;
}

/** Whether `head` starts with the ASCII text `magic` (format detection, spec §1.0). */
export function startsWithText(head: Uint8Array, magic: string): boolean {
  if (head.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[i] !== magic.charCodeAt(i)) return false;
  return true;
}

/** The leading `prefix` lines of a detection head as text (for format sniffing only). */
export function headLines(head: Uint8Array, prefix: string): string[] {
  const out: string[] = [];
  let p = 0;
  while (p < head.length && startsWithText(head.subarray(p), prefix)) {
    const nl = head.indexOf(0x0a, p);
    const stop = nl < 0 ? head.length : nl;
    out.push(Buffer.from(head.buffer, head.byteOffset + p, stop - p).toString('latin1').replace(/\r$/, ''));
    if (nl < 0) break;
    p = nl + 1;
  }
  return out;
}
