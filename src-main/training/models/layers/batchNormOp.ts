/**
 * Batch normalisation of a training step as one op: y = (x - mean) / sqrt(var + eps) * gamma + beta
 * with the batch's own mean and (biased) variance over every axis but the last. Backends that
 * register the fused kernels (wasm) run the forward pass in three passes over x and the backward
 * pass in two; elsewhere it is composed of tfjs ops, whose gradient tfjs derives (about twenty
 * element-wise passes), with the same result within float rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { BatchNormTrain, BatchNormTrainGrad } from '../../backends/wasmKernels/batchNormTrain.js';

/** Normalised x plus the batch statistics the moving averages blend in (mean, variance: [C]). */
export interface BatchNormResult { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor }

let gradientRegistered = false;

/**
 * Gradient of BatchNormTrain: dx, dgamma, dbeta from one BatchNormTrainGrad kernel call (inputs
 * x, gamma, the saved mean and variance, and dy of y; the statistics only feed the moving
 * averages, which are outside the loss, so their gradients are ignored).
 */
function registerGradientOnce(): void {
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient({
    kernelName: BatchNormTrain,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, gamma, mean, variance] = saved as tf.Tensor[];
      const dy = (Array.isArray(dys) ? dys[0] : dys) ?? tf.zerosLike(x!);
      // Computed now, not lazily: tfjs calls each input's gradient in its own tidy scope.
      const [dx, dgamma, dbeta] = tf.engine().runKernel(BatchNormTrainGrad,
        { dy, x: x!, gamma: gamma!, mean: mean!, variance: variance! }, attrs as never) as tf.Tensor[];
      return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
    },
  });
}

/** Whether the active backend has both fused kernels. */
const fused = (): boolean => {
  const b = tf.getBackend();
  return !!tf.getKernel(BatchNormTrain, b) && !!tf.getKernel(BatchNormTrainGrad, b);
};

/** The composed version (any backend): tf.moments, then scale and shift. */
function composed(x: tf.Tensor, gamma: tf.Tensor | null, beta: tf.Tensor, epsilon: number): BatchNormResult {
  const { mean, variance } = tf.moments(x, [...Array(x.rank - 1).keys()]);
  let scale = tf.rsqrt(tf.add(variance, epsilon));
  if (gamma) scale = tf.mul(scale, gamma);
  return { y: tf.add(tf.mul(tf.sub(x, mean), scale), beta), mean, variance };
}

/**
 * Training-mode BN of x [B, ..., C] (float32) over every axis but C; gamma (or null for no
 * scale) and beta [C]. Differentiable in x, gamma and beta; mean and variance are [C].
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor | null, beta: tf.Tensor, epsilon: number): BatchNormResult {
  if (!fused() || x.dtype !== 'float32' || x.size === 0) return composed(x, gamma, beta, epsilon);
  registerGradientOnce();
  // Without scale, gamma is a constant 1 whose gradient nobody reads.
  const g = gamma ?? tf.onesLike(beta);
  const [y, mean, variance] = tf.engine().runKernel(BatchNormTrain, { x, gamma: g, beta }, { epsilon } as never) as tf.Tensor[];
  return { y: y!, mean: mean!, variance: variance! };
}
