/**
 * Late fusion of two evaluated runs (`runs:fuse`): reads both runs' newest evaluations of a subset
 * (same split set, same classes), fuses their clip probabilities (mean, weighted mean or linear
 * SVM) and stores the result as a run of family 'late-fusion' (state 'done') with its own
 * evaluation, so fused results sit beside single streams in every comparison.
 *
 * SVM choice: the SVM is fitted on the two runs' validation predictions and applied to the
 * requested subset. When that subset is 'val' itself, it is fitted and reported on val (the
 * figure is then optimistic; the run's config records `fittedOn: 'val'` and `reportedOn: 'val'`).
 * A test fusion without val evaluations of both runs is refused rather than fitted on test.
 */
import { EvaluationsRepo, type StoredPrediction } from '../../db/repos/evaluationsRepo.js';
import { RunsRepo, type RunRow } from '../../db/repos/runsRepo.js';
import type { EvaluationMetrics, EvaluationSummary } from '../../ipc/contract.js';
import { runInWorker } from '../../jobs/workerHost.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { RunConfigInput } from '../run/config.js';
import { emitRunEvent } from '../run/runEvents.js';
import type { SvmFusionResult, SvmFusionTask } from './fuseWorker.js';
import { alignStreams, fuseStreams, type AlignedStreams, type FusionMethod } from './lateFusion.js';
import { argmax, scoreClips, type ClipPrediction } from './metrics.js';

/** Family id of fused runs (not a trainable family: such a run has no model of its own). */
export const LATE_FUSION_FAMILY = 'late-fusion';

/** What to fuse. */
export interface FuseRequest {
  runIds: [number, number];
  subset: 'val' | 'test';
  method: FusionMethod;
  weights?: [number, number];
  name?: string;
}

const refuse = (message: string): Error => Object.assign(new Error(message), { code: 'bad_input' });

const toClips = (rows: StoredPrediction[]): ClipPrediction[] => rows.map((p) => ({ clipId: p.clipId, label: p.label, video: p.video, probs: p.probs }));

/** Both runs' newest evaluations of `subset` on one split set, aligned clip by clip. */
function streamsOf(ws: Workspace, rows: [RunRow, RunRow], subset: string, splitSetId: number | null, evals: EvaluationsRepo): { streams: AlignedStreams; evals: [EvaluationSummary, EvaluationSummary]; splitSetId: number | null } {
  const [a, b] = rows;
  const ea = evals.latest(a.id, subset, splitSetId);
  if (!ea) throw refuse(`Run ${a.id} "${a.name}" has no evaluation on the ${subset} subset${splitSetId ? ` of split set ${splitSetId}` : ''}: evaluate it first (mwb eval --run ${a.id} --subset ${subset})`);
  const eb = evals.latest(b.id, subset, ea.splitSetId);
  if (!eb) throw refuse(`Run ${b.id} "${b.name}" has no evaluation on the ${subset} subset of split set ${ea.splitSetId ?? '(deleted)'}, which run ${a.id} was evaluated on: evaluate it there first`);
  if (JSON.stringify(ea.metrics.labels) !== JSON.stringify(eb.metrics.labels)) {
    throw refuse(`Runs ${a.id} and ${b.id} predict different classes (${ea.metrics.labels.join(', ')} vs ${eb.metrics.labels.join(', ')}): fuse runs trained on the same classes`);
  }
  const streams = alignStreams(toClips(evals.storedPredictions(ea.id)), toClips(evals.storedPredictions(eb.id)), [`run ${a.id}`, `run ${b.id}`]);
  return { streams, evals: [ea, eb], splitSetId: ea.splitSetId };
}

/**
 * Fuses two runs and stores the fused run and its evaluation; returns their ids. The SVM is
 * fitted in a worker thread (fuseWorker.ts); the means are cheap enough to compute here.
 */
export async function fuseRuns(ws: Workspace, req: FuseRequest): Promise<{ runId: number; evaluationId: number }> {
  const [ida, idb] = req.runIds;
  if (ida === idb) throw refuse('Choose two different runs to fuse');
  const runs = new RunsRepo(ws.db, ws.path);
  const evals = new EvaluationsRepo(ws.db);
  const rows: [RunRow, RunRow] = [runs.mustGet(ida), runs.mustGet(idb)];
  const target = streamsOf(ws, rows, req.subset, null, evals);
  if (target.splitSetId == null) throw refuse(`The split set run ${ida} was evaluated on was deleted: evaluate both runs on an existing split set`);
  let fused: SvmFusionResult;
  if (req.method === 'svm') {
    const fit = req.subset === 'val' ? target.streams : streamsOfVal(ws, rows, target.splitSetId, evals);
    fused = await runInWorker<SvmFusionTask, SvmFusionResult>('training/eval/fuseWorker.ts', { fit, target: target.streams });
  } else {
    fused = fuseStreams({ method: req.method, target: target.streams, weights: req.weights });
  }
  const { clips, svm } = fused;
  const [ea, eb] = target.evals;
  const labels = ea.metrics.labels;
  const ma = ea.metrics, mb = eb.metrics;
  const metrics: EvaluationMetrics = {
    ...scoreClips(clips, labels), subset: req.subset, checkpoint: ma.checkpoint,
    params: ma.params + mb.params, sizeBytes: ma.sizeBytes + mb.sizeBytes,
    // Both streams run for every clip: their input preparation and forward passes add up.
    latencyMs: {
      preprocess: ma.latencyMs.preprocess + mb.latencyMs.preprocess, forward: ma.latencyMs.forward + mb.latencyMs.forward,
      total: ma.latencyMs.total + mb.latencyMs.total, clips: Math.min(ma.latencyMs.clips, mb.latencyMs.clips),
    },
    backend: ma.backend,
  };
  const configs = [runs.config(ida), runs.config(idb)];
  const config: RunConfigInput = {
    name: req.name ?? `Late fusion (${req.method}) of ${rows[0].name} + ${rows[1].name}`,
    data: { splitSetId: target.splitSetId },
    inputs: [...configs[0]!.inputs, ...configs[1]!.inputs],
    model: { family: LATE_FUSION_FAMILY, config: {
      runIds: [ida, idb], method: req.method, weights: req.method === 'weighted' ? (req.weights ?? [1, 1]) : null,
      evaluationIds: [ea.id, eb.id], reportedOn: req.subset, fittedOn: svm ? 'val' : null, svm,
    } },
    training: { epochs: 1 },
  };
  const evaluationId = ws.db.transaction(() => {
    const runId = runs.createDerived(config, 'done', target.splitSetId);
    runs.setLabels(runId, labels);
    runs.setResult(runId, { params: metrics.params, sizeBytes: metrics.sizeBytes });
    return { runId, evaluationId: evals.create({
      runId, jobId: null, splitSetId: target.splitSetId, subset: req.subset, checkpoint: metrics.checkpoint, metrics,
      predictions: clips.map((c) => ({ clipId: c.clipId, label: c.label, predicted: argmax(c.probs), probs: c.probs })),
    }) };
  })();
  emitRunEvent(ws, 'runs:changed', { runId: evaluationId.runId });
  return evaluationId;
}

/** The validation predictions of both runs on `splitSetId`, for fitting the SVM. */
function streamsOfVal(ws: Workspace, rows: [RunRow, RunRow], splitSetId: number, evals: EvaluationsRepo): AlignedStreams {
  try {
    return streamsOf(ws, rows, 'val', splitSetId, evals).streams;
  } catch (err) {
    throw refuse(`SVM fusion is fitted on the validation subset: ${(err as Error).message}`);
  }
}
