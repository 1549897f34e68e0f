/** Reading import results for display: the report guard, problem wording, paths relative to the root. */
import type { ImportProblemKind, ImportReport } from '../../../src-main/ipc/contract';

/** Job kind of an import; its stored result is an ImportReport. */
export const IMPORT_JOB_KIND = 'dataset.import';

/** How the UI names and explains each kind of import problem, in display order. */
export const PROBLEM_KINDS: Record<ImportProblemKind, { label: string; explain: string }> = {
  missing: { label: 'Missing files', explain: 'Named by a list or manifest but not found on disk.' },
  unreadable: { label: 'Unreadable', explain: 'Files or lists that exist but could not be read.' },
  'symlink-loop': { label: 'Symlink loops', explain: 'Links that point back into a parent folder; they were not followed.' },
  'bad-line': { label: 'Bad lines', explain: 'Lines of a list or manifest that could not be understood.' },
  conflict: { label: 'Conflicts', explain: 'The same file is given different labels; the first one is kept.' },
  duplicate: { label: 'Duplicates', explain: 'Entries named more than once; they are imported once.' },
  ignored: { label: 'Ignored files', explain: 'Found but not imported (unsupported type, or in no list).' },
};

/** Problem kinds sorted as PROBLEM_KINDS lists them, with their counts (zero counts dropped). */
export function problemGroups(counts: Partial<Record<ImportProblemKind, number>>): { kind: ImportProblemKind; count: number }[] {
  return (Object.keys(PROBLEM_KINDS) as ImportProblemKind[])
    .map((kind) => ({ kind, count: counts[kind] ?? 0 }))
    .filter((g) => g.count > 0);
}

/** Sum of the problem counts. */
export function problemTotal(counts: Partial<Record<ImportProblemKind, number>>): number {
  return Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
}

function isFileList(x: unknown): boolean {
  return !!x && typeof x === 'object' && typeof (x as { count?: unknown }).count === 'number'
    && Array.isArray((x as { files?: unknown }).files);
}

/** The job result as an ImportReport, or null when it does not have that shape (e.g. an older job). */
export function asImportReport(result: unknown): ImportReport | null {
  if (!result || typeof result !== 'object') return null;
  const r = result as Record<string, unknown>;
  const lists = ['created', 'skipped', 'missing', 'unreadable', 'ignored'].every((k) => isFileList(r[k]));
  return lists && typeof r.root === 'string' && typeof r.importer === 'string' ? (result as ImportReport) : null;
}

/** A message with every mention of the dataset root dropped, so paths in it read as in the lists. */
export function withoutRoot(root: string, message: string): string {
  const base = root.replace(/[\\/]+$/, '');
  return base ? message.split(base + '/').join('').split(base + '\\').join('') : message;
}

/** A path shown relative to the dataset root when it lies under it (`Walk/a.mp4`), else unchanged. */
export function relativeTo(root: string, path: string): string {
  const base = root.replace(/[\\/]+$/, '');
  if (base && path.length > base.length + 1 && path.startsWith(base) && /[\\/]/.test(path.charAt(base.length))) {
    return path.slice(base.length + 1);
  }
  return path;
}
