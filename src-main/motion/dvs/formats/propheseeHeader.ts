import { propheseeSizeFromText } from '../chips.js';
import type { ByteReader } from '../fileSource.js';
import { headLines, readTextHeader, type HeaderLine } from '../textHeader.js';

/**
 * The `% key value` header shared by Prophesee .raw (EVT 2.0/3.0) and .dat files (spec §1.4-1.6):
 * ended by `% end` or by the first line that does not start with "% ". Geometry comes from
 * `% format EVT3;height=H;width=W`, `% geometry WxH`, `% Width W`/`% Height H`, or, for legacy
 * headers, from the plugin or sensor-generation name.
 */

/** What the header says: where data starts, the EVT version if any, and the sensor size. */
export interface PropheseeHeader {
  lines: HeaderLine[];
  end: number;
  /** `2.0`, `3.0`, `2.1`... from `% evt X` or `% format EVTx`; undefined for .dat. */
  evt?: string;
  width?: number;
  height?: number;
  notes: string[];
}

/** EVT version named by header lines (`% evt 2.0`, `% format EVT3;...`), for detection and parsing. */
export function evtVersion(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const legacy = /^% evt\s+(\d+(?:\.\d+)?)/i.exec(line);
    if (legacy) return legacy[1]!.includes('.') ? legacy[1] : `${legacy[1]}.0`;
    const fmt = /^% format\s+EVT(\d)(\d?)\b/i.exec(line);
    if (fmt) return `${fmt[1]}.${fmt[2] || '0'}`;
  }
  return undefined;
}

/** Detection helper: the EVT version in the `% ` lines at the start of `head`, if any. */
export function headEvtVersion(head: Uint8Array): string | undefined {
  return evtVersion(headLines(head, '% '));
}

/** Reads and interprets the header from byte 0. */
export async function readPropheseeHeader(src: ByteReader): Promise<PropheseeHeader> {
  const header = await readTextHeader(src, '% ', (t) => /^% end\s*$/.test(t));
  const texts = header.lines.map((l) => l.text);
  const out: PropheseeHeader = { lines: header.lines, end: header.end, evt: evtVersion(texts), notes: [] };
  for (const t of texts) {
    const fmt = /^% format\s+\S+?;(.*)$/i.exec(t);
    if (fmt) {
      const h = /height=(\d+)/i.exec(fmt[1]!), w = /width=(\d+)/i.exec(fmt[1]!);
      if (h && w) { out.width = Number(w[1]); out.height = Number(h[1]); }
    }
    const geo = /^% geometry\s+(\d+)x(\d+)/i.exec(t);
    if (geo) { out.width = Number(geo[1]); out.height = Number(geo[2]); }
    const w = /^% Width\s+(\d+)/i.exec(t), h = /^% Height\s+(\d+)/i.exec(t);
    if (w) out.width = Number(w[1]);
    if (h) out.height = Number(h[1]);
  }
  if ((out.width === undefined || out.height === undefined) && out.evt) {
    const guess = propheseeSizeFromText(texts.join('\n'));
    if (guess) {
      out.width = guess.width;
      out.height = guess.height;
      out.notes.push(`the header gives no geometry: ${guess.width}x${guess.height} inferred from "${guess.why}"`);
    }
  }
  if (header.unterminated) out.notes.push(`the header's last line has no line end (file ends at byte ${src.size})`);
  return out;
}
