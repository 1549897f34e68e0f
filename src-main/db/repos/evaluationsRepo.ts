import type { Db } from '../connection.js';
import type { EvaluationMetrics, EvaluationSummary, PredictionRow } from '../../ipc/contract.js';
import { blobToProbs, probsToBlob } from '../../training/eval/metrics.js';

/** One clip's stored prediction with its probabilities (for fusion and comparisons). */
export interface StoredPrediction {
  clipId: number;
  label: number;
  predicted: number;
  probs: Float32Array;
  /** Video-level key from the clips table (group, else media file); '' when the clip was deleted. */
  video: string;
}

/** What a new evaluation stores. */
export interface NewEvaluation {
  runId: number;
  jobId: number | null;
  splitSetId: number | null;
  subset: string;
  checkpoint: 'best' | 'last';
  metrics: EvaluationMetrics;
  predictions: { clipId: number; label: number; predicted: number; probs: Float32Array }[];
}

interface EvalRow { id: number; run_id: number; split_set_id: number | null; subset: string; checkpoint: 'best' | 'last'; metrics: string; created_at: string }

const toSummary = (r: EvalRow): EvaluationSummary => ({
  id: r.id, runId: r.run_id, subset: r.subset, checkpoint: r.checkpoint, createdAt: r.created_at,
  metrics: JSON.parse(r.metrics) as EvaluationMetrics,
});

/** Video key in SQL, the same rule as the data manifest: clips of one group, else of one media file. */
export const VIDEO_KEY_SQL = "COALESCE('group:' || c.group_name, 'media:' || c.media_id, '')";

/**
 * Evaluations of runs on split subsets, with one stored prediction (probabilities) per clip, so
 * the comparison views, late fusion and `mwb eval` read results without re-running a model.
 */
export class EvaluationsRepo {
  constructor(private readonly db: Db) {}

  /** Stores an evaluation and its predictions in one transaction; returns its id. */
  create(e: NewEvaluation): number {
    const insertEval = this.db.prepare('INSERT INTO evaluations (run_id, job_id, split_set_id, subset, checkpoint, metrics) VALUES (?, ?, ?, ?, ?, ?)');
    const insertPred = this.db.prepare('INSERT INTO predictions (evaluation_id, clip_id, label, predicted, probs) VALUES (?, ?, ?, ?, ?)');
    return this.db.transaction(() => {
      const id = Number(insertEval.run(e.runId, e.jobId, e.splitSetId, e.subset, e.checkpoint, JSON.stringify(e.metrics)).lastInsertRowid);
      for (const p of e.predictions) insertPred.run(id, p.clipId, p.label, p.predicted, probsToBlob(p.probs));
      return id;
    })();
  }

  get(id: number): EvaluationSummary | null {
    const r = this.db.prepare('SELECT * FROM evaluations WHERE id = ?').get(id) as EvalRow | undefined;
    return r ? toSummary(r) : null;
  }

  /** A run's evaluations, newest first. */
  listForRun(runId: number): EvaluationSummary[] {
    return (this.db.prepare('SELECT * FROM evaluations WHERE run_id = ? ORDER BY id DESC').all(runId) as EvalRow[]).map(toSummary);
  }

  /** The newest evaluation of a run on `subset` (of split set `splitSetId` when given). */
  latest(runId: number, subset: string, splitSetId?: number | null): (EvaluationSummary & { splitSetId: number | null }) | null {
    const r = (splitSetId == null
      ? this.db.prepare('SELECT * FROM evaluations WHERE run_id = ? AND subset = ? ORDER BY id DESC LIMIT 1').get(runId, subset)
      : this.db.prepare('SELECT * FROM evaluations WHERE run_id = ? AND subset = ? AND split_set_id = ? ORDER BY id DESC LIMIT 1')
        .get(runId, subset, splitSetId)) as EvalRow | undefined;
    return r ? { ...toSummary(r), splitSetId: r.split_set_id } : null;
  }

  /** Top-1 and subset of every run's newest evaluation (the runs list column). */
  latestTop1(): Map<number, { subset: string; top1: number }> {
    const rows = this.db.prepare(`SELECT e.run_id, e.subset, json_extract(e.metrics, '$.top1') AS top1 FROM evaluations e
      WHERE e.id = (SELECT max(id) FROM evaluations WHERE run_id = e.run_id)`).all() as { run_id: number; subset: string; top1: number }[];
    return new Map(rows.map((r) => [r.run_id, { subset: r.subset, top1: r.top1 }]));
  }

  /** Per-clip rows for the comparison views: all, or only the wrong ones, by clip id. */
  predictions(evaluationId: number, opts: { only?: 'all' | 'wrong'; limit?: number } = {}): PredictionRow[] {
    const wrong = opts.only === 'wrong' ? 'AND p.label != p.predicted' : '';
    const rows = this.db.prepare(`SELECT p.clip_id, p.label, p.predicted, p.probs, c.name FROM predictions p
      LEFT JOIN clips c ON c.id = p.clip_id WHERE p.evaluation_id = ? ${wrong} ORDER BY p.clip_id LIMIT ?`)
      .all(evaluationId, opts.limit ?? 100_000) as { clip_id: number; label: number; predicted: number; probs: Buffer; name: string | null }[];
    return rows.map((r) => ({
      clipId: r.clip_id, clipName: r.name ?? `clip ${r.clip_id} (deleted)`, label: r.label, predicted: r.predicted,
      confidence: blobToProbs(r.probs)[r.predicted] ?? 0, correct: r.label === r.predicted,
    }));
  }

  /** Every prediction of an evaluation with its probabilities and video key, by clip id. */
  storedPredictions(evaluationId: number): StoredPrediction[] {
    const rows = this.db.prepare(`SELECT p.clip_id, p.label, p.predicted, p.probs, ${VIDEO_KEY_SQL} AS video FROM predictions p
      LEFT JOIN clips c ON c.id = p.clip_id WHERE p.evaluation_id = ? ORDER BY p.clip_id`)
      .all(evaluationId) as { clip_id: number; label: number; predicted: number; probs: Buffer; video: string }[];
    return rows.map((r) => ({ clipId: r.clip_id, label: r.label, predicted: r.predicted, probs: blobToProbs(r.probs), video: r.video }));
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM evaluations WHERE id = ?').run(id);
  }
}
