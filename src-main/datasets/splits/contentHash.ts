import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import type { Assignments } from './types.js';

/**
 * The content hash of a split set: sha256 (hex) of one line `clipId \t subset \t fold \n` per
 * assignment (fold empty when null), in ascending clip id order. Two sets with the same
 * assignments have the same hash whatever their names; training runs record (id, hash) so a later
 * change to the set (an unlock and edit, a deleted clip) is detected.
 */
export function contentHashOf(assignments: Assignments): string {
  const ids = [...assignments.keys()].sort((a, b) => a - b);
  const h = createHash('sha256');
  let chunk = '';
  for (const id of ids) {
    const a = assignments.get(id)!;
    chunk += `${id}\t${a.subset}\t${a.fold ?? ''}\n`;
    if (chunk.length > 65_536) {
      h.update(chunk);
      chunk = '';
    }
  }
  return h.update(chunk).digest('hex');
}

/** {@link contentHashOf} read straight from the database (no Map of the whole set). */
export function storedContentHash(db: Db, setId: number): string {
  const rows = db.prepare('SELECT clip_id, subset, fold FROM split_assignments WHERE split_set_id = ? ORDER BY clip_id')
    .raw().iterate(setId) as IterableIterator<[number, string, number | null]>;
  const h = createHash('sha256');
  let chunk = '';
  for (const [id, subset, fold] of rows) {
    chunk += `${id}\t${subset}\t${fold ?? ''}\n`;
    if (chunk.length > 65_536) {
      h.update(chunk);
      chunk = '';
    }
  }
  return h.update(chunk).digest('hex');
}
