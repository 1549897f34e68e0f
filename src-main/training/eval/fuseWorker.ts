/**
 * Worker-thread entry of SVM late fusion (fuseRuns.ts, through jobs/workerHost.ts `runInWorker`):
 * fitting the one-vs-rest SVM makes many passes over every validation clip, which must not stall
 * the main process while it serves the UI. The fit is seeded, so the result is the same as
 * fitting in-process.
 */
import { fuseStreams, type AlignedStreams } from './lateFusion.js';
import type { LinearSvmModel } from './linearSvm.js';
import type { ClipPrediction } from './metrics.js';

/** The two runs' aligned validation predictions to fit on, and the subset's to apply the SVM to. */
export interface SvmFusionTask {
  fit: AlignedStreams;
  target: AlignedStreams;
}

/** The fused predictions of `target` and the fitted SVM (plain data, recorded with the fused run). */
export interface SvmFusionResult {
  clips: ClipPrediction[];
  svm: LinearSvmModel | null;
}

/** Fits the SVM on `task.fit` and applies it to `task.target`. */
export function work(task: SvmFusionTask): SvmFusionResult {
  return fuseStreams({ method: 'svm', fit: task.fit, target: task.target });
}
