/**
 * Inception v3 (S000) as keras.applications builds it: every conv is conv2d_bn (conv without
 * bias -> BN without gamma -> ReLU), mixed0..mixed10 concatenations, 1x7/7x1 factorised convs.
 * Keras auto-numbers those layers in creation order; here they have the same names, fixed:
 * the i-th conv2d_bn (1-based, i = 1..94) is conv2d_i, batch_normalization_i, activation_i,
 * which is how the published keras-applications InceptionV3 .h5 files (Keras 2.0 numbering)
 * name them. A tf.keras 2.x model saved from a fresh session numbers from 0 ('conv2d',
 * 'conv2d_1', ...): import it with `rename: kerasTfNumbering` (below). Pools and concats carry
 * their stage's name (stem_pool1, mixed4_pool, mixed9_0, ...). Minimum input: 75 px.
 * Stages: stem, mixed0, ..., mixed10 (12); entries ending in '$' are exact names.
 */
import * as tf from '@tensorflow/tfjs';
import { inceptionv3Family } from '../families/backbones.js';
import { act, apply, bn, classificationHead, conv, registerBackbone, scaled, type BackboneConfig, type Sym } from './common.js';

/** Keras InceptionV3 BN epsilon (Keras' default 1e-3). */
const EPS = 1e-3;

/** Creates layers with Keras' numbering and records which stage each name belongs to. */
class Builder {
  private n = 0;
  readonly stages: string[][] = [];
  constructor(private readonly scale: number) {}

  /** Starts the next stage (stem, mixed0, ...). */
  stage(): void { this.stages.push([]); }

  /** Records layer names of the current stage (exact). */
  own(...names: string[]): void { this.stages[this.stages.length - 1]!.push(...names.map((s) => `${s}$`)); }

  /** Keras conv2d_bn: conv (no bias) -> BN (no gamma) -> ReLU, named by the running index. */
  cbr(x: Sym, filters: number, rows: number, cols: number, strides = 1, padding: 'same' | 'valid' = 'same'): Sym {
    const i = ++this.n;
    const names = [`conv2d_${i}`, `batch_normalization_${i}`, `activation_${i}`];
    this.own(...names);
    const y = conv(x, names[0]!, scaled(filters, this.scale), rows === cols ? rows : [rows, cols], { strides, padding, useBias: false, first: i === 1 });
    return act(bn(y, names[1]!, EPS, false), names[2]!);
  }

  /** A named layer of the current stage applied to x. */
  layer(layer: tf.layers.Layer, x: Sym | Sym[]): Sym {
    this.own(layer.name);
    return apply(layer, x);
  }

  /** 3x3 pool (max: stride 2 valid; avg: stride 1 same, as in the inception branches). */
  pool(x: Sym, kind: 'max' | 'avg', name: string): Sym {
    const layer = kind === 'max' ? tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name })
      : tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same', name });
    return this.layer(layer, x);
  }

  concat(xs: Sym[], name: string): Sym { return this.layer(tf.layers.concatenate({ axis: -1, name }), xs); }
}

/** mixed0-2: 1x1 | 1x1 -> 5x5 | 1x1 -> 3x3 -> 3x3 | avgpool -> 1x1 (`poolWidth`). */
function blockA(b: Builder, x: Sym, k: number, poolWidth: number): Sym {
  const b1 = b.cbr(x, 64, 1, 1);
  const b5 = b.cbr(b.cbr(x, 48, 1, 1), 64, 5, 5);
  return assemble(b, x, k, [b1, b5, b.cbr(b.cbr(b.cbr(x, 64, 1, 1), 96, 3, 3), 96, 3, 3)], poolWidth);
}

/** The shared tail: avgpool -> 1x1 branch, then concat named mixed{k}. Keras creates b1 first. */
function assemble(b: Builder, x: Sym, k: number, branches: Sym[], poolWidth: number): Sym {
  const pool = b.cbr(b.pool(x, 'avg', `mixed${k}_pool`), poolWidth, 1, 1);
  return b.concat([...branches, pool], `mixed${k}`);
}

/** mixed4-7: 1x1 | 1x1 -> 1x7 -> 7x1 | 1x1 -> 7x1 -> 1x7 -> 7x1 -> 1x7 | avgpool -> 1x1. */
function blockC(b: Builder, x: Sym, k: number, w: number): Sym {
  const b1 = b.cbr(x, 192, 1, 1);
  const b7 = b.cbr(b.cbr(b.cbr(x, w, 1, 1), w, 1, 7), 192, 7, 1);
  let d = b.cbr(b.cbr(x, w, 1, 1), w, 7, 1);
  d = b.cbr(b.cbr(b.cbr(d, w, 1, 7), w, 7, 1), 192, 1, 7);
  return assemble(b, x, k, [b1, b7, d], 192);
}

