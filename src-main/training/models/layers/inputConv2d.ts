/**
 * A 2D convolution for a model's first layer. tf.layers' Conv2D uses tfjs's fused conv2d op,
 * whose custom gradient always computes the gradient with respect to its input, even when that
 * input is the data and nothing uses it (18 ms a step on the small CNN's 112x112 stem). This
 * layer runs the plain conv2d op, so backpropagation stops at its weights. Same math and
 * initialisation as Conv2D (Glorot uniform kernel unless given another, zero bias).
 */
import * as tf from '@tensorflow/tfjs';

/** A tf.initializers initialiser (tfjs does not export the class type). */
export type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** Options, as for tf.layers.conv2d (square kernel and stride, channels last). */
export interface InputConv2DArgs {
  filters: number;
  kernelSize: number;
  strides?: number;
  padding?: 'same' | 'valid';
  useBias?: boolean;
  inputShape?: number[];
  name?: string;
  /** Restored from a saved model, so a frozen stem stays frozen after loading. */
  trainable?: boolean;
  /** Kernel initialiser (default Glorot uniform); not saved, since a loaded model loads its weights. */
  kernelInitializer?: Initializer;
}

/** Conv2D without the input gradient; x: [B, H, W, C] -> [B, OH, OW, filters]. */
export class InputConv2D extends tf.layers.Layer {
  /** Serialisation name (registered below). */
  static readonly className = 'MwbInputConv2D';
  private readonly opts: Required<Omit<InputConv2DArgs, 'inputShape' | 'name' | 'trainable' | 'kernelInitializer'>>;
  private readonly kernelInitializer: Initializer;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: InputConv2DArgs) {
    super({ name: args.name, inputShape: args.inputShape, trainable: args.trainable });
    this.opts = { filters: args.filters, kernelSize: args.kernelSize, strides: args.strides ?? 1, padding: args.padding ?? 'valid', useBias: args.useBias ?? true };
    this.kernelInitializer = args.kernelInitializer ?? tf.initializers.glorotUniform({});
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1] as number;
    const { kernelSize: k, filters } = this.opts;
    this.kernel = this.addWeight('kernel', [k, k, channels, filters], 'float32', this.kernelInitializer);
    if (this.opts.useBias) this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const { kernelSize: k, strides: s, padding } = this.opts;
    const out = (n: number | null): number | null => n === null ? null : padding === 'same' ? Math.ceil(n / s) : Math.ceil((n - k + 1) / s);
    return [shape[0] ?? null, out(shape[1] ?? null), out(shape[2] ?? null), this.opts.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const y = tf.conv2d(x, this.kernel!.read() as tf.Tensor4D, this.opts.strides, this.opts.padding);
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.opts };
  }
}

tf.serialization.registerClass(InputConv2D);
