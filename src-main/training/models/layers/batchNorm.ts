/**
 * Batch normalisation over the last (channel) axis for inputs of any rank (tf.layers' own is
 * limited to rank <= 4, so 3D CNNs could not use it), with Keras 2 semantics for frozen layers:
 * when `trainable` is false the layer always normalises with its moving statistics and never
 * updates them, so a frozen backbone keeps its weights bit-for-bit and computes the same
 * features in training as in inference. Weight names (gamma, beta, moving_mean,
 * moving_variance) match Keras', so imported weights load by name.
 */
import * as tf from '@tensorflow/tfjs';

/** Options of MwbBatchNorm. */
export interface BatchNormArgs {
  name?: string;
  /** False for a frozen layer (kept when a saved model is loaded back). */
  trainable?: boolean;
  /** Weight of the old moving statistics per training step: 0.9 like PyTorch (Keras uses 0.99). */
  momentum?: number;
  epsilon?: number;
}

/** BN over the channel axis; x: [B, ..., C] -> same shape. */
export class MwbBatchNorm extends tf.layers.Layer {
  /** Serialisation name (registered below). */
  static readonly className = 'MwbBatchNorm';
  private readonly momentum: number;
  private readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private movingMean: tf.LayerVariable | null = null;
  private movingVariance: tf.LayerVariable | null = null;

  constructor(args: BatchNormArgs = {}) {
    super({ name: args.name, trainable: args.trainable });
    this.momentum = args.momentum ?? 0.9;
    this.epsilon = args.epsilon ?? 1e-3;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const c = [shape[shape.length - 1] as number];
    this.gamma = this.addWeight('gamma', c, 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', c, 'float32', tf.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', c, 'float32', tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', c, 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const useBatch = kwargs['training'] === true && this.trainable;
      let mean: tf.Tensor, variance: tf.Tensor;
      if (useBatch) {
        const axes = [...Array(x.rank - 1).keys()];
        ({ mean, variance } = tf.moments(x, axes));
        this.updateMoving(mean, variance);
      } else {
        mean = this.movingMean!.read();
        variance = this.movingVariance!.read();
      }
      const scale = tf.mul(tf.rsqrt(tf.add(variance, this.epsilon)), this.gamma!.read());
      return tf.add(tf.mul(tf.sub(x, mean), scale), this.beta!.read());
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
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(MwbBatchNorm);

/** A new MwbBatchNorm layer named `name`. */
export const batchNorm = (name: string): MwbBatchNorm => new MwbBatchNorm({ name });
