/**
 * S001's 3-layer 3D CNN, the temporal stream on stacked optical flow: conv3d 3x3x3 (spatial
 * stride 2) -> pool, conv3d -> pool, conv3d, global average pool, dense. Input is a K x H x W x 2
 * flow volume (x and y displacement per frame pair). tf.layers has no rank-5 BatchNormalization,
 * so this stream has none.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { registerModelFamily } from './registry.js';

const schema = z.object({
  frames: z.number().int().min(4).default(16),
  size: z.number().int().min(16).default(224),
  channels: z.number().int().min(1).default(2),
  filters: z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]).default([32, 64, 128]),
  classes: z.number().int().min(2).default(40),
});
/** Config of the 3D CNN; input [frames, size, size, channels]. */
export type Cnn3dConfig = z.infer<typeof schema>;

function build(c: Cnn3dConfig): tf.LayersModel {
  const m = tf.sequential({ name: 'cnn3d' });
  m.add(tf.layers.conv3d({
    inputShape: [c.frames, c.size, c.size, c.channels], filters: c.filters[0], kernelSize: 3, strides: [1, 2, 2],
    padding: 'same', activation: 'relu',
  }));
  m.add(tf.layers.maxPooling3d({ poolSize: 2 }));
  m.add(tf.layers.conv3d({ filters: c.filters[1], kernelSize: 3, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.maxPooling3d({ poolSize: 2 }));
  m.add(tf.layers.conv3d({ filters: c.filters[2], kernelSize: 3, padding: 'same', activation: 'relu' }));
  // No GlobalAveragePooling3D in tf.layers: average over the whole remaining volume instead.
  const [, d, h, w] = m.outputs[0]!.shape as number[];
  m.add(tf.layers.averagePooling3d({ poolSize: [d!, h!, w!] }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: c.classes }));
  return m;
}

/** Registered as 'cnn3d'. */
export const cnn3dFamily = registerModelFamily<Cnn3dConfig>({
  id: 'cnn3d',
  describe: 'S001 3-layer 3D CNN on a K x H x W x 2 optical-flow volume (temporal stream)',
  configSchema: schema as z.ZodType<Cnn3dConfig>,
  inputs: (c) => [{ name: 'flow', shape: [c.frames, c.size, c.size, c.channels], dtype: 'float32', description: 'flow stack, pixels per frame' }],
  classes: (c) => c.classes,
  output: 'logits',
  tinyConfig: { frames: 8, size: 16, filters: [2, 3, 4], classes: 3 },
  build,
});
