/**
 * MobileNetV2 (inverted residual blocks with depthwise 3x3 convolutions and ReLU6) with
 * keras.applications' layer names: Conv1, bn_Conv1, Conv1_relu, expanded_conv_{depthwise,
 * project}[_BN|_relu], block_{1..16}_{expand, pad, depthwise, project}[_BN|_relu], block_N_add,
 * Conv_1, Conv_1_bn, out_relu. Stride-2 blocks pad like Keras (correct_pad) and convolve 'valid'.
 * Width: for widthScale >= 0.35 (Keras' alphas) widths follow Keras (multiples of 8; the last
 * conv stays 1280 unless widthScale > 1); below that, every width is simply scaled (tiny
 * test models). Stages: stem, then blocks grouped by output width, then Conv_1.
 */
import * as tf from '@tensorflow/tfjs';
import { mobilenetv2Family } from '../families/backbones.js';
import { act, apply, bn, channelsOf, classificationHead, conv, registerBackbone, scaled, type BackboneConfig, type Sym } from './common.js';

/** Keras MobileNetV2 BN epsilon. */
const EPS = 1e-3;

/** [output width, stride, expansion] of blocks 0..16 (block 0 is Keras' 'expanded_conv'). */
const BLOCKS: [number, number, number][] = [
  [16, 1, 1], [24, 2, 6], [24, 1, 6], [32, 2, 6], [32, 1, 6], [32, 1, 6], [64, 2, 6], [64, 1, 6], [64, 1, 6],
  [64, 1, 6], [96, 1, 6], [96, 1, 6], [96, 1, 6], [160, 2, 6], [160, 1, 6], [160, 1, 6], [320, 1, 6],
];

/** Keras' _make_divisible: nearest multiple of `d`, at least `d`, never below 90% of v. */
function makeDivisible(v: number, d = 8): number {
  let n = Math.max(d, Math.floor((v + d / 2) / d) * d);
  if (n < 0.9 * v) n += d;
  return n;
}

/** Widths as Keras computes them for alpha = widthScale (plain scaling below 0.35). */
function widthFn(scale: number): { width: (n: number) => number; last: number } {
  if (scale < 0.35) return { width: (n) => scaled(n, scale), last: scaled(1280, scale) };
  return { width: (n) => makeDivisible(n * scale), last: scale > 1 ? makeDivisible(1280 * scale) : 1280 };
}

/** Keras' correct_pad for a stride-2 3x3 conv on an H x W map: [[top, bottom], [left, right]]. */
function correctPad(x: Sym): [[number, number], [number, number]] {
  const h = x.shape[1] as number, w = x.shape[2] as number;
  return [[h % 2, 1], [w % 2, 1]];
}

/** [expand 1x1 ->] depthwise 3x3 (stride s) -> project 1x1 [+ x]; x [H, W, C] -> [H/s, W/s, filters]. */
function invertedResidual(x: Sym, id: number, filters: number, stride: number, expansion: number): Sym {
  const prefix = id ? `block_${id}_` : 'expanded_conv_';
  const inChannels = channelsOf(x);
  let y = x;
  if (id) y = act(bn(conv(y, `${prefix}expand`, expansion * inChannels, 1, { useBias: false }), `${prefix}expand_BN`, EPS), `${prefix}expand_relu`, 'relu6');
  if (stride === 2) y = apply(tf.layers.zeroPadding2d({ padding: correctPad(y), name: `${prefix}pad` }), y);
  y = apply(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: stride === 1 ? 'same' : 'valid', useBias: false, name: `${prefix}depthwise` }), y);
  y = act(bn(y, `${prefix}depthwise_BN`, EPS), `${prefix}depthwise_relu`, 'relu6');
  y = bn(conv(y, `${prefix}project`, filters, 1, { useBias: false }), `${prefix}project_BN`, EPS);
  if (inChannels === filters && stride === 1) return apply(tf.layers.add({ name: `${prefix}add` }), [x, y]);
  return y;
}

/** Input 'frame' [S, S, C] -> stem -> 17 inverted residual blocks -> Conv_1 -> head; logits [classes]. */
export function buildMobileNetV2(c: BackboneConfig): tf.LayersModel {
  const { width, last } = widthFn(c.widthScale);
  const input = tf.input({ shape: [c.inputSize, c.inputSize, c.channels], name: 'frame' });
  let x = conv(input, 'Conv1', width(32), 3, { strides: 2, useBias: false, first: true });
  x = act(bn(x, 'bn_Conv1', EPS), 'Conv1_relu', 'relu6');
  BLOCKS.forEach(([filters, stride, expansion], id) => {
    x = invertedResidual(x, id, width(filters), stride, expansion);
  });
  x = act(bn(conv(x, 'Conv_1', last, 1, { useBias: false }), 'Conv_1_bn', EPS), 'out_relu', 'relu6');
  return tf.model({ inputs: input, outputs: classificationHead(x, c), name: 'mobilenetv2' });
}

/** Block-name prefixes ('block_3_') of the blocks with ids in [from, to]. */
const blocks = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `block_${from + i}_`);

registerBackbone(mobilenetv2Family, {
  build: buildMobileNetV2,
  stages: () => [
    ['Conv1', 'bn_Conv1', 'expanded_conv_'], blocks(1, 2), blocks(3, 5), blocks(6, 9), blocks(10, 12), blocks(13, 16),
    ['Conv_1', 'out_relu'],
  ],
});
