import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../connection.js';
import type { RunMetricsSeries, RunState, RunSummary } from '../../ipc/contract.js';
import { parseRunConfig, type RunConfig } from '../../training/run/config.js';

/** A run row as stored (config, labels and backend are JSON text). */
export interface RunRow {
  id: number; name: string; recipe: string | null; config: string; family: string; state: RunState;
  job_id: number | null; split_set_id: number | null; split_hash: string | null; labels: string | null;
  backend: string | null; dir: string; epochs_done: number; best_epoch: number | null; best_metric: number | null;
  params: number | null; size_bytes: number | null; error: string | null; notes: string;
  created_at: string; started_at: string | null; finished_at: string | null;
}

/** One metric value: per iteration (phase 'iter', with `iter`) or per epoch (phase 'train'/'val'). */
export interface MetricPoint {
  epoch: number;
  iter: number | null;
  phase: 'iter' | 'train' | 'val';
  name: string;
  value: number;
}

/** States in which a run's folder is being written by a job. */
export const ACTIVE_RUN_STATES: readonly RunState[] = ['queued', 'preparing', 'training'];

const now = (): string => new Date().toISOString();

/** Summary of a row; `latestEval` is filled by the caller that reads evaluations. */
export function runSummaryOf(r: RunRow, latestEval: RunSummary['latestEval'] = null): RunSummary {
  const config = JSON.parse(r.config) as RunConfig;
  const backend = r.backend ? (JSON.parse(r.backend) as { label?: string; rung?: string }) : null;
  return {
    id: r.id, name: r.name, recipe: r.recipe, family: r.family, state: r.state, jobId: r.job_id, splitSetId: r.split_set_id,
    epochsDone: r.epochs_done, epochs: config.training.epochs, bestEpoch: r.best_epoch, bestMetric: r.best_metric,
    bestMetricName: config.training.bestMetric, params: r.params, sizeBytes: r.size_bytes,
    backend: backend ? (backend.label ?? backend.rung ?? null) : null, error: r.error, notes: r.notes,
    createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at, latestEval,
  };
}

/**
 * Training runs: the validated config each was started with, its lifecycle state, what it
 * trained on (labels, backend), where it got to (epochs, best checkpoint) and its curves
 * (`run_metrics`). The run's files live in `runs/<id>/` of the workspace.
 */
export class RunsRepo {
  constructor(private readonly db: Db, private readonly workspaceDir: string) {}

  /** Validates `raw` and stores a queued run; `splitHash` is the split set's content hash now. */
  create(raw: unknown, splitHash: string | null): number {
    const config = parseRunConfig(raw);
    return this.db.transaction(() => {
      const info = this.db.prepare(`INSERT INTO runs (name, recipe, config, family, split_set_id, split_hash, dir)
        VALUES (?, ?, ?, ?, ?, ?, '')`).run(config.name, config.recipe, JSON.stringify(config), config.model.family, config.data.splitSetId, splitHash);
      const id = Number(info.lastInsertRowid);
      this.db.prepare('UPDATE runs SET dir = ? WHERE id = ?').run(join('runs', String(id)), id);
      return id;
    })();
  }

  /**
   * Stores a run that does not train (an imported model: 'imported'; a late fusion: 'done'); its
   * split set is `splitSetId` (null for imports: the config's id belongs to another workspace).
   */
  createDerived(raw: unknown, state: 'imported' | 'done', splitSetId: number | null): number {
    const config = parseRunConfig(raw);
    return this.db.transaction(() => {
      const info = this.db.prepare(`INSERT INTO runs (name, recipe, config, family, state, split_set_id, dir, finished_at)
        VALUES (?, ?, ?, ?, ?, ?, '', ?)`).run(config.name, config.recipe, JSON.stringify(config), config.model.family, state, splitSetId, now());
      const id = Number(info.lastInsertRowid);
      this.db.prepare('UPDATE runs SET dir = ? WHERE id = ?').run(join('runs', String(id)), id);
      return id;
    })();
  }

  get(id: number): RunRow | null {
    return (this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined) ?? null;
  }

  /** The run or an error naming it. */
  mustGet(id: number): RunRow {
    const r = this.get(id);
    if (!r) throw new Error(`No run ${id} in this workspace (mwb runs list shows the runs)`);
    return r;
  }

  /** The run's stored config, validated. */
  config(id: number): RunConfig {
    return parseRunConfig(JSON.parse(this.mustGet(id).config), `stored config of run ${id}`);
  }

  /** Absolute folder of a run. */
  dirOf(id: number): string {
    return join(this.workspaceDir, this.mustGet(id).dir);
  }

  /** Newest first. */
  list(): RunRow[] {
    return this.db.prepare('SELECT * FROM runs ORDER BY id DESC').all() as RunRow[];
  }

