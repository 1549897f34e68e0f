/**
 * Saves and restores an optimiser's complete state (moments, accumulated betas, iteration count)
 * bit for bit, for checkpoints. tfjs's own getWeights/setWeights are missing for Adamax and
 * recompute Adam's accumulated betas with `pow` (not bit-identical), so this reads the known
 * state fields of tfjs's Adam, Adamax, Momentum and SGD optimisers directly.
 */
import * as tf from '@tensorflow/tfjs';

/** Scalar state variables (Adam: accBeta1/2; Adamax: accBeta1, iteration). */
const SCALARS = ['accBeta1', 'accBeta2', 'iteration'] as const;
/** Per-variable slot lists of `{originalName, variable}`. */
const LISTS = ['accumulatedFirstMoment', 'accumulatedSecondMoment', 'accumulatedWeightedInfNorm', 'accumulations'] as const;

/** One saved tensor: where it belongs and where its float32 values sit in the binary blob. */
export interface OptimizerStateEntry {
  field: string;
  /** Slot index in a list field; -1 for scalar fields. */
  index: number;
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/** The JSON half of a saved optimiser state; `data` is the binary half. */
export interface OptimizerStateMeta {
  className: string;
  iterations: number;
  entries: OptimizerStateEntry[];
}

type Slot = { originalName: string; variable: tf.Variable } | undefined;
type Fields = Record<string, unknown> & { iterations_?: number };

/** Reads the state of `opt` into a JSON description plus one float32 array. */
export function captureOptimizerState(opt: tf.Optimizer): { meta: OptimizerStateMeta; data: Float32Array } {
  const o = opt as unknown as Fields;
  const entries: OptimizerStateEntry[] = [];
  const parts: Float32Array[] = [];
  let offset = 0;
  const add = (field: string, index: number, name: string, t: tf.Tensor): void => {
    const v = t.dataSync() as Float32Array;
    entries.push({ field, index, name, shape: t.shape.slice(), offset, length: v.length });
    parts.push(Float32Array.from(v));
    offset += v.length;
  };
  for (const f of SCALARS) if (o[f] instanceof tf.Variable) add(f, -1, f, o[f] as tf.Variable);
  for (const f of LISTS) {
    const list = o[f] as Slot[] | undefined;
    if (!Array.isArray(list)) continue;
    list.forEach((s, i) => { if (s) add(f, i, s.originalName, s.variable); });
  }
  const data = new Float32Array(offset);
  let o2 = 0;
  for (const p of parts) { data.set(p, o2); o2 += p.length; }
  return { meta: { className: opt.getClassName(), iterations: o.iterations_ ?? 0, entries }, data };
}

/** Puts a captured state back into a freshly built optimiser of the same class and config. */
export function restoreOptimizerState(opt: tf.Optimizer, meta: OptimizerStateMeta, data: Float32Array): void {
  if (meta.className !== opt.getClassName()) {
    throw new Error(`The checkpoint holds ${meta.className} optimiser state but this run uses ${opt.getClassName()}: start a new run instead of resuming`);
  }
  const o = opt as unknown as Fields;
  for (const e of meta.entries) {
    const values = data.subarray(e.offset, e.offset + e.length);
    if (values.length !== e.length) throw new Error(`The checkpoint's optimiser state is truncated at ${e.name}`);
    if (e.index < 0) {
      tf.tidy(() => (o[e.field] as tf.Variable).assign(tf.tensor(values, e.shape)));
    } else {
      const list = (o[e.field] ??= []) as Slot[];
      list[e.index]?.variable.dispose();
      list[e.index] = { originalName: e.name, variable: tf.tidy(() => tf.tensor(values, e.shape).variable(false)) };
    }
  }
  o.iterations_ = meta.iterations;
}
