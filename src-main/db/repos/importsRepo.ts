import type { Db } from '../connection.js';

/** One import run as stored: its options, where it got to, and its (running) report. */
export interface ImportRow {
  id: number;
  jobId: number | null;
  importer: string;
  root: string;
  options: unknown;
  /** Resume point, e.g. `{ clips: 1500, assignments: 0 }`; saved in the same transaction as the rows. */
  cursor: Record<string, number>;
  report: unknown;
}

interface RawRow {
  id: number; job_id: number | null; importer: string; root: string; options: string;
  cursor: string; report: string | null;
}

/** History of dataset imports; a resumed import job continues from its row's cursor. */
export class ImportsRepo {
  constructor(private readonly db: Db) {}

  /** The row of this job's import, created on its first run. */
  forJob(jobId: number, importer: string, root: string, options: unknown): ImportRow {
    this.db.prepare(`INSERT INTO imports (job_id, importer, root, options) VALUES (?, ?, ?, ?)
      ON CONFLICT (job_id) DO NOTHING`).run(jobId, importer, root, JSON.stringify(options));
    return toRow(this.db.prepare('SELECT * FROM imports WHERE job_id = ?').get(jobId) as RawRow);
  }

  /** Records progress; call inside the transaction that wrote the rows it accounts for. */
  save(id: number, cursor: Record<string, number>, report: unknown): void {
    this.db.prepare('UPDATE imports SET cursor = ?, report = ? WHERE id = ?')
      .run(JSON.stringify(cursor), JSON.stringify(report), id);
  }

  /** Every import, newest first. */
  list(): ImportRow[] {
    return (this.db.prepare('SELECT * FROM imports ORDER BY id DESC').all() as RawRow[]).map(toRow);
  }
}

function toRow(r: RawRow): ImportRow {
  return {
    id: r.id, jobId: r.job_id, importer: r.importer, root: r.root, options: JSON.parse(r.options),
    cursor: JSON.parse(r.cursor) as Record<string, number>, report: r.report ? JSON.parse(r.report) : null,
  };
}
