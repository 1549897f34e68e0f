/**
 * ResNet-18 (2D, basic blocks [2, 2, 2, 2], widths 64-512), the backbone of S000 and the 2D
 * baseline of S003/S004, built by the shared ResNet builder (backbones/resnet.ts) with Keras-style
 * layer names, the common backbone config (freeze mode, head dropout, width multiplier) and the
 * new head. `baseWidth` (width of the first stage, 64 in the paper) is kept for configs written
 * before `widthScale`; the effective multiplier is widthScale x baseWidth / 64.
 */
import { z } from 'zod';
import { backboneFields, registerBackbone } from './backbones/common.js';
import { buildResNet, RESNET18, resnetStages } from './backbones/resnet.js';

const schema = z.object({
  ...backboneFields(224, 32),
  /** Width of the first stage; 64 in the paper. Multiplies with widthScale. */
  baseWidth: z.number().int().min(1).default(64),
});
/** Config of ResNet-18; input [inputSize, inputSize, channels]. */
export type ResNet18Config = z.output<typeof schema>;

/** Registered as 'resnet18'. */
export const resnet18Family = registerBackbone<ResNet18Config>({
  id: 'resnet18',
  describe: 'ResNet-18 (2D) on RGB or stacked frames with a new head; S000 backbone, S003/S004 2D baseline',
  schema,
  tinyConfig: { inputSize: 32, baseWidth: 2, classes: 3 },
  build: (c) => buildResNet(RESNET18, { ...c, widthScale: (c.widthScale * c.baseWidth) / 64 }, 'resnet18'),
  stages: resnetStages,
});
