import { dirname, relative, resolve, sep } from 'node:path';
import type { ExportClip } from './exportData.js';

/** The deepest folder holding every path (the media's common root), used when no root is given. */
export function commonFolder(paths: readonly string[]): string {
  if (!paths.length) return resolve('.');
  let parts = dirname(resolve(paths[0]!)).split(sep);
  for (const p of paths.slice(1)) {
    const other = dirname(resolve(p)).split(sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

/**
 * Paths of clips relative to `root` with forward slashes, as whitespace-separated list formats
 * need them. Throws naming the first offending files when a path contains whitespace or lies outside
 * the root, since such a list could not be read back.
 */
export function listPaths(clips: readonly ExportClip[], root: string): Map<number, string> {
  const out = new Map<number, string>();
  const bad: string[] = [];
  for (const c of clips) {
    const rel = relative(root, c.path).split(sep).join('/');
    if (/\s/.test(rel) || rel.startsWith('../') || rel === '..' || rel === '') bad.push(c.path);
    else out.set(c.id, rel);
  }
  if (bad.length) {
    throw new Error(`${bad.length} media path(s) cannot be written to a space-separated list relative to ${root} ` +
      `(they contain whitespace or lie outside it), e.g. ${bad.slice(0, 3).join(', ')}. Rename them, pass another --root, or export csv`);
  }
  return out;
}

/** Clips of the split usable in a labelled list (assigned to train/val/test, labelled, not excluded) plus warnings for the rest. */
export function listableClips(clips: readonly ExportClip[]): { clips: ExportClip[]; warnings: string[] } {
  const usable = clips.filter((c) => c.subset && c.subset !== 'unused' && c.status !== 'excluded' && c.classIndex != null);
  const warnings: string[] = [];
  const unlabelled = clips.filter((c) => c.subset && c.subset !== 'unused' && c.classIndex == null).length;
  const excluded = clips.filter((c) => c.subset && c.subset !== 'unused' && c.status === 'excluded' && c.classIndex != null).length;
  if (unlabelled) warnings.push(`${unlabelled} clip(s) in the split have no label and were left out`);
  if (excluded) warnings.push(`${excluded} excluded clip(s) were left out`);
  const trimmed = usable.filter((c) => c.start > 0 || c.end != null).length;
  if (trimmed) warnings.push(`${trimmed} clip(s) are trimmed; video lists name whole files (use --rawframes or csv to keep trims)`);
  return { clips: usable, warnings };
}

/** A name safe as one path segment on every OS (class and clip folder names). */
export function safeSegment(name: string): string {
  const printable = [...name.normalize('NFC')].map((ch) => (ch.charCodeAt(0) < 32 ? '_' : ch)).join('');
  const s = printable.replace(/[\s/\\:*?"<>|]+/g, '_').replace(/^\.+/, '_').slice(0, 120);
  return s || '_';
}
