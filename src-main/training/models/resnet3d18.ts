/**
 * 3D ResNet-18 (Hara et al.; S003's FTSnet teacher on flow and student on RGB): stem conv
 * 7x7x7 with stride (1, 2, 2) -> BN -> ReLU -> max-pool 3x3x3/2, four stages of two basic
 * blocks (3x3x3 convs, widths baseWidth x 1, 2, 4, 8, stride 2 at the start of stages 2-4,
 * 1x1x1 projection shortcuts), global average pool -> 'features' -> 'classifier'. Input is an
 * RGB clip [T, H, W, 3] or a flow volume [K, H, W, 2]. 'features' is the distillation layer.
 * Layer names: stem_*, layer{1-4}_{0,1}_* (the freeze stages: stem, layer1 .. layer4),
 * features, features_dropout, classifier.
 */
import * as tf from '@tensorflow/tfjs';
import { apply, globalAverage, type Sym } from './blocks.js';
import { registerModelBuilder } from './builders.js';
import { resnet3d18Family, type ResNet3d18Config } from './families/resnet3d18.js';
import { applyFreeze } from './freeze.js';
import { batchNorm } from './layers/batchNorm.js';

/** Freeze stages, input to output. */
const STAGES = [['stem_'], ['layer1_'], ['layer2_'], ['layer3_'], ['layer4_']];

type Stride = [number, number, number];

/** conv3d (no bias) -> BN (-> ReLU), layers named `${name}_conv`, `${name}_bn`, `${name}_relu`. */
function convBn(x: Sym, name: string, filters: number, kernelSize: number, strides: Stride, relu: boolean): Sym {
  let y = apply(tf.layers.conv3d({ filters, kernelSize, strides, padding: 'same', useBias: false, name: `${name}_conv` }), x);
  y = apply(batchNorm(`${name}_bn`), y);
  return relu ? apply(tf.layers.activation({ activation: 'relu', name: `${name}_relu` }), y) : y;
}

/** Basic block: two 3x3x3 conv-BN with a residual (projected when the shape changes). */
function basicBlock(x: Sym, name: string, filters: number, stride: number): Sym {
  const strides: Stride = [stride, stride, stride];
  const y = convBn(convBn(x, `${name}_a`, filters, 3, strides, true), `${name}_b`, filters, 3, [1, 1, 1], false);
  const inChannels = x.shape[x.shape.length - 1];
  const shortcut = stride !== 1 || inChannels !== filters ? convBn(x, `${name}_proj`, filters, 1, strides, false) : x;
  const sum = apply(tf.layers.add({ name: `${name}_add` }), [y, shortcut]);
  return apply(tf.layers.activation({ activation: 'relu', name: `${name}_out` }), sum);
}

function build(c: ResNet3d18Config): tf.LayersModel {
  const input = tf.input({ shape: [c.frames, c.size, c.size, c.channels], name: 'clip' });
  let x = convBn(input, 'stem', c.baseWidth, 7, [1, 2, 2], true);
  x = apply(tf.layers.maxPooling3d({ poolSize: 3, strides: 2, padding: 'same', name: 'stem_pool' }), x);
  [1, 2, 4, 8].forEach((mult, stage) => {
    x = basicBlock(x, `layer${stage + 1}_0`, c.baseWidth * mult, stage === 0 ? 1 : 2);
    x = basicBlock(x, `layer${stage + 1}_1`, c.baseWidth * mult, 1);
  });
  x = globalAverage(x, 'features');
  if (c.dropout > 0) x = apply(tf.layers.dropout({ rate: c.dropout, name: 'features_dropout' }), x);
  const out = apply(tf.layers.dense({ units: c.classes, name: 'classifier' }), x);
  const model = tf.model({ inputs: input, outputs: out, name: 'resnet3d18' });
  applyFreeze(model, STAGES, c.freeze);
  return model;
}

registerModelBuilder(resnet3d18Family, build);
