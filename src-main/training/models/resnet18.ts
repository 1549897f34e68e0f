/**
 * ResNet-18 (2D, basic blocks [2, 2, 2, 2], widths 64-512), the backbone of S000 and the 2D
 * baseline of S003/S004, built by the shared ResNet builder (backbones/resnet.ts) with Keras-style
 * layer names, the common backbone config (freeze mode, head dropout, width multiplier) and the
 * new head. `baseWidth` (width of the first stage, 64 in the paper) is kept for configs written
 * before `widthScale`; the effective multiplier is widthScale x baseWidth / 64.
 */
import { registerBackbone } from './backbones/common.js';
import { buildResNet, RESNET18, resnetStages } from './backbones/resnet.js';
import { resnet18Family } from './families/backbones.js';

registerBackbone(resnet18Family, {
  build: (c) => buildResNet(RESNET18, { ...c, widthScale: (c.widthScale * c.baseWidth) / 64 }, 'resnet18'),
  stages: resnetStages,
});
