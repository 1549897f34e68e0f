import type { Db } from '../connection.js';
import type { ClassInfo } from '../../ipc/contract.js';

/** A palette that stays distinguishable on the dark UI; classes take colours in turn. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1',
  '#ff9da7', '#9c755f', '#bab0ac'];

/** Classes (labels) of a workspace; names are unique regardless of case. */
export class ClassesRepo {
  constructor(private readonly db: Db) {}

  /** Returns the id of the class with this name, creating it (with the next palette colour) if new. */
  ensure(name: string): number {
    const trimmed = name.normalize('NFC').trim();
    if (!trimmed) throw new Error('A class name cannot be empty');
    const found = this.find(trimmed);
    if (found !== null) return found;
    const n = this.count();
    const info = this.db.prepare('INSERT INTO classes (name, color) VALUES (?, ?)')
      .run(trimmed, PALETTE[n % PALETTE.length]!);
    return Number(info.lastInsertRowid);
  }

  /** Id of a class by name in any case; SQLite's NOCASE folds only A-Z, so 'Été' needs a second look. */
  private find(name: string): number | null {
    const exact = this.db.prepare('SELECT id FROM classes WHERE name = ?').get(name) as { id: number } | undefined;
    if (exact) return exact.id;
    const key = name.toLowerCase();
    const all = this.db.prepare('SELECT id, name FROM classes').all() as { id: number; name: string }[];
    return all.find((c) => c.name.toLowerCase() === key)?.id ?? null;
  }

  /** All classes by name, with how many clips each labels. */
  list(): ClassInfo[] {
    return this.db.prepare(`SELECT c.id, c.name, c.color, count(k.id) AS clipCount
      FROM classes c LEFT JOIN clips k ON k.class_id = c.id GROUP BY c.id ORDER BY c.name`)
      .all() as ClassInfo[];
  }

  /** Number of classes (status bar). */
  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM classes').get() as { n: number }).n;
  }
}
