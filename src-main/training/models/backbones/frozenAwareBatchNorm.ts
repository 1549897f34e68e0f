/**
 * Batch normalisation for 2D backbones with Keras 2 semantics for frozen layers: when
 * `trainable` is false it normalises with its moving statistics and never updates them, even
 * in a training step (tfjs's own layer updates them whenever `training` is true), so a frozen
 * backbone keeps its weights bit-for-bit. Unlike layers/batchNorm.ts (MwbBatchNorm) it has
 * `scale: false` (no gamma), which Keras' InceptionV3 uses (tfjs's own layer crashes in
 * training without gamma), and Keras' default momentum 0.99, so weight lists match Keras layer
 * by layer: [gamma], beta, moving_mean, moving_variance. x: [B, ..., C], channel axis last.
 */
import * as tf from '@tensorflow/tfjs';

/** Options (Keras names and defaults). */
export interface FrozenAwareBatchNormArgs {
  name?: string;
  /** Weight of the old moving statistics per training step (Keras: 0.99). */
  momentum?: number;
  epsilon?: number;
  /** Whether the layer has a learned scale gamma (Keras InceptionV3: false). */
  scale?: boolean;
  /** Restored from a saved model's config (a frozen layer stays frozen after loading). */
  trainable?: boolean;
}

/** BN over the channel axis that runs in inference mode whenever the layer is frozen. */
export class FrozenAwareBatchNorm extends tf.layers.Layer {
  /** Serialisation name (registered below). */
  static readonly className = 'MwbFrozenAwareBatchNorm';
  private readonly momentum: number;
  private readonly epsilon: number;
  private readonly scale: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private movingMean: tf.LayerVariable | null = null;
  private movingVariance: tf.LayerVariable | null = null;

  constructor(args: FrozenAwareBatchNormArgs = {}) {
    super({ name: args.name, trainable: args.trainable });
    this.momentum = args.momentum ?? 0.99;
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
      let mean: tf.Tensor, variance: tf.Tensor;
      if (kwargs['training'] === true && this.trainable) {
        ({ mean, variance } = tf.moments(x, [...Array(x.rank - 1).keys()]));
        this.updateMoving(mean, variance);
      } else {
        mean = this.movingMean!.read();
        variance = this.movingVariance!.read();
      }
      let scale = tf.rsqrt(tf.add(variance, this.epsilon));
      if (this.gamma) scale = tf.mul(scale, this.gamma.read());
      return tf.add(tf.mul(tf.sub(x, mean), scale), this.beta!.read());
    });
  }

  /** moving = momentum * moving + (1 - momentum) * batch (outside the loss: no gradient). */
  private updateMoving(mean: tf.Tensor, variance: tf.Tensor): void {
    const m = this.momentum;
    tf.tidy(() => {
      this.movingMean!.write(tf.add(tf.mul(this.movingMean!.read(), m), tf.mul(mean, 1 - m)));
      this.movingVariance!.write(tf.add(tf.mul(this.movingVariance!.read(), m), tf.mul(variance, 1 - m)));
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon, scale: this.scale };
  }
}

tf.serialization.registerClass(FrozenAwareBatchNorm);
