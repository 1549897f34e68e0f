/**
 * What every ImageNet-family backbone builder shares: Keras-named layer helpers, the new
 * classification head (global average pool 'avg_pool' -> [dropout] -> dense 'predictions',
 * logits) and `registerBackbone`, which turns an architecture builder plus its stage list into
 * the builder of a family registered in ../families/backbones.ts (config, inputs), applying the
 * freeze mode.
 *
 * Layer names follow keras.applications so Keras `.h5` weights import by layer name (see
 * ../weights/importWeights.ts). The head is named as Keras names its top ('avg_pool',
 * 'predictions'), so a 1000-class ImageNet top imports too when `classes` is 1000.
 */
import * as tf from '@tensorflow/tfjs';
import { registerModelBuilder } from '../builders.js';
import type { BackboneConfig } from '../families/backbones.js';
import type { FreezeConfig } from '../freeze.js';
import { InputConv2D, type Initializer } from '../layers/inputConv2d.js';
import { MwbBatchNorm } from '../layers/batchNorm.js';
import type { ModelFamily } from '../registry.js';

// Re-exported so architecture files and tests keep one import for everything backbone-shaped.
export type { BackboneConfig } from '../families/backbones.js';

/** Layer names of the new head (in no stage, so they always train). */
export const HEAD_LAYERS = ['avg_pool', 'head_dropout', 'predictions'] as const;

export type Sym = tf.SymbolicTensor;

/** Applies `layer` to one or more symbolic tensors. */
export const apply = (layer: tf.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

/** Channel count of a symbolic NHWC tensor. */
export const channelsOf = (x: Sym): number => x.shape[x.shape.length - 1] as number;

/** A published width `n` scaled by `scale` (at least 1). */
export const scaled = (n: number, scale: number): number => Math.max(1, Math.round(n * scale));

/** Options of `conv`. */
export interface ConvOpts {
  strides?: number;
  padding?: 'same' | 'valid';
  useBias?: boolean;
  activation?: 'relu';
  /** First layer of the model: uses InputConv2D (no gradient wrt the data); square kernels only. */
  first?: boolean;
  /** Kernel initialisation: Glorot uniform (Keras' default) or He (variance 2 / fan-in, for deep ReLU stacks without BN). */
  init?: 'glorot' | 'he';
}

/**
 * He initialisation (Keras' he_uniform: variance exactly 2 / fan-in; tfjs's he_normal truncates
 * without rescaling, losing 23% of the variance per layer): keeps activations' scale through
 * deep ReLU stacks such as VGG.
 */
export const heInit = (): Initializer => tf.initializers.heUniform({});

/** A named 2D convolution; kernel `k` is square or [rows, cols]. */
export function conv(x: Sym, name: string, filters: number, k: number | [number, number], o: ConvOpts = {}): Sym {
  const strides = o.strides ?? 1, padding = o.padding ?? 'same', useBias = o.useBias ?? true;
  const kernelInitializer = o.init === 'he' ? heInit() : undefined;
  if (o.first) {
    if (Array.isArray(k)) throw new Error(`backbones/common.ts: the first conv ${name} must have a square kernel`);
    const y = apply(new InputConv2D({ name, filters, kernelSize: k, strides, padding, useBias, kernelInitializer }), x);
    return o.activation ? apply(tf.layers.activation({ activation: o.activation, name: `${name}_relu` }), y) : y;
  }
  return apply(tf.layers.conv2d({ name, filters, kernelSize: k, strides, padding, useBias, activation: o.activation, kernelInitializer }), x);
}

/** Keras' BatchNormalization momentum, which the backbones keep so imported statistics evolve as in Keras. */
export const BN_MOMENTUM = 0.99;

/** Batch normalisation named `name` (Keras semantics when frozen: moving statistics only). */
export function bn(x: Sym, name: string, epsilon: number, scale = true): Sym {
  return apply(new MwbBatchNorm({ name, epsilon, scale, momentum: BN_MOMENTUM }), x);
}

/** A named activation layer. */
export const act = (x: Sym, name: string, activation: 'relu' | 'relu6' = 'relu'): Sym =>
  apply(tf.layers.activation({ activation, name }), x);

/** Symmetric zero padding of `p` pixels, named `name`. */
export const pad = (x: Sym, name: string, p: number): Sym =>
  apply(tf.layers.zeroPadding2d({ padding: [[p, p], [p, p]], name }), x);

/** The new head: GAP 'avg_pool' (the feature layer) -> dropout -> dense 'predictions' (logits [B, classes]). */
export function classificationHead(x: Sym, c: BackboneConfig): Sym {
  let y = apply(tf.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  if (c.headDropout > 0) y = apply(tf.layers.dropout({ rate: c.headDropout, name: 'head_dropout' }), y);
  return apply(tf.layers.dense({ units: c.classes, name: 'predictions' }), y);
}

/** Whether layer `name` belongs to a stage entry: a name prefix, or an exact name when it ends in '$'. */
export const inStageEntry = (name: string, entry: string): boolean =>
  entry.endsWith('$') ? name === entry.slice(0, -1) : name.startsWith(entry);

/**
 * freeze.ts's applyFreeze, except that a stage entry ending in '$' matches one exact name:
 * InceptionV3's Keras names (conv2d_1, conv2d_10, ...) are not prefix-free. Sets
 * `trainable = false` on the layers of the frozen stages; returns their names.
 */
export function freezeBackbone(model: tf.LayersModel, stages: readonly (readonly string[])[], freeze: FreezeConfig): string[] {
  if (freeze.mode === 'none') return [];
  const upto = freeze.mode === 'head-only' ? stages.length : Math.min(freeze.stages, stages.length);
  const entries = stages.slice(0, upto).flat();
  const frozen: string[] = [];
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    if (entries.some((e) => inStageEntry(layer.name, e))) {
      layer.trainable = false;
      frozen.push(layer.name);
    }
  }
  return frozen;
}

/** An architecture: builds the unfrozen model and lists its stages (layer-name prefixes, stem first). */
export interface BackboneDef<C extends BackboneConfig> {
  /** Model with inputs 'frame' [inputSize, inputSize, channels] and logits [classes]. */
  build(c: C): tf.LayersModel;
  /** Backbone stages in input-to-output order, each a list of layer-name prefixes ('...$' = exact name). */
  stages(c: C): string[][];
}

const stageLists = new Map<string, (c: BackboneConfig) => string[][]>();

/** The stages of backbone family `id` for config `c` (what `first-stages N` counts). */
export function backboneStages(id: string, c: BackboneConfig): string[][] {
  const f = stageLists.get(id);
  if (!f) throw new Error(`backbones/common.ts: ${id} is not a registered backbone family`);
  return f(c);
}

/** Registers a backbone family's builder (families/backbones.ts holds its info); the model is frozen per `config.freeze`. */
export function registerBackbone<C extends BackboneConfig>(family: ModelFamily<C>, def: BackboneDef<C>): void {
  stageLists.set(family.id, def.stages as (c: BackboneConfig) => string[][]);
  registerModelBuilder<C>(family, (c) => {
    const model = def.build(c);
    freezeBackbone(model, def.stages(c), c.freeze);
    return model;
  });
}
