/**
 * The optimisation side of a run: builds the configured optimiser (Adam fused on wasm, Adamax,
 * SGD with momentum/Nesterov, fused on wasm), computes the learning rate of each epoch (linear warm-up, then
 * constant, step or cosine), and turns raw gradients into the update PyTorch would make
 * (global-norm clipping, then coupled L2 weight decay `g + wd * w`).
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig, TrainingConfig } from '../run/config.js';
import { GradientTransform } from '../backends/wasmKernels/sgdUpdate.js';
import { FusedAdamOptimizer } from '../optimizers/fusedAdam.js';
import { FusedMomentumOptimizer } from '../optimizers/fusedMomentum.js';

/** A fresh optimiser for the config, at its base learning rate. */
export function makeOptimizer(c: OptimizerConfig): tf.Optimizer {
  switch (c.type) {
    case 'adam': return new FusedAdamOptimizer(c.lr, c.beta1, c.beta2, c.epsilon);
    case 'adamax': return tf.train.adamax(c.lr, c.beta1, c.beta2, c.epsilon);
    case 'sgd': return c.momentum > 0 ? new FusedMomentumOptimizer(c.lr, c.momentum, c.nesterov) : tf.train.sgd(c.lr);
  }
}

/** Sets the learning rate used by the next updates (SGD keeps it as a tensor, the others as a field). */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const o = opt as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/**
 * Learning rate of `epoch` (0-based): linear warm-up over `warmupEpochs` (base * (e+1) / W), then
 * the schedule counted from the end of warm-up: constant; step (base * factor^floor(e / every));
 * cosine (minLr + (base - minLr) * (1 + cos(pi * e / remaining)) / 2).
 */
export function learningRateAt(t: TrainingConfig, epoch: number): number {
  const base = t.optimizer.lr;
  const w = t.warmupEpochs;
  if (epoch < w) return (base * (epoch + 1)) / w;
  const e = epoch - w;
  const s = t.schedule;
  if (s.kind === 'step') return base * s.factor ** Math.floor(e / s.everyEpochs);
  if (s.kind === 'cosine') {
    const span = Math.max(1, t.epochs - w);
    return s.minLr + ((base - s.minLr) * (1 + Math.cos((Math.PI * e) / span))) / 2;
  }
  return base;
}

/** Global L2 norm of a set of gradients (a scalar tensor). */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  // one square at a time: all of them at once are as large as the gradients
  const sums = grads.map((g) => tf.tidy(() => tf.sum(tf.square(g))));
  try {
    return tf.tidy(() => tf.sqrt(tf.addN(sums)) as tf.Scalar);
  } finally {
    tf.dispose(sums);
  }
}

/**
 * Clips gradients to `clipNorm` by global norm (scale = clipNorm / (norm + 1e-6) when the norm
 * exceeds it, as torch.nn.utils.clip_grad_norm_), then adds `weightDecay * w` to each (coupled
 * L2, as PyTorch's optimisers do). `grads` is keyed by variable name; returns the transformed
 * gradients and the norm before clipping. The caller disposes both maps and must not read
 * `grads` after: where the backend has a fused kernel (wasm) the result is written over the
 * input gradient's memory when nothing else shares it, instead of allocating twice the
 * gradient's size per variable.
 */
export function transformGradients(grads: tf.NamedTensorMap, opts: { clipNorm: number | null; weightDecay: number }): { grads: tf.NamedTensorMap; norm: number } {
  const names = Object.keys(grads);
  let norm = NaN;
  let scale: number | null = null;
  if (opts.clipNorm !== null && names.length) {
    const n = globalNorm(names.map((k) => grads[k]!));
    norm = n.dataSync()[0]!;
    n.dispose();
    if (norm > opts.clipNorm) scale = opts.clipNorm / (norm + 1e-6);
  }
  const out: tf.NamedTensorMap = {};
  const fused = (scale !== null || opts.weightDecay > 0) && tf.getKernel(GradientTransform, tf.getBackend()) !== undefined;
  for (const k of names) {
    const gradient = grads[k]!;
    if (fused && gradient.dtype === 'float32') {
      const value = tf.engine().registeredVariables[k]!;
      out[k] = tf.engine().runKernel(GradientTransform, { gradient, value }, { scale: scale ?? 1, weightDecay: opts.weightDecay, inPlace: true }) as tf.Tensor;
      continue;
    }
    out[k] = tf.tidy(() => {
      let g = grads[k]!;
      if (scale !== null) g = tf.mul(g, scale);
      if (opts.weightDecay > 0) g = tf.add(g, tf.mul(tf.engine().registeredVariables[k]!, opts.weightDecay));
      return g === grads[k] ? g.clone() : g;
    });
  }
  return { grads: out, norm };
}
