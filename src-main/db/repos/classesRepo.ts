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
    const trimmed = name.trim();
    if (!trimmed) throw new Error('A class name cannot be empty');
    const found = this.db.prepare('SELECT id FROM classes WHERE name = ?').get(trimmed) as
      { id: number } | undefined;
    if (found) return found.id;
    const n = this.count();
    const info = this.db.prepare('INSERT INTO classes (name, color) VALUES (?, ?)')
      .run(trimmed, PALETTE[n % PALETTE.length]!);
    return Number(info.lastInsertRowid);
  }

  list(): ClassInfo[] {
    return this.db.prepare(`SELECT c.id, c.name, c.color, count(k.id) AS clipCount
      FROM classes c LEFT JOIN clips k ON k.class_id = c.id GROUP BY c.id ORDER BY c.name`)
      .all() as ClassInfo[];
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM classes').get() as { n: number }).n;
  }
}
