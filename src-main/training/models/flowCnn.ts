/**
 * S004's temporal stream (Simonyan & Zisserman): a CNN-M-2048-like 2D CNN on a stack of L
 * consecutive flow fields as 2L channels [H, W, 2L] (u and v interleaved per field, L = 10).
 * conv1 7x7/2 (96) -> pool, conv2 5x5/2 (256) -> pool, conv3-5 3x3 (512) -> pool, full6
 * (4096) + dropout, full7 (2048) + dropout, classifier. BN after each conv stands in for the
 * paper's local response normalisation. 'full7' is the feature layer. S004's "last layer only"
 * is `freeze: {mode: 'head-only'}` (everything but the classifier is frozen).
 * Layer names: conv{1-5}_*, full6*, full7* (the freeze stages, in that order), classifier.
 */
import * as tf from '@tensorflow/tfjs';
import { apply, type Sym } from './blocks.js';
import { registerModelBuilder } from './builders.js';
import { flowCnnFamily, type FlowCnnConfig } from './families/flowCnn.js';
import { applyFreeze } from './freeze.js';
import { batchNorm } from './layers/batchNorm.js';
import { InputConv2D } from './layers/inputConv2d.js';

/** Freeze stages, input to output: five conv blocks and the two hidden dense layers. */
const STAGES = [['conv1_'], ['conv2_'], ['conv3_'], ['conv4_'], ['conv5_'], ['full6'], ['full7']];

/** Kernel size, stride and whether a 2x2 max-pool follows, per conv layer. */
const CONVS: [number, number, boolean][] = [[7, 2, true], [5, 2, true], [3, 1, false], [3, 1, false], [3, 1, true]];

function build(c: FlowCnnConfig): tf.LayersModel {
  const input = tf.input({ shape: [c.size, c.size, 2 * c.length], name: 'flow_stack' });
  let x: Sym = input;
  CONVS.forEach(([kernelSize, strides, pool], i) => {
    const name = `conv${i + 1}`;
    const conv = { filters: c.convWidths[i]!, kernelSize, strides, padding: 'same' as const, useBias: !c.batchNorm, name: `${name}_conv` };
    x = apply(i === 0 ? new InputConv2D(conv) : tf.layers.conv2d(conv), x);
    if (c.batchNorm) x = apply(batchNorm(`${name}_bn`), x);
    x = apply(tf.layers.activation({ activation: 'relu', name: `${name}_relu` }), x);
    if (pool) x = apply(tf.layers.maxPooling2d({ poolSize: 2, padding: 'same', name: `${name}_pool` }), x);
  });
  x = apply(tf.layers.flatten({ name: 'conv5_flatten' }), x);
  c.denseUnits.forEach((units, i) => {
    const name = `full${i + 6}`;
    x = apply(tf.layers.dense({ units, activation: 'relu', name }), x);
    if (c.dropout > 0) x = apply(tf.layers.dropout({ rate: c.dropout, name: `${name}_dropout` }), x);
  });
  const out = apply(tf.layers.dense({ units: c.classes, name: 'classifier' }), x);
  const model = tf.model({ inputs: input, outputs: out, name: 'flow_cnn' });
  applyFreeze(model, STAGES, c.freeze);
  return model;
}

registerModelBuilder(flowCnnFamily, build);
