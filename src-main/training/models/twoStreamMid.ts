/**
 * Two-stream mid fusion (S001's "two-stream by concatenating features + new dense head"; S004's
 * fusion by a trained layer): two registered families (e.g. small-cnn on RGB frames and cnn3d
 * or flow-cnn on flow) up to their feature layers, concatenated, then a new head
 * 'fusion_hidden' (dense, ReLU) -> 'fusion_dropout' -> 'fusion_logits' (dense, logits).
 * The model has two inputs, the streams' inputs in stream order.
 *
 * Layer naming: every layer of stream i keeps its own family's name with the prefix
 * `${streams[i].name}_` (names default to 'rgb' and 'flow' by position: 'rgb_block1_conv',
 * 'flow_fc', ...); the model's inputs are '<name>_<family input name>'. So a stream starts
 * from a finished single-stream run with the init source
 * {from: {kind: 'run', runId}, sourcePrefix: '', targetPrefix: 'rgb_'}.
 * The streams' own classifiers are dropped. `freezeStreams` freezes every stream layer (their
 * BN layers then run on moving statistics), so only the fusion head trains.
 */
import * as tf from '@tensorflow/tfjs';
import { apply } from './blocks.js';
import { registerModelBuilder } from './builders.js';
import { twoStreamMidFamily, type TwoStreamMidConfig } from './families/twoStreamMid.js';
import { buildStream, disposeUnusedLayers } from './streams.js';

function build(c: TwoStreamMidConfig): tf.LayersModel {
  const streams = c.streams.map((s, i) => buildStream(s, `${s.name}_`, `Two-stream fusion, stream ${i + 1} (${s.name})`));
  if (c.freezeStreams) for (const s of streams) for (const l of s.model.layers) l.trainable = false;
  let x = apply(tf.layers.concatenate({ name: 'fusion_concat' }), streams.map((s) => s.features));
  x = apply(tf.layers.dense({ units: c.hiddenUnits, activation: 'relu', name: 'fusion_hidden' }), x);
  if (c.dropout > 0) x = apply(tf.layers.dropout({ rate: c.dropout, name: 'fusion_dropout' }), x);
  const out = apply(tf.layers.dense({ units: c.classes, name: 'fusion_logits' }), x);
  const model = tf.model({ inputs: streams.flatMap((s) => s.model.inputs), outputs: out, name: 'two_stream_mid' });
  for (const s of streams) disposeUnusedLayers(s.model, model);
  return model;
}

registerModelBuilder(twoStreamMidFamily, build);
