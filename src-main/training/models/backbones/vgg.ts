/**
 * VGG-16 and VGG-19 (S000 uses VGG-19) from one builder, with keras.applications' layer names
 * (block{b}_conv{i}, block{b}_pool), 3x3 'same' convolutions with ReLU and 2x2 max pools, five
 * blocks of widths 64-512. Keras' fully connected top (flatten, fc1, fc2) is replaced by the
 * new head (global average pool 'avg_pool' -> [dropout] -> 'predictions'), as Keras builds it
 * with include_top=false, pooling='avg'. Stages: block1..block5. Without batch norm, 13-16 ReLU
 * convolutions with Keras' Glorot initialisation halve the signal's variance at every layer (a
 * narrow VGG never leaves chance), so the convolutions start He-initialised (variance 2 / fan-in,
 * which keeps it; torchvision's VGG uses He too); imported ImageNet weights replace them anyway.
 */
import * as tf from '@tensorflow/tfjs';
import { vgg16Family, vgg19Family } from '../families/backbones.js';
import { apply, classificationHead, conv, registerBackbone, scaled, type BackboneConfig } from './common.js';

const WIDTHS = [64, 128, 256, 512, 512];

/** Convolutions per block: VGG-16 [2, 2, 3, 3, 3], VGG-19 [2, 2, 4, 4, 4]. */
const DEPTHS: Record<'vgg16' | 'vgg19', number[]> = { vgg16: [2, 2, 3, 3, 3], vgg19: [2, 2, 4, 4, 4] };

/** Input 'frame' [S, S, C] -> five conv blocks -> head; output logits [classes]. */
export function buildVgg(id: 'vgg16' | 'vgg19', c: BackboneConfig): tf.LayersModel {
  const input = tf.input({ shape: [c.inputSize, c.inputSize, c.channels], name: 'frame' });
  let x = input;
  DEPTHS[id].forEach((depth, b) => {
    for (let i = 1; i <= depth; i++) {
      x = conv(x, `block${b + 1}_conv${i}`, scaled(WIDTHS[b]!, c.widthScale), 3, { activation: 'relu', first: b === 0 && i === 1, init: 'he' });
    }
    x = apply(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `block${b + 1}_pool` }), x);
  });
  return tf.model({ inputs: input, outputs: classificationHead(x, c), name: id });
}

for (const [family, id] of [[vgg16Family, 'vgg16'], [vgg19Family, 'vgg19']] as const) {
  registerBackbone(family, { build: (c) => buildVgg(id, c), stages: () => [1, 2, 3, 4, 5].map((b) => [`block${b}_`]) });
}