  /** Moves a run to `state`; starting stamps started_at (once), final states stamp finished_at. */
  setState(id: number, state: RunState, error: string | null = null): void {
    const final = ['done', 'failed', 'cancelled', 'interrupted'].includes(state);
    this.db.prepare(`UPDATE runs SET state = ?, error = ?,
      started_at = CASE WHEN ? AND started_at IS NULL THEN ? ELSE started_at END,
      finished_at = CASE WHEN ? THEN ? ELSE NULL END WHERE id = ?`)
      .run(state, error, state === 'preparing' ? 1 : 0, now(), final ? 1 : 0, now(), id);
  }

  /** Links a run to the job that trains it. */
  setJob(id: number, jobId: number): void {
    this.db.prepare('UPDATE runs SET job_id = ? WHERE id = ?').run(jobId, id);
  }

  /** Records what preparation decided: the class names in label order. */
  setLabels(id: number, labels: string[]): void {
    this.db.prepare('UPDATE runs SET labels = ? WHERE id = ?').run(JSON.stringify(labels), id);
  }

  /** Records the backend the run trains on (rung, device, threads, versions, label). */
  setBackend(id: number, record: Record<string, unknown>): void {
    this.db.prepare('UPDATE runs SET backend = ? WHERE id = ?').run(JSON.stringify(record), id);
  }

  /** Progress after an epoch: epochs done and the best checkpoint so far. */
  setProgress(id: number, p: { epochsDone: number; bestEpoch?: number | null; bestMetric?: number | null }): void {
    this.db.prepare(`UPDATE runs SET epochs_done = ?, best_epoch = COALESCE(?, best_epoch), best_metric = COALESCE(?, best_metric) WHERE id = ?`)
      .run(p.epochsDone, p.bestEpoch ?? null, p.bestMetric ?? null, id);
  }

  /** Final numbers of a finished run. */
  setResult(id: number, r: { params: number; sizeBytes: number }): void {
    this.db.prepare('UPDATE runs SET params = ?, size_bytes = ? WHERE id = ?').run(r.params, r.sizeBytes, id);
  }

  /** Name and notes from the UI. */
  update(id: number, patch: { name?: string; notes?: string }): void {
    this.mustGet(id);
    if (patch.name !== undefined) this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(patch.name, id);
    if (patch.notes !== undefined) this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(patch.notes, id);
  }

  /** Stores metric points in one transaction (the job buffers iterations and flushes in batches). */
  insertMetrics(runId: number, points: readonly MetricPoint[]): void {
    if (!points.length) return;
    const stmt = this.db.prepare('INSERT INTO run_metrics (run_id, epoch, iter, phase, name, value) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const p of points) stmt.run(runId, p.epoch, p.iter, p.phase, p.name, p.value);
    })();
  }

  /** Removes metrics of epochs after `epochsDone` (a resumed run repeats the epoch it was in). */
  trimMetrics(runId: number, epochsDone: number): void {
    this.db.prepare('DELETE FROM run_metrics WHERE run_id = ? AND epoch > ?').run(runId, epochsDone);
  }

  /** The run's curves: loss per iteration, and per epoch lr, train loss/acc, val loss/acc. */
  metricsSeries(runId: number): RunMetricsSeries {
    const iters = this.db.prepare(`SELECT epoch, iter, value AS loss FROM run_metrics
      WHERE run_id = ? AND phase = 'iter' AND name = 'loss' ORDER BY epoch, iter`).all(runId) as RunMetricsSeries['iters'];
    const rows = this.db.prepare(`SELECT epoch, phase, name, value FROM run_metrics
      WHERE run_id = ? AND phase IN ('train', 'val') ORDER BY epoch`).all(runId) as { epoch: number; phase: string; name: string; value: number }[];
    const byEpoch = new Map<number, RunMetricsSeries['epochs'][number]>();
    const key: Record<string, keyof RunMetricsSeries['epochs'][number]> = { 'train:lr': 'lr', 'train:loss': 'trainLoss', 'train:acc': 'trainAcc', 'val:loss': 'valLoss', 'val:acc': 'valAcc' };
    for (const r of rows) {
      const e = byEpoch.get(r.epoch) ?? { epoch: r.epoch, lr: null, trainLoss: null, trainAcc: null, valLoss: null, valAcc: null };
      const k = key[`${r.phase}:${r.name}`];
      if (k && k !== 'epoch') e[k] = r.value;
      byEpoch.set(r.epoch, e);
    }
    return { runId, iters, epochs: [...byEpoch.values()] };
  }

  /** Deletes a run, its metrics, evaluations and folder; refused while it is queued or training. */
  delete(id: number): void {
    const r = this.mustGet(id);
    if (ACTIVE_RUN_STATES.includes(r.state)) throw new Error(`Run ${id} (${r.name}) is ${r.state}: cancel it before deleting it`);
    this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    if (r.dir) rmSync(join(this.workspaceDir, r.dir), { recursive: true, force: true });
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n;
  }
}
