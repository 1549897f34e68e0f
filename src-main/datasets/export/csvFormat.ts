import { registerExportFormat } from './registry.js';
import { writeText } from './writeText.js';

/** The manifest's columns, exactly (the CSV manifest importer reads these). */
export const CSV_COLUMNS = ['path', 'label', 'start', 'end', 'group', 'view', 'split'] as const;

/** One RFC 4180 field: quoted when it holds a comma, quote, line break or edge whitespace. */
export function csvField(v: string | number | null): string {
  const s = v == null ? '' : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * `csv`: `manifest.csv` with a header row and one row per clip of the workspace (clip id order):
 * absolute media path, label, trim start/end in seconds (empty end = to the end of the file),
 * group, view, and the subset in the chosen split set (empty when unassigned or no split).
 */
export const csvFormat = registerExportFormat({
  id: 'csv',
  describe: 'CSV manifest: path,label,start,end,group,view,split for every clip',
  needsSplit: false,
  async run(ctx) {
    const lines = [CSV_COLUMNS.join(',')];
    for (const c of ctx.data.clips) {
      lines.push([c.path, c.label, c.start, c.end, c.group, c.view, c.subset].map(csvField).join(','));
    }
    const file = writeText(ctx.outDir, 'manifest.csv', lines.join('\n') + '\n');
    return { format: 'csv', split: ctx.data.split?.name ?? null, outDir: ctx.outDir, root: null, files: [file],
      counts: { [file]: ctx.data.clips.length }, warnings: [] };
  },
});
