/**
 * Messages between the job that owns a run (parent: SQLite, caches, progress) and the training
 * process (child: tfjs, reads only the run folder and the manifest's files). The child never
 * touches the database, so a crash there cannot damage it.
 */
import type { RunConfig } from '../run/config.js';

/** Parent -> child. */
export type ToTrainer =
  | { type: 'train'; runDir: string; config: RunConfig; resume: boolean; teacherDir: string | null; initDirs: Record<number, string> }
  | { type: 'evaluate'; runDir: string; config: RunConfig; checkpoint: 'best' | 'last'; subset: 'train' | 'val' | 'test'; manifestPath: string }
  | { type: 'cancel' };

/** One epoch's summary. */
export interface EpochSummary {
  epoch: number;
  lr: number;
  train: { loss: number; acc: number };
  val: { loss: number; acc: number } | null;
  /** This epoch's weights became the best checkpoint. */
  best: boolean;
  seconds: number;
}

/** Child -> parent. */
export type FromTrainer =
  | { type: 'backend'; record: Record<string, unknown> }
  | { type: 'iter'; epoch: number; iter: number; iters: number; loss: number; lr: number; dataMs: number; stepMs: number }
  | { type: 'epoch'; summary: EpochSummary }
  | { type: 'checkpoint'; epoch: number }
  | { type: 'done'; epochs: number; bestEpoch: number | null; bestMetric: number | null; params: number; sizeBytes: number; stoppedEarly: boolean }
  | { type: 'evaluated'; result: unknown }
  /**
   * The run stopped on a cancel message, between two batches (its last checkpoint stays);
   * `itersAfterCancel`: iterations that finished after the message arrived (0 or 1).
   */
  | { type: 'cancelled'; itersAfterCancel?: number }
  | { type: 'error'; message: string; stack?: string };
