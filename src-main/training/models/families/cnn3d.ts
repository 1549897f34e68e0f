/**
 * Info of 'cnn3d', S001's 3-layer 3D CNN on a K x H x W x 2 optical-flow volume (the temporal
 * stream); the architecture and its layer names are described with its builder, ../cnn3d.ts.
 */
import { z } from 'zod';
import { freezeDefault, freezeSchema } from '../freeze.js';
import { registerModelFamily } from '../registry.js';
import { headFeature, headFields } from './fields.js';

const width = z.number().int().min(1);
const schema = z.object({
  frames: z.number().int().min(4).default(16),
  size: z.number().int().min(16).default(224),
  channels: z.number().int().min(1).default(2),
  filters: z.tuple([width, width, width]).default([32, 64, 128]),
  classes: z.number().int().min(2).default(40),
  batchNorm: z.boolean().default(false),
  ...headFields,
  freeze: freezeSchema.default(freezeDefault()),
});
/** Config of the 3D CNN; input [frames, size, size, channels]. */
export type Cnn3dConfig = z.infer<typeof schema>;

/** Registered as 'cnn3d'. */
export const cnn3dFamily = registerModelFamily<Cnn3dConfig>({
  id: 'cnn3d',
  describe: 'S001 3-layer 3D CNN on a K x H x W x 2 optical-flow volume (temporal stream)',
  configSchema: schema as z.ZodType<Cnn3dConfig>,
  inputs: (c) => [{ name: 'flow', shape: [c.frames, c.size, c.size, c.channels], dtype: 'float32', description: 'flow volume, pixels per frame' }],
  classes: (c) => c.classes,
  output: 'logits',
  featureLayer: (c) => headFeature(c, 'pool'),
  tinyConfig: { frames: 8, size: 16, filters: [2, 3, 4], denseUnits: 8, dropout: 0.2, classes: 3 },
});
