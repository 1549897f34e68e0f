import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SplitSubset } from '../../ipc/contract.js';
import { parseCsv } from './csv.js';

/** The columns a manifest may have, in their positional order (when there is no header row). */
export const MANIFEST_COLUMNS = ['path', 'label', 'start', 'end', 'group', 'view', 'split'] as const;

type Column = (typeof MANIFEST_COLUMNS)[number];

/** One manifest entry, validated: where it came from and the clip it describes. */
export interface ManifestRow {
  line: number;
  path: string;
  label: string | null;
  start: number;
  end: number | null;
  group: string | null;
  view: string | null;
  split: SplitSubset | null;
}

/** Rows that parsed, plus `line: message` for those that did not and notes about the file. */
export interface ManifestContent {
  rows: ManifestRow[];
  bad: { line: number; message: string }[];
  notes: string[];
}

const SUBSET_NAMES: Record<string, SplitSubset> = {
  train: 'train', training: 'train', val: 'val', valid: 'val', validation: 'val', test: 'test', testing: 'test', unused: 'unused',
};

/** Reads a CSV (header `path,label,start,end,group,view,split` or those columns in order) or JSON manifest. */
export async function readManifest(file: string): Promise<ManifestContent> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw Object.assign(new Error(`Cannot read manifest ${file}: ${(err as Error).message}`), { code: 'bad_input', cause: err });
  }
  try {
    return extname(file).toLowerCase() === '.json' ? fromJson(text) : fromCsv(text);
  } catch (err) {
    throw Object.assign(new Error(`Cannot parse manifest ${file}: ${(err as Error).message}`), { code: 'bad_input', cause: err });
  }
}

function fromCsv(text: string): ManifestContent {
  const records = parseCsv(text);
  const out: ManifestContent = { rows: [], bad: [], notes: [] };
  let columns: (Column | null)[] = [...MANIFEST_COLUMNS];
  const first = records[0];
  if (first && first.fields[0]!.trim().toLowerCase() === 'path') {
    records.shift();
    columns = first.fields.map((f) => {
      const name = f.trim().toLowerCase();
      const known = (MANIFEST_COLUMNS as readonly string[]).includes(name);
      if (!known) out.notes.push(`column "${f.trim()}" is not one of ${MANIFEST_COLUMNS.join(', ')}; it was ignored`);
      return known ? (name as Column) : null;
    });
  }
  for (const r of records) {
    const values: Partial<Record<Column, unknown>> = {};
    r.fields.forEach((v, i) => {
      const col = columns[i];
      if (col) values[col] = v;
    });
    collect(out, r.line, values);
  }
  return out;
}

function fromJson(text: string): ManifestContent {
  const data = JSON.parse(text) as unknown;
  const list = Array.isArray(data) ? data : (data as { clips?: unknown; items?: unknown })?.clips ?? (data as { items?: unknown })?.items;
  if (!Array.isArray(list)) throw new Error('expected an array of {path, label, start, end, group, view, split} objects (or {"clips": [...]})');
  const out: ManifestContent = { rows: [], bad: [], notes: [] };
  list.forEach((item, i) => {
    if (item && typeof item === 'object') collect(out, i + 1, item as Partial<Record<Column, unknown>>);
    else out.bad.push({ line: i + 1, message: 'entry is not an object with a "path"' });
  });
  return out;
}

function collect(out: ManifestContent, line: number, v: Partial<Record<Column, unknown>>): void {
  const row = toRow(line, v);
  if (typeof row === 'string') out.bad.push({ line, message: row });
  else out.rows.push(row);
}

/** Validates one entry; returns the row or what is wrong with it. */
export function toRow(line: number, v: Partial<Record<Column, unknown>>): ManifestRow | string {
  const text = (k: Column): string | null => {
    const x = v[k];
    if (x === undefined || x === null) return null;
    const t = String(x);
    return t.trim() === '' ? null : t;
  };
  const path = text('path');
  if (!path) return 'no path';
  const startText = text('start');
  const endText = text('end');
  const start = startText === null ? 0 : Number(startText.trim());
  const end = endText === null ? null : Number(endText.trim());
  if (!Number.isFinite(start) || start < 0) return `start "${startText}" is not a time in seconds >= 0`;
  if (end !== null && (!Number.isFinite(end) || end <= start)) return `end "${endText}" is not a time in seconds after start (${start})`;
  const splitText = text('split');
  const split = splitText === null ? null : SUBSET_NAMES[splitText.trim().toLowerCase()];
  if (split === undefined) return `split "${splitText}" is not train, val, test or unused`;
  return { line, path, label: text('label'), start, end, group: text('group'), view: text('view'), split };
}
