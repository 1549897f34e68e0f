/**
 * Info of 'small-cnn', S001's small CNN (INFOMCV two-stream, spatial stream); the architecture
 * and its layer names are described with its builder, ../smallCnn.ts.
 */
import { z } from 'zod';
import { freezeDefault, freezeSchema } from '../freeze.js';
import { registerModelFamily } from '../registry.js';
import { headFeature, headFields } from './fields.js';

const width = z.number().int().min(1);
const schema = z.object({
  inputSize: z.number().int().min(16).default(224),
  channels: z.number().int().min(1).default(3),
  widths: z.tuple([width, width, width]).default([96, 256, 512]),
  classes: z.number().int().min(2).default(40),
  batchNorm: z.boolean().default(true),
  ...headFields,
  freeze: freezeSchema.default(freezeDefault()),
});
/** Config of the small CNN; input [inputSize, inputSize, channels]. */
export type SmallCnnConfig = z.infer<typeof schema>;

/** Registered as 'small-cnn'. */
export const smallCnnFamily = registerModelFamily<SmallCnnConfig>({
  id: 'small-cnn',
  describe: 'S001 small CNN (3 conv layers, BN, global pool, dense + dropout) on RGB frames; freeze for transfer',
  configSchema: schema as z.ZodType<SmallCnnConfig>,
  inputs: (c) => [{ name: 'frame', shape: [c.inputSize, c.inputSize, c.channels], dtype: 'float32', description: 'RGB frame, 0-1' }],
  classes: (c) => c.classes,
  output: 'logits',
  featureLayer: (c) => headFeature(c, 'pool'),
  tinyConfig: { inputSize: 24, widths: [4, 6, 8], denseUnits: 8, dropout: 0.2, classes: 3 },
});
