import type { Db } from '../connection.js';
import type { SplitSetSummary, SplitSubset } from '../../ipc/contract.js';

/** Every subset in display order; summaries always carry all four keys. */
export const SUBSETS: readonly SplitSubset[] = ['train', 'val', 'test', 'unused'];

/** A split set to create: how it was made (official lists, stratified, grouped…) and with what. */
export interface NewSplitSet {
  name: string;
  strategy: string;
  params?: unknown;
  seed?: number | null;
}

interface SetRow { id: number; name: string; strategy: string; locked: number }

/** What writing one assignment did; a locked set is never changed. */
export type AssignOutcome = 'created' | 'updated' | 'same' | 'locked';

/** Named train/val/test/unused partitions of the clips; one clip has one subset per set. */
export class SplitSetsRepo {
  constructor(private readonly db: Db) {}

  /** Returns the set with this name, creating it if new (re-imports reuse the official sets). */
  ensure(s: NewSplitSet): { id: number; created: boolean; locked: boolean } {
    const found = this.byName(s.name);
    if (found) return { id: found.id, created: false, locked: found.locked };
    const info = this.db.prepare('INSERT INTO split_sets (name, strategy, params, seed) VALUES (?, ?, ?, ?)')
      .run(s.name, s.strategy, JSON.stringify(s.params ?? {}), s.seed ?? null);
    return { id: Number(info.lastInsertRowid), created: true, locked: false };
  }

  /** The set with this name, or null. */
  byName(name: string): { id: number; locked: boolean } | null {
    const row = this.db.prepare('SELECT id, locked FROM split_sets WHERE name = ?').get(name) as
      { id: number; locked: number } | undefined;
    return row ? { id: row.id, locked: row.locked === 1 } : null;
  }

  /** Puts a clip in a subset of a set (or moves it); refuses to touch a locked set. */
  assign(setId: number, clipId: number, subset: SplitSubset, fold: number | null = null): AssignOutcome {
    const set = this.db.prepare('SELECT locked FROM split_sets WHERE id = ?').get(setId) as { locked: number } | undefined;
    if (!set) throw new Error(`No split set ${setId} in this workspace`);
    if (set.locked === 1) return 'locked';
    const old = this.db.prepare('SELECT subset, fold FROM split_assignments WHERE split_set_id = ? AND clip_id = ?')
      .get(setId, clipId) as { subset: SplitSubset; fold: number | null } | undefined;
    if (old && old.subset === subset && old.fold === fold) return 'same';
    this.db.prepare(`INSERT INTO split_assignments (split_set_id, clip_id, subset, fold) VALUES (?, ?, ?, ?)
      ON CONFLICT (split_set_id, clip_id) DO UPDATE SET subset = excluded.subset, fold = excluded.fold`)
      .run(setId, clipId, subset, fold);
    return old ? 'updated' : 'created';
  }

  /** The subset of one clip in one set, or null when it is not assigned. */
  subsetOf(setId: number, clipId: number): SplitSubset | null {
    const row = this.db.prepare('SELECT subset FROM split_assignments WHERE split_set_id = ? AND clip_id = ?')
      .get(setId, clipId) as { subset: SplitSubset } | undefined;
    return row?.subset ?? null;
  }

  /** Locks a set so later imports and edits cannot change it (a published evaluation split). */
  setLocked(setId: number, locked: boolean): void {
    this.db.prepare('UPDATE split_sets SET locked = ? WHERE id = ?').run(locked ? 1 : 0, setId);
  }

  /** Every set by name with its per-subset clip counts. */
  summaries(): SplitSetSummary[] {
    const sets = this.db.prepare('SELECT id, name, strategy, locked FROM split_sets ORDER BY name').all() as SetRow[];
    const counts = this.db.prepare(`SELECT split_set_id AS id, subset, count(*) AS n
      FROM split_assignments GROUP BY split_set_id, subset`).all() as { id: number; subset: SplitSubset; n: number }[];
    return sets.map((s) => {
      const subsets = Object.fromEntries(SUBSETS.map((k) => [k, 0])) as Record<SplitSubset, number>;
      for (const c of counts) if (c.id === s.id) subsets[c.subset] = c.n;
      return { id: s.id, name: s.name, strategy: s.strategy, locked: s.locked === 1, subsets };
    });
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM split_sets').get() as { n: number }).n;
  }
}
