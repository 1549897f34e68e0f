/**
 * Small building blocks shared by the model families: applying a layer to symbolic tensors and
 * the "dense + dropout, then classifier" head most families end with. Every layer gets an
 * explicit name, so names are the same in every process and weights can be matched by name
 * (init from a finished run, Keras import, mid-fusion stream prefixes). The head's config fields
 * live in families/fields.ts, which the families' infos use without loading tfjs.
 */
import * as tf from '@tensorflow/tfjs';

/** A symbolic tensor of the functional API. */
export type Sym = tf.SymbolicTensor;

/** `layer` applied to `x`, typed as one symbolic tensor. */
export const apply = (layer: tf.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

/**
 * `x` [B, F] -> optional 'fc' dense (ReLU) + 'fc_dropout' -> 'classifier' dense [B, classes]
 * logits. Returns the logits and the name of the feature layer ('fc', or `featureName` when no
 * hidden layer).
 */
export function denseHead(x: Sym, c: { denseUnits: number; dropout: number; classes: number }, featureName: string): { logits: Sym; feature: string } {
  let y = x;
  if (c.denseUnits > 0) {
    y = apply(tf.layers.dense({ units: c.denseUnits, activation: 'relu', name: 'fc' }), y);
    if (c.dropout > 0) y = apply(tf.layers.dropout({ rate: c.dropout, name: 'fc_dropout' }), y);
  }
  return { logits: apply(tf.layers.dense({ units: c.classes, name: 'classifier' }), y), feature: c.denseUnits > 0 ? 'fc' : featureName };
}

/** Global average over every axis but batch and channel: [B, ..., C] -> [B, C], named `name`. */
export function globalAverage(x: Sym, name: string): Sym {
  const dims = x.shape.slice(1, -1) as number[];
  if (dims.length === 2) return apply(tf.layers.globalAveragePooling2d({ name }), x);
  // tf.layers has no GlobalAveragePooling3D: average the whole remaining volume, then flatten.
  const pooled = apply(tf.layers.averagePooling3d({ poolSize: dims as [number, number, number], name: `${name}_avg` }), x);
  return apply(tf.layers.flatten({ name }), pooled);
}
