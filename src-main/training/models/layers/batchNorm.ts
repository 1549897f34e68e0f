/**
 * The one batch-normalisation layer of every model family: over the last (channel) axis for
 * inputs of any rank (tf.layers' own is limited to rank <= 4, so 3D CNNs could not use it, and
 * crashes in training without gamma), with Keras 2 semantics for frozen layers: when `trainable`
 * is false the layer always normalises with its moving statistics and never updates them, so a
 * frozen backbone keeps its weights bit-for-bit and computes the same features in training as in
 * inference. Weights and their order match Keras' ([gamma], beta, moving_mean, moving_variance),
 * so imported weights load by name and by position; `scale: false` drops gamma as Keras'
 * InceptionV3 does. x: [B, ..., C] -> same shape.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormTraining } from './batchNormOp.js';

/** Options of MwbBatchNorm (Keras names). */
export interface BatchNormArgs {
  name?: string;
  /** False for a frozen layer (kept when a saved model is loaded back). */
  trainable?: boolean;
  /** Weight of the old moving statistics per training step: 0.9 like PyTorch by default; Keras backbones use 0.99. */
  momentum?: number;
  epsilon?: number;
  /** Whether the layer has a learned scale gamma (Keras InceptionV3: false). */
  scale?: boolean;
}

/** BN over the channel axis that runs in inference mode whenever the layer is frozen. */
export class MwbBatchNorm extends tf.layers.Layer {
  /** Serialisation name (registered below). */
  static readonly className: string = 'MwbBatchNorm';
  private readonly momentum: number;
  private readonly epsilon: number;
  private readonly scale: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private movingMean: tf.LayerVariable | null = null;
  private movingVariance: tf.LayerVariable | null = null;

  constructor(args: BatchNormArgs = {}) {
    super({ name: args.name, trainable: args.trainable });
    this.momentum = args.momentum ?? 0.9;
    this.epsilon = args.epsilon ?? 1e-3;
    this.scale = args.scale ?? true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const c = [shape[shape.length - 1] as number];
    if (this.scale) this.gamma = this.addWeight('gamma', c, 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', c, 'float32', tf.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', c, 'float32', tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', c, 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const gamma = this.gamma ? this.gamma.read() : null;
      if (kwargs['training'] === true && this.trainable) {
        const { y, mean, variance } = batchNormTraining(x, gamma, this.beta!.read(), this.epsilon);
        this.updateMoving(mean, variance);
        return y;
      }
      let scale = tf.rsqrt(tf.add(this.movingVariance!.read(), this.epsilon));
      if (gamma) scale = tf.mul(scale, gamma);
      return tf.add(tf.mul(tf.sub(x, this.movingMean!.read()), scale), this.beta!.read());
    });
  }

  /** moving = momentum * moving + (1 - momentum) * batch (not part of the loss, so no gradient). */
  private updateMoving(mean: tf.Tensor, variance: tf.Tensor): void {
    const m = this.momentum;
    tf.tidy(() => {
      const blend = (v: tf.LayerVariable, batch: tf.Tensor): void => {
        v.write(tf.add(tf.mul(v.read(), m), tf.mul(batch, 1 - m)));
      };
      blend(this.movingMean!, mean);
      blend(this.movingVariance!, variance);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon, scale: this.scale };
  }
}

/**
 * The name backbone BN layers were saved under before the two BN layers were merged, so model
 * folders written then still load (their configs carry momentum and scale explicitly).
 */
class LegacyFrozenAwareBatchNorm extends MwbBatchNorm {
  static override readonly className: string = 'MwbFrozenAwareBatchNorm';
}

tf.serialization.registerClass(MwbBatchNorm);
tf.serialization.registerClass(LegacyFrozenAwareBatchNorm);

/** A new MwbBatchNorm layer named `name` (PyTorch-like momentum 0.9), for our own model families. */
export const batchNorm = (name: string): MwbBatchNorm => new MwbBatchNorm({ name });
