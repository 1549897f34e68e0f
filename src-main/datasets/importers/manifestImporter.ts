import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { manifestKindOf, stemOf } from './mediaFiles.js';
import { readManifest, type ManifestRow } from './manifestRows.js';
import { includeMissingOption, INCLUDE_MISSING_FIELD, optionalPathOption, pathOption } from './optionFields.js';
import { PlanBuilder, type PlanSplitSet } from './plan.js';
import { registerImporter } from './registry.js';

const schema = z.object({
  file: pathOption('file (the CSV or JSON manifest)'),
  root: optionalPathOption(),
  splitSet: z.string().trim().min(1).max(200).optional(),
  includeMissing: includeMissingOption,
}).strict();

type Options = z.infer<typeof schema>;

/** The clip name of a row: the file's stem, with the span when the row has one. */
function clipName(r: ManifestRow): string {
  const stem = stemOf(r.path);
  return r.start === 0 && r.end === null ? stem : `${stem} [${r.start}s-${r.end === null ? 'end' : `${r.end}s`}]`;
}

/** Adds one row: reports missing files and duplicates, assigns its split. */
function addRow(plan: PlanBuilder, r: ManifestRow, o: Options, base: string, set: () => PlanSplitSet): void {
  const where = `${basename(o.file)}:${r.line}`;
  const path = isAbsolute(r.path) ? r.path : resolve(base, r.path);
  const st = statSync(path, { throwIfNoEntry: false });
  if (st?.isDirectory()) {
    plan.problem('unreadable', path, `${where}: ${path} is a folder, not a media file; the line was skipped`);
    return;
  }
  if (plan.find(path, r.start, r.end) !== undefined) {
    plan.problem('duplicate', where, `${where}: ${r.path} from ${r.start} s to ${r.end === null ? 'the end' : `${r.end} s`} is listed twice; the first line was kept`);
    return;
  }
  if (r.split) set().listed[r.split]++;
  if (!st) {
    plan.problem('missing', r.path, `${r.path} is listed in ${where} but is not at ${path}`);
    if (!o.includeMissing) return;
  }
  const clip = plan.clip({
    path, kind: manifestKindOf(path), name: clipName(r), label: r.label, start: r.start, end: r.end,
    group: r.group, view: r.view,
  });
  if (r.split) plan.assign(set(), clip, r.split);
}

/**
 * CSV or JSON manifest with columns `path,label[,start,end,group,view,split]` for any other
 * dataset; relative paths are taken from the manifest's folder (or `root`). The `split` column
 * becomes one split set named after the manifest file (or `splitSet`), so an exported list
 * re-imports to the same clips, labels and split.
 */
export const manifestImporter = registerImporter<Options>({
  id: 'csv',
  title: 'CSV or JSON manifest',
  describe: 'A list of clips: CSV with header path,label,start,end,group,view,split (only path is required; '
    + 'times in seconds) or a JSON array of objects with those keys. Paths may be relative to the manifest. '
    + 'The split column (train, val, test, unused) becomes one split set.',
  options: [
    { name: 'file', type: 'file', label: 'Manifest (.csv or .json)', required: true },
    { name: 'root', type: 'folder', label: 'Base folder for relative paths', required: false, help: 'Default: the manifest\'s folder' },
    { name: 'splitSet', type: 'string', label: 'Split set name', required: false, help: 'Default: the manifest\'s file name without extension' },
    INCLUDE_MISSING_FIELD,
  ],
  optionsSchema: schema,
  source: (o) => o.file,
  async scan(o, ctx) {
    const content = await readManifest(o.file);
    ctx.signal?.throwIfAborted();
    const plan = new PlanBuilder('csv', o.file);
    for (const note of content.notes) plan.problem('ignored', basename(o.file), `${basename(o.file)}: ${note}`);
    for (const b of content.bad) {
      plan.problem('bad-line', `${basename(o.file)}:${b.line}`, `${basename(o.file)} line ${b.line}: ${b.message}; the line was skipped`);
    }
    let set: PlanSplitSet | undefined;
    const splitSet = (): PlanSplitSet => (set ??= plan.splitSet(o.splitSet ?? stemOf(o.file), 'manifest', { file: o.file }));
    const base = o.root ?? dirname(o.file);
    for (const r of content.rows) addRow(plan, r, o, base, splitSet);
    return plan.build();
  },
});
