/** One CSV record with the line it starts on (1-based), for messages. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parses RFC 4180 CSV: comma-separated, fields optionally in double quotes with `""` for a quote,
 * quoted fields may hold commas and line breaks; CRLF, LF or CR line ends; a UTF-8 BOM is dropped.
 * Unquoted fields are trimmed; quoted ones are kept exactly (edge spaces included). Blank lines
 * are skipped. Throws naming the line of an unterminated quote.
 */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.replace(/^\uFEFF/, '');
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endField = (): void => {
    fields.push(quoted ? field : field.trim());
    field = '';
    quoted = false;
  };
  const endRecord = (): void => {
    endField();
    if (fields.length > 1 || fields[0] !== '') out.push({ line: start, fields });
    fields = [];
  };
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '"' && !quoted && field.trim() === '') {
      const open = line;
      field = '';
      quoted = true;
      i++;
      for (;;) {
        if (i >= s.length) throw new Error(`line ${open}: a quoted field is never closed (missing ")`);
        if (s[i] === '"') {
          if (s[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        if (s[i] === '\n' || (s[i] === '\r' && s[i + 1] !== '\n')) line++;
        field += s[i++];
      }
    } else if (ch === ',') {
      endField();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
      endRecord();
      start = ++line;
    } else {
      if (!quoted) field += ch; // text after a closing quote (`"a" b`) is dropped
      i++;
    }
  }
  if (field !== '' || quoted || fields.length) endRecord();
  return out;
}
