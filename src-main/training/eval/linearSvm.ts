/**
 * A small one-vs-rest linear SVM for S004's late fusion (a linear SVM on the two streams' softmax
 * scores). Written here because no well-kept JavaScript SVM package exists (the npm ones are
 * unmaintained libsvm ports with native or emscripten builds); the feature count is tiny (2C), so
 * dual coordinate descent (Hsieh et al., ICML 2008: L1-loss, bias as a constant feature) is exact
 * enough and fast. Scores become probabilities by a softmax with one temperature fitted on the
 * training scores (Platt-like calibration), so outputs are valid probability vectors.
 */
import { mulberry32 } from '../../media/sampling/rng.js';

/** Trained one-vs-rest weights and the calibration temperature; plain data (JSON-safe). */
export interface LinearSvmModel {
  classes: number;
  features: number;
  /** Per class: `features` weights followed by the bias. */
  weights: number[][];
  /** Scores are multiplied by this before the softmax. */
  temperature: number;
  C: number;
}

/** Options of `fitLinearSvm`. */
export interface SvmOptions {
  /** Soft-margin cost; larger fits the training set harder. */
  C?: number;
  /** Passes over the data at most. */
  maxEpochs?: number;
  /** Stop when the projected-gradient spread falls below this. */
  tolerance?: number;
  seed?: number;
}

/** Binary L1-loss SVM by dual coordinate descent; x rows [N x D], y in {-1, +1}; returns D+1 weights (bias last). */
function fitBinary(x: readonly Float64Array[], y: Int8Array, C: number, maxEpochs: number, tol: number, rand: () => number): number[] {
  const n = x.length;
  const d = x[0]!.length;
  const w = new Float64Array(d + 1);
  const alpha = new Float64Array(n);
  const qii = x.map((r) => r.reduce((s, v) => s + v * v, 0) + 1);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let maxPg = -Infinity;
    let minPg = Infinity;
    for (const i of order) {
      const xi = x[i]!;
      let dot = w[d]!;
      for (let k = 0; k < d; k++) dot += w[k]! * xi[k]!;
      const g = y[i]! * dot - 1;
      const pg = alpha[i] === 0 ? Math.min(g, 0) : alpha[i] === C ? Math.max(g, 0) : g;
      maxPg = Math.max(maxPg, pg);
      minPg = Math.min(minPg, pg);
      if (Math.abs(pg) < 1e-12) continue;
      const old = alpha[i]!;
      alpha[i] = Math.min(Math.max(old - g / qii[i]!, 0), C);
      const delta = (alpha[i]! - old) * y[i]!;
      for (let k = 0; k < d; k++) w[k]! += delta * xi[k]!;
      w[d]! += delta;
    }
    if (maxPg - minPg < tol) break;
  }
  return Array.from(w);
}

/** Raw one-vs-rest decision values of one sample, length `classes`. */
export function svmScores(model: LinearSvmModel, x: ArrayLike<number>): Float64Array {
  if (x.length !== model.features) throw new Error(`The SVM expects ${model.features} features, got ${x.length}`);
  return Float64Array.from(model.weights, (w) => {
    let s = w[model.features]!;
    for (let k = 0; k < model.features; k++) s += w[k]! * x[k]!;
    return s;
  });
}

/** Softmax of `scores * t` as float32 (sums to 1). */
function softmaxScaled(scores: Float64Array, t: number): Float32Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s * t);
  const e = Float64Array.from(scores, (s) => Math.exp(s * t - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return Float32Array.from(e, (v) => v / sum);
}

/** Mean negative log-likelihood of labels under softmax(scores * t). */
function nll(scores: readonly Float64Array[], y: readonly number[], t: number): number {
  let s = 0;
  for (let i = 0; i < scores.length; i++) s -= Math.log(Math.max(softmaxScaled(scores[i]!, t)[y[i]!]!, 1e-12));
  return s / scores.length;
}

/** Temperature minimising the NLL: a log-spaced grid, then golden-section search around the best point. */
function fitTemperature(scores: readonly Float64Array[], y: readonly number[]): number {
  const grid = Array.from({ length: 41 }, (_, i) => 10 ** (-2 + i * 0.1)); // 0.01 .. 100
  let best = 0;
  const losses = grid.map((t) => nll(scores, y, t));
  for (let i = 1; i < grid.length; i++) if (losses[i]! < losses[best]!) best = i;
  let lo = Math.log(grid[Math.max(0, best - 1)]!);
  let hi = Math.log(grid[Math.min(grid.length - 1, best + 1)]!);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 30; it++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (nll(scores, y, Math.exp(a)) <= nll(scores, y, Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

/** Fits one binary SVM per class (class vs rest) on rows `x` [N x D] with labels in 0..classes-1, then the temperature. */
export function fitLinearSvm(x: readonly ArrayLike<number>[], y: readonly number[], classes: number, opts: SvmOptions = {}): LinearSvmModel {
  if (x.length === 0) throw new Error('The SVM needs at least one training sample');
  if (x.length !== y.length) throw new Error(`The SVM got ${x.length} samples but ${y.length} labels`);
  const C = opts.C ?? 1;
  const rows = x.map((r) => Float64Array.from(r as ArrayLike<number>));
  const rand = mulberry32(opts.seed ?? 1);
  const weights: number[][] = [];
  for (let c = 0; c < classes; c++) {
    const yc = Int8Array.from(y, (l) => (l === c ? 1 : -1));
    weights.push(fitBinary(rows, yc, C, opts.maxEpochs ?? 1000, opts.tolerance ?? 1e-4, rand));
  }
  const model: LinearSvmModel = { classes, features: rows[0]!.length, weights, temperature: 1, C };
  model.temperature = fitTemperature(rows.map((r) => svmScores(model, r)), y);
  return model;
}

/** Calibrated class probabilities of one sample (length `classes`, sums to 1). */
export function svmProbabilities(model: LinearSvmModel, x: ArrayLike<number>): Float32Array {
  return softmaxScaled(svmScores(model, x), model.temperature);
}
