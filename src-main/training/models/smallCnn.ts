/**
 * S001's small CNN (INFOMCV two-stream, spatial stream): conv 7x7/2 -> BN -> ReLU -> pool,
 * conv 5x5/2 -> BN -> ReLU -> pool, conv 3x3 -> ReLU, global average pool, then a dense layer
 * with dropout and the classifier. Widths are configurable so tests can build it tiny. S001's
 * transfer ("frozen conv, new dense head") is `freeze: {mode: 'head-only'}`: the three conv
 * blocks keep their weights, 'fc' and 'classifier' train.
 * Layer names: block1_* .. block3_* (the freeze stages), pool, fc, fc_dropout, classifier.
 */
import * as tf from '@tensorflow/tfjs';
import { apply, denseHead, globalAverage, type Sym } from './blocks.js';
import { registerModelBuilder } from './builders.js';
import { smallCnnFamily, type SmallCnnConfig } from './families/smallCnn.js';
import { applyFreeze } from './freeze.js';
import { batchNorm } from './layers/batchNorm.js';
import { InputConv2D } from './layers/inputConv2d.js';

/** Freeze stages, input to output: the three conv blocks. */
const STAGES = [['block1_'], ['block2_'], ['block3_']];

function build(c: SmallCnnConfig): tf.LayersModel {
  const input = tf.input({ shape: [c.inputSize, c.inputSize, c.channels], name: 'frame' });
  const block = (x: Sym, i: number, kernelSize: number, strides: number, pool: boolean): Sym => {
    const conv = { filters: c.widths[i - 1]!, kernelSize, strides, padding: 'same' as const, useBias: !c.batchNorm, name: `block${i}_conv` };
    let y = apply(i === 1 ? new InputConv2D(conv) : tf.layers.conv2d(conv), x);
    if (c.batchNorm && pool) y = apply(batchNorm(`block${i}_bn`), y);
    y = apply(tf.layers.activation({ activation: 'relu', name: `block${i}_relu` }), y);
    return pool ? apply(tf.layers.maxPooling2d({ poolSize: 2, name: `block${i}_pool` }), y) : y;
  };
  let x = block(input, 1, 7, 2, true);
  x = block(x, 2, 5, 2, true);
  x = block(x, 3, 3, 1, false);
  x = globalAverage(x, 'pool');
  const model = tf.model({ inputs: input, outputs: denseHead(x, c, 'pool').logits, name: 'small_cnn' });
  applyFreeze(model, STAGES, c.freeze);
  return model;
}

registerModelBuilder(smallCnnFamily, build);
