/**
 * Info of 'flow-cnn', S004's temporal stream (Simonyan & Zisserman: a CNN-M-2048-like 2D CNN on
 * L stacked flow fields as 2L channels); architecture and layer names: ../flowCnn.ts.
 */
import { z } from 'zod';
import { freezeDefault, freezeSchema } from '../freeze.js';
import { registerModelFamily } from '../registry.js';

const width = z.number().int().min(1);
const schema = z.object({
  size: z.number().int().min(16).default(224),
  /** L: flow fields per stack; the input has 2L channels. */
  length: z.number().int().min(1).default(10),
  convWidths: z.tuple([width, width, width, width, width]).default([96, 256, 512, 512, 512]),
  denseUnits: z.tuple([width, width]).default([4096, 2048]),
  dropout: z.number().min(0).max(0.95).default(0.5),
  batchNorm: z.boolean().default(true),
  classes: z.number().int().min(2).default(101),
  freeze: freezeSchema.default(freezeDefault()),
});
/** Config of the temporal CNN; input [size, size, 2 * length]. */
export type FlowCnnConfig = z.infer<typeof schema>;

/** Registered as 'flow-cnn'. */
export const flowCnnFamily = registerModelFamily<FlowCnnConfig>({
  id: 'flow-cnn',
  describe: 'S004 temporal stream: CNN-M-2048-like 2D CNN on L stacked flow fields as 2L channels',
  configSchema: schema as z.ZodType<FlowCnnConfig>,
  inputs: (c) => [{ name: 'flow_stack', shape: [c.size, c.size, 2 * c.length], dtype: 'float32', description: 'flow stack (u, v per field), pixels per frame' }],
  classes: (c) => c.classes,
  output: 'logits',
  featureLayer: () => 'full7',
  tinyConfig: { size: 32, length: 2, convWidths: [4, 4, 6, 6, 6], denseUnits: [12, 8], dropout: 0.2, classes: 3 },
});
