import { readFile } from 'node:fs/promises';

/** One non-empty line of a split list, with its 1-based number for error messages. */
export interface ListLine {
  n: number;
  text: string;
}

/**
 * Reads a text list (split file, class index, manifest) as trimmed non-empty lines. Handles a
 * UTF-8 BOM and CRLF, LF or CR line ends. Throws a message naming the file when it cannot be read.
 */
export async function readListFile(path: string): Promise<ListLine[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `List not found: ${path}` : `Cannot read list ${path}: ${(err as Error).message}`, { cause: err });
  }
  return splitLines(text);
}

/** Splits text into trimmed non-empty numbered lines (BOM dropped, any line ending). */
export function splitLines(text: string): ListLine[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const out: ListLine[] = [];
  lines.forEach((raw, i) => {
    const t = raw.trim();
    if (t) out.push({ n: i + 1, text: t });
  });
  return out;
}
