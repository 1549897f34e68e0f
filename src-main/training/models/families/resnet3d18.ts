/**
 * Info of 'resnet3d18', the 3D ResNet-18 (Hara et al.; S003's FTSnet teacher on flow and student
 * on RGB); architecture and layer names: ../resnet3d18.ts.
 */
import { z } from 'zod';
import { freezeDefault, freezeSchema } from '../freeze.js';
import { registerModelFamily } from '../registry.js';

const schema = z.object({
  frames: z.number().int().min(1).default(16),
  size: z.number().int().min(16).default(112),
  /** 3 for RGB clips, 2 for flow volumes. */
  channels: z.number().int().min(1).default(3),
  /** Width of the first stage; 64 in the paper, smaller for tests. */
  baseWidth: z.number().int().min(1).default(64),
  classes: z.number().int().min(2).default(51),
  /** Dropout on the pooled features before the classifier (training only). */
  dropout: z.number().min(0).max(0.95).default(0),
  freeze: freezeSchema.default(freezeDefault()),
});
/** Config of the 3D ResNet-18; input [frames, size, size, channels]. */
export type ResNet3d18Config = z.infer<typeof schema>;

/** Registered as 'resnet3d18'. */
export const resnet3d18Family = registerModelFamily<ResNet3d18Config>({
  id: 'resnet3d18',
  describe: 'S003 3D ResNet-18 on RGB clips [T,H,W,3] or flow volumes [K,H,W,2] (FTSnet teacher and student)',
  configSchema: schema as z.ZodType<ResNet3d18Config>,
  inputs: (c) => [{ name: 'clip', shape: [c.frames, c.size, c.size, c.channels], dtype: 'float32',
    description: c.channels === 2 ? 'flow volume, pixels per frame' : 'RGB clip, normalised per channel' }],
  classes: (c) => c.classes,
  output: 'logits',
  featureLayer: () => 'features',
  tinyConfig: { frames: 4, size: 16, baseWidth: 2, classes: 3 },
});
