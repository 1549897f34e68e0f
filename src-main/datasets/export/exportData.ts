import type { Db } from '../../db/connection.js';
import type { SplitSubset } from '../../ipc/contract.js';

/** One clip as every exporter sees it. */
export interface ExportClip {
  id: number;
  name: string;
  /** Absolute media path. */
  path: string;
  /** Content fingerprint of the media (flow cache key), null when it was never probed. */
  fingerprint: string | null;
  label: string | null;
  /** 0-based class index (position in {@link ExportData.classes}), null when unlabelled. */
  classIndex: number | null;
  /** Trim inside the media, seconds; null end = to the end. */
  start: number;
  end: number | null;
  group: string | null;
  view: string | null;
  /** 'active' | 'excluded' | 'negative'. */
  status: string;
  /** Subset in the exported split set; null when the clip is not assigned (or no split was asked for). */
  subset: SplitSubset | null;
  fold: number | null;
}

/** Everything an export writes: the split set, the classes in label order, the clips in id order. */
export interface ExportData {
  split: { id: number; name: string } | null;
  /** Label order: class ids ascending (creation order, so imported datasets keep their official numbering). */
  classes: { id: number; name: string }[];
  clips: ExportClip[];
}

interface Row {
  id: number; name: string; path: string; fingerprint: string | null; class_id: number | null; label: string | null; start_s: number;
  end_s: number | null; group_name: string | null; view: string | null; status: string; subset: SplitSubset | null; fold: number | null;
}

/**
 * Reads clips, labels and one split set's assignments from the workspace database (split tables
 * of schema 2). A split name that does not exist is an error listing the ones that do.
 */
export function loadExportData(db: Db, splitName?: string | null): ExportData {
  let split: ExportData['split'] = null;
  if (splitName) {
    const row = db.prepare('SELECT id, name FROM split_sets WHERE name = ?').get(splitName) as { id: number; name: string } | undefined;
    if (!row) {
      const names = (db.prepare('SELECT name FROM split_sets ORDER BY name').all() as { name: string }[]).map((r) => r.name);
      throw new Error(`No split set named "${splitName}" in this workspace; ${names.length ? `it has: ${names.join(', ')}` : 'it has none (import official splits or make one first)'}`);
    }
    split = row;
  }
  const classes = db.prepare('SELECT id, name FROM classes ORDER BY id').all() as { id: number; name: string }[];
  const index = new Map(classes.map((c, i) => [c.id, i]));
  const rows = db.prepare(`SELECT k.id, k.name, m.path, m.fingerprint, k.class_id, c.name AS label, k.start_s, k.end_s, k.group_name,
      k.view, k.status, a.subset, a.fold
    FROM clips k JOIN media m ON m.id = k.media_id LEFT JOIN classes c ON c.id = k.class_id
    LEFT JOIN split_assignments a ON a.clip_id = k.id AND a.split_set_id = ?
    ORDER BY k.id`).all(split?.id ?? -1) as Row[];
  return {
    split, classes,
    clips: rows.map((r) => ({
      id: r.id, name: r.name, path: r.path, fingerprint: r.fingerprint, label: r.label, classIndex: r.class_id == null ? null : index.get(r.class_id) ?? null,
      start: r.start_s, end: r.end_s, group: r.group_name, view: r.view, status: r.status, subset: r.subset, fold: r.fold,
    })),
  };
}
