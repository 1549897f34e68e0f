/**
 * S001's 3-layer 3D CNN, the temporal stream on stacked optical flow: conv3d 3x3x3 (spatial
 * stride 2) -> pool, conv3d -> pool, conv3d, global average pool, then a dense layer with
 * dropout and the classifier. Input is a K x H x W x 2 flow volume (x and y displacement per
 * frame pair). Optional batch normalisation after each conv (MwbBatchNorm handles rank 5).
 * Layer names: block1_* .. block3_* (the freeze stages), pool, fc, fc_dropout, classifier.
 */
import * as tf from '@tensorflow/tfjs';
import { apply, denseHead, globalAverage, type Sym } from './blocks.js';
import { registerModelBuilder } from './builders.js';
import { cnn3dFamily, type Cnn3dConfig } from './families/cnn3d.js';
import { applyFreeze } from './freeze.js';
import { batchNorm } from './layers/batchNorm.js';

/** Freeze stages, input to output: the three conv blocks. */
const STAGES = [['block1_'], ['block2_'], ['block3_']];

function build(c: Cnn3dConfig): tf.LayersModel {
  const input = tf.input({ shape: [c.frames, c.size, c.size, c.channels], name: 'flow' });
  const block = (x: Sym, i: number, strides: [number, number, number], pool: boolean): Sym => {
    let y = apply(tf.layers.conv3d({ filters: c.filters[i - 1]!, kernelSize: 3, strides, padding: 'same', useBias: !c.batchNorm, name: `block${i}_conv` }), x);
    if (c.batchNorm) y = apply(batchNorm(`block${i}_bn`), y);
    y = apply(tf.layers.activation({ activation: 'relu', name: `block${i}_relu` }), y);
    return pool ? apply(tf.layers.maxPooling3d({ poolSize: 2, padding: 'same', name: `block${i}_pool` }), y) : y;
  };
  let x = block(input, 1, [1, 2, 2], true);
  x = block(x, 2, [1, 1, 1], true);
  x = block(x, 3, [1, 1, 1], false);
  x = globalAverage(x, 'pool');
  const model = tf.model({ inputs: input, outputs: denseHead(x, c, 'pool').logits, name: 'cnn3d' });
  applyFreeze(model, STAGES, c.freeze);
  return model;
}

registerModelBuilder(cnn3dFamily, build);
