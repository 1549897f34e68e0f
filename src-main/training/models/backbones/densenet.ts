/**
 * DenseNet-121 (S000), growth rate 32, dense blocks [6, 12, 24, 16], with keras.applications'
 * layer names: conv1/conv, conv1/bn, conv1/relu, pool1, conv{2..5}_block{i}_{0_bn, 0_relu,
 * 1_conv, 1_bn, 1_relu, 2_conv, concat}, pool{2..4}_{bn, relu, conv, pool}, bn, relu. TF.js
 * accepts '/' in layer names, so the stem keeps Keras' names and Keras .h5 files import as they
 * are (no '/' -> '_' mapping needed). Stages: stem, then each dense block with the transition
 * after it; the last block includes the final bn/relu.
 */
import * as tf from '@tensorflow/tfjs';
import { densenet121Family } from '../families/backbones.js';
import { act, apply, bn, channelsOf, classificationHead, conv, pad, registerBackbone, scaled, type BackboneConfig, type Sym } from './common.js';

const EPS = 1.001e-5;
const BLOCKS = [6, 12, 24, 16];

/** BN -> ReLU -> 1x1 (4 x growth) -> BN -> ReLU -> 3x3 (growth), concatenated to x. */
function convBlock(x: Sym, name: string, growth: number): Sym {
  let y = act(bn(x, `${name}_0_bn`, EPS), `${name}_0_relu`);
  y = act(bn(conv(y, `${name}_1_conv`, 4 * growth, 1, { useBias: false }), `${name}_1_bn`, EPS), `${name}_1_relu`);
  y = conv(y, `${name}_2_conv`, growth, 3, { useBias: false });
  return apply(tf.layers.concatenate({ axis: -1, name: `${name}_concat` }), [x, y]);
}

/** BN -> ReLU -> 1x1 (half the channels) -> 2x2 average pool; [H, W, C] -> [H/2, W/2, C/2]. */
function transition(x: Sym, name: string): Sym {
  let y = act(bn(x, `${name}_bn`, EPS), `${name}_relu`);
  y = conv(y, `${name}_conv`, Math.max(1, Math.floor(channelsOf(x) * 0.5)), 1, { useBias: false });
  return apply(tf.layers.averagePooling2d({ poolSize: 2, strides: 2, name: `${name}_pool` }), y);
}

/** Input 'frame' [S, S, C] -> stem -> 4 dense blocks -> head; output logits [classes]. */
export function buildDenseNet121(c: BackboneConfig): tf.LayersModel {
  const growth = scaled(32, c.widthScale);
  const input = tf.input({ shape: [c.inputSize, c.inputSize, c.channels], name: 'frame' });
  let x = pad(input, 'conv1/pad', 3);
  x = conv(x, 'conv1/conv', scaled(64, c.widthScale), 7, { strides: 2, padding: 'valid', useBias: false, first: true });
  x = act(bn(x, 'conv1/bn', EPS), 'conv1/relu');
  x = pad(x, 'pool1_pad', 1);
  x = apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1' }), x);
  BLOCKS.forEach((count, s) => {
    for (let i = 1; i <= count; i++) x = convBlock(x, `conv${s + 2}_block${i}`, growth);
    if (s < BLOCKS.length - 1) x = transition(x, `pool${s + 2}`);
  });
  x = act(bn(x, 'bn', EPS), 'relu');
  return tf.model({ inputs: input, outputs: classificationHead(x, c), name: 'densenet121' });
}

registerBackbone(densenet121Family, {
  build: buildDenseNet121,
  stages: () => [['conv1/', 'pool1'], ['conv2_', 'pool2_'], ['conv3_', 'pool3_'], ['conv4_', 'pool4_'], ['conv5_', 'bn$', 'relu$']],
});