/** mixed9-10: 1x1 | 1x1 -> (1x3, 3x1) | 1x1 -> 3x3 -> (1x3, 3x1) | avgpool -> 1x1. */
function blockE(b: Builder, x: Sym, k: number): Sym {
  const b1 = b.cbr(x, 320, 1, 1);
  const t = b.cbr(x, 384, 1, 1);
  const b3 = b.concat([b.cbr(t, 384, 1, 3), b.cbr(t, 384, 3, 1)], `mixed9_${k - 9}`);
  const u = b.cbr(b.cbr(x, 448, 1, 1), 384, 3, 3);
  const d = b.concat([b.cbr(u, 384, 1, 3), b.cbr(u, 384, 3, 1)], `mixed${k}_dbl`);
  return assemble(b, x, k, [b1, b3, d], 192);
}

/** Builds the network; returns the model and its stages (exact names). */
function buildWithStages(c: BackboneConfig): { model: tf.LayersModel; stages: string[][] } {
  const b = new Builder(c.widthScale);
  const input = tf.input({ shape: [c.inputSize, c.inputSize, c.channels], name: 'frame' });
  b.stage();
  let x = b.cbr(b.cbr(b.cbr(input, 32, 3, 3, 2, 'valid'), 32, 3, 3, 1, 'valid'), 64, 3, 3);
  x = b.pool(x, 'max', 'stem_pool1');
  x = b.pool(b.cbr(b.cbr(x, 80, 1, 1, 1, 'valid'), 192, 3, 3, 1, 'valid'), 'max', 'stem_pool2');
  [32, 64, 64].forEach((poolWidth, k) => { b.stage(); x = blockA(b, x, k, poolWidth); });
  b.stage(); // mixed3: 3x3/2 | 1x1 -> 3x3 -> 3x3/2 | maxpool
  const r3 = b.cbr(x, 384, 3, 3, 2, 'valid');
  const r3d = b.cbr(b.cbr(b.cbr(x, 64, 1, 1), 96, 3, 3), 96, 3, 3, 2, 'valid');
  x = b.concat([r3, r3d, b.pool(x, 'max', 'mixed3_pool')], 'mixed3');
  [128, 160, 160, 192].forEach((w, i) => { b.stage(); x = blockC(b, x, 4 + i, w); });
  b.stage(); // mixed8: 1x1 -> 3x3/2 | 1x1 -> 1x7 -> 7x1 -> 3x3/2 | maxpool
  const r8 = b.cbr(b.cbr(x, 192, 1, 1), 320, 3, 3, 2, 'valid');
  const r8d = b.cbr(b.cbr(b.cbr(b.cbr(x, 192, 1, 1), 192, 1, 7), 192, 7, 1), 192, 3, 3, 2, 'valid');
  x = b.concat([r8, r8d, b.pool(x, 'max', 'mixed8_pool')], 'mixed8');
  for (const k of [9, 10]) { b.stage(); x = blockE(b, x, k); }
  return { model: tf.model({ inputs: input, outputs: classificationHead(x, c), name: 'inceptionv3' }), stages: b.stages };
}

/**
 * Maps Keras 2.0 numbering (ours, from 1) to a tf.keras 2.x file's (from 0, first without a
 * suffix): pass as `rename` to importWeights so 'conv2d' in the file lands on our 'conv2d_1'.
 */
export function kerasTfNumbering(sourceName: string): string {
  const m = /^(conv2d|batch_normalization|activation)(?:_(\d+))?$/.exec(sourceName);
  return m ? `${m[1]}_${m[2] === undefined ? 1 : Number(m[2]) + 1}` : sourceName;
}

let stageNames: string[][] | null = null;

registerBackbone(inceptionv3Family, {
  build: (c) => buildWithStages(c).model,
  stages: (c) => {
    // The names do not depend on the config: build the tiniest model once to list them.
    if (!stageNames) {
      const { model, stages } = buildWithStages({ ...c, inputSize: 75, widthScale: 1 / 512, channels: 1, headDropout: 0 });
      model.dispose();
      stageNames = stages;
    }
    return stageNames;
  },
});
