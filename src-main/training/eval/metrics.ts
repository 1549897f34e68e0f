/**
 * Evaluation metrics from class probabilities, pure and synchronous so the child process, the
 * late-fusion handler and tests compute them the same way. Views (frames, stacks) are averaged
 * into clip probabilities; clips into video probabilities.
 */
import { readFileSync } from 'node:fs';
import type { EvaluationMetrics } from '../../ipc/contract.js';

/** One clip's averaged class probabilities with its truth. */
export interface ClipPrediction {
  clipId: number;
  /** Index into the label list. */
  label: number;
  /** Video-level key (clips of one video or group share it). */
  video: string;
  /** Length C, sums to 1. */
  probs: Float32Array;
}

/** What `scoreClips` measures: EvaluationMetrics without the run-level fields the job fills. */
export type ClipScores = Pick<EvaluationMetrics, 'clips' | 'top1' | 'top5' | 'videoAccuracy' | 'videos' | 'loss' | 'perClass' | 'confusion' | 'labels'>;

/** Smallest probability used in the log of the cross-entropy (keeps a confident miss finite). */
export const LOG_EPS = 1e-7;

/** Index of the largest value (the first one on ties). */
export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return best;
}

/**
 * Rank of class `label` in `p`, 0 = top: classes with a higher probability, plus tied ones with a
 * lower index (the same tie rule as `argmax`, so rank 0 <=> argmax === label).
 */
export function rankOf(p: ArrayLike<number>, label: number): number {
  const v = p[label]!;
  let rank = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > v || (p[i] === v && i < label)) rank++;
  return rank;
}

/** Row-wise softmax of logits [N x C] (numerically stable); returns a new array. */
export function softmaxRows(logits: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / classes; r++) {
    const o = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[o + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += (out[o + c] = Math.exp(logits[o + c]! - max));
    for (let c = 0; c < classes; c++) out[o + c]! /= sum;
  }
  return out;
}

/**
 * Averages view probabilities into clip probabilities. `probs` is [N views x C], row i belonging to
 * clip `viewClipIds[i]`; every clip of `refs` must have at least one view. Order follows `refs`.
 */
export function clipProbabilities(
  probs: Float32Array, viewClipIds: ArrayLike<number>, classes: number,
  refs: readonly { clipId: number; label: number; video: string }[],
): ClipPrediction[] {
  if (probs.length !== viewClipIds.length * classes) {
    throw new Error(`Probabilities hold ${probs.length} values, expected ${viewClipIds.length} views x ${classes} classes`);
  }
  const sums = new Map<number, { sum: Float64Array; n: number }>();
  for (let i = 0; i < viewClipIds.length; i++) {
    const id = viewClipIds[i]!;
    let s = sums.get(id);
    if (!s) sums.set(id, (s = { sum: new Float64Array(classes), n: 0 }));
    for (let c = 0; c < classes; c++) s.sum[c]! += probs[i * classes + c]!;
    s.n++;
  }
  return refs.map((r) => {
    const s = sums.get(r.clipId);
    if (!s) throw new Error(`Clip ${r.clipId} has no evaluated views`);
    return { clipId: r.clipId, label: r.label, video: r.video, probs: Float32Array.from(s.sum, (v) => v / s.n) };
  });
}

/**
 * Clip- and video-level metrics of `clips` over `labels` (C names). Top-k uses k = min(5, C).
 * Video level groups clips by (video, label), so a long video trimmed into clips of several
 * classes counts once per class it holds; its prediction is the argmax of the mean clip probabilities.
 */
export function scoreClips(clips: readonly ClipPrediction[], labels: readonly string[]): ClipScores {
  const C = labels.length;
  const k = Math.min(5, C);
  const confusion = labels.map(() => new Array<number>(C).fill(0));
  const correct = new Array<number>(C).fill(0);
  const total = new Array<number>(C).fill(0);
  let top1 = 0;
  let top5 = 0;
  let loss = 0;
  const videos = new Map<string, { sum: Float64Array; label: number }>();
  for (const clip of clips) {
    if (clip.probs.length !== C) throw new Error(`Clip ${clip.clipId} has ${clip.probs.length} probabilities for ${C} classes`);
    if (clip.label < 0 || clip.label >= C) throw new Error(`Clip ${clip.clipId} has label ${clip.label}, outside the ${C} classes`);
    const pred = argmax(clip.probs);
    confusion[clip.label]![pred]!++;
    total[clip.label]!++;
    if (pred === clip.label) {
      top1++;
      correct[clip.label]!++;
    }
    if (rankOf(clip.probs, clip.label) < k) top5++;
    loss -= Math.log(Math.max(clip.probs[clip.label]!, LOG_EPS));
    const key = `${clip.video}\u0000${clip.label}`;
    let v = videos.get(key);
    if (!v) videos.set(key, (v = { sum: new Float64Array(C), label: clip.label }));
    for (let c = 0; c < C; c++) v.sum[c]! += clip.probs[c]!;
  }
  let videoCorrect = 0;
  for (const v of videos.values()) if (argmax(v.sum) === v.label) videoCorrect++;
  const n = clips.length;
  return {
    clips: n,
    top1: n ? top1 / n : 0,
    top5: n ? top5 / n : 0,
    videoAccuracy: videos.size ? videoCorrect / videos.size : 0,
    videos: videos.size,
    loss: n ? loss / n : 0,
    perClass: labels.map((name, label) => ({
      label, name, correct: correct[label]!, total: total[label]!, accuracy: total[label]! ? correct[label]! / total[label]! : 0,
    })),
    confusion,
    labels: [...labels],
  };
}

/** Float32 class probabilities as the little-endian BLOB stored in `predictions.probs`. */
export function probsToBlob(probs: Float32Array): Buffer {
  const buf = Buffer.alloc(probs.length * 4);
  for (let i = 0; i < probs.length; i++) buf.writeFloatLE(probs[i]!, i * 4);
  return buf;
}

/** The inverse of `probsToBlob`. */
export function blobToProbs(blob: Uint8Array): Float32Array {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

/** Reads a raw float32 file (the per-view probabilities a child evaluation writes). */
export function readProbs(file: string): Float32Array {
  const b = readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}
