import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { EventFormat, EventReader, OpenOptions } from './types.js';

/**
 * The event-file formats, each registered once by its own module, so adding a format is adding
 * one file. Detection asks each format in registration order (most specific magic first).
 */

const formats: EventFormat[] = [];

/** Adds a format; each format module calls this once at import. */
export function registerEventFormat(format: EventFormat): EventFormat {
  if (formats.some((f) => f.id === format.id)) throw new Error(`Event format ${format.id} is registered twice`);
  formats.push(format);
  return format;
}

/** Every registered format, in detection order (for `--help` texts and tests). */
export function eventFormats(): readonly EventFormat[] {
  return formats;
}

/** The format with this id, or an error listing the known ones. */
export function getEventFormat(id: string): EventFormat {
  const f = formats.find((x) => x.id === id);
  if (!f) throw new Error(`Unknown event format "${id}"; known: ${formats.map((x) => x.id).join(', ')}`);
  return f;
}

/** Bytes read to detect a format: enough for any text header line that names it. */
export const HEAD_BYTES = 65536;

/** Which format a file is, from its first bytes and name (spec §1.0); errors say what was seen. */
export async function detectFormat(path: string): Promise<EventFormat> {
  const fh = await open(path, 'r');
  let head: Uint8Array;
  try {
    const buf = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const name = basename(path);
  const found = formats.find((f) => f.detect(head, name));
  if (found) return found;
  const preview = Buffer.from(head.subarray(0, 16)).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  throw new Error(`${name}: not a recognised event file (starts with "${preview}"). ` +
    `Supported: ${formats.map((f) => f.describe).join(', ')}`);
}

/** Opens an event file: detects the format (or uses `options.format`) and reads its header. */
export async function openEventFile(path: string, options: OpenOptions & { format?: string } = {}): Promise<EventReader> {
  const format = options.format ? getEventFormat(options.format) : await detectFormat(path);
  return format.open(path, options);
}
