/**
 * Late fusion of two streams' clip probabilities (S004 two-stream: spatial + temporal): the mean
 * of the softmax scores, a weighted mean, or a linear SVM trained on the concatenated scores.
 * Pure: inputs are per-clip predictions of two evaluations; the output is one more set of
 * per-clip probability vectors, scored like any evaluation.
 */
import type { ClipPrediction } from './metrics.js';
import { fitLinearSvm, svmProbabilities, type LinearSvmModel } from './linearSvm.js';

/** How two streams are combined. */
export type FusionMethod = 'mean' | 'weighted' | 'svm';

/** Two streams' predictions for the same clips, in the same order. */
export interface AlignedStreams {
  a: ClipPrediction[];
  b: ClipPrediction[];
}

/**
 * Keeps the clips both streams predicted, in `a`'s order. The streams must score the same classes
 * in the same order; a clip whose label differs between them means the runs used different label
 * lists, which is refused.
 */
export function alignStreams(a: readonly ClipPrediction[], b: readonly ClipPrediction[], names: [string, string] = ['stream A', 'stream B']): AlignedStreams {
  const byId = new Map(b.map((p) => [p.clipId, p]));
  const out: AlignedStreams = { a: [], b: [] };
  for (const pa of a) {
    const pb = byId.get(pa.clipId);
    if (!pb) continue;
    if (pa.probs.length !== pb.probs.length) {
      throw new Error(`${names[0]} scores ${pa.probs.length} classes but ${names[1]} scores ${pb.probs.length}: fuse runs trained on the same classes`);
    }
    if (pa.label !== pb.label) {
      throw new Error(`Clip ${pa.clipId} has label ${pa.label} in ${names[0]} but ${pb.label} in ${names[1]}: the runs order their classes differently`);
    }
    out.a.push(pa);
    out.b.push(pb);
  }
  if (!out.a.length) throw new Error(`${names[0]} and ${names[1]} have no evaluated clip in common: evaluate both on the same subset of the same split set`);
  return out;
}

/** Weighted mean of the two streams' probabilities; weights are normalised to sum 1. */
export function fuseWeighted(s: AlignedStreams, weights: [number, number] = [1, 1]): ClipPrediction[] {
  const [wa, wb] = weights;
  if (!(wa >= 0 && wb >= 0) || wa + wb <= 0) throw new Error(`Fusion weights must be non-negative and not both zero (got ${wa}, ${wb})`);
  const na = wa / (wa + wb);
  const nb = wb / (wa + wb);
  return s.a.map((pa, i) => {
    const pb = s.b[i]!;
    const probs = Float32Array.from(pa.probs, (v, c) => na * v + nb * pb.probs[c]!);
    return { ...pa, probs: normalise(probs) };
  });
}

/** Row features for the SVM: [probs A, probs B]. */
export function concatScores(s: AlignedStreams): Float32Array[] {
  return s.a.map((pa, i) => {
    const x = new Float32Array(pa.probs.length * 2);
    x.set(pa.probs, 0);
    x.set(s.b[i]!.probs, pa.probs.length);
    return x;
  });
}

/** Fits the fusion SVM on `fit` (the validation clips of both runs). */
export function fitFusionSvm(fit: AlignedStreams, opts: { C?: number; seed?: number } = {}): LinearSvmModel {
  const classes = fit.a[0]!.probs.length;
  return fitLinearSvm(concatScores(fit), fit.a.map((p) => p.label), classes, { C: opts.C ?? 1, seed: opts.seed ?? 1 });
}

/** Applies a fitted fusion SVM to `target`, giving calibrated probabilities per clip. */
export function fuseSvm(model: LinearSvmModel, target: AlignedStreams): ClipPrediction[] {
  return concatScores(target).map((x, i) => ({ ...target.a[i]!, probs: normalise(svmProbabilities(model, x)) }));
}

/**
 * One fusion: `mean`/`weighted` combine `target` directly; `svm` is fitted on `fit` (required) and
 * applied to `target`. Returns the fused predictions and, for the SVM, its model (to record).
 */
export function fuseStreams(opts: { method: FusionMethod; target: AlignedStreams; fit?: AlignedStreams; weights?: [number, number] }): { clips: ClipPrediction[]; svm: LinearSvmModel | null } {
  if (opts.method === 'mean') return { clips: fuseWeighted(opts.target, [1, 1]), svm: null };
  if (opts.method === 'weighted') return { clips: fuseWeighted(opts.target, opts.weights ?? [1, 1]), svm: null };
  if (!opts.fit) throw new Error('SVM fusion needs validation predictions of both runs to fit on');
  const svm = fitFusionSvm(opts.fit);
  return { clips: fuseSvm(svm, opts.target), svm };
}

/** Rescales to sum exactly 1 in float32 terms and clamps rounding noise into [0, 1]. */
function normalise(p: Float32Array): Float32Array {
  let sum = 0;
  for (const v of p) sum += Math.max(0, v);
  return Float32Array.from(p, (v) => Math.min(1, Math.max(0, v) / sum));
}
