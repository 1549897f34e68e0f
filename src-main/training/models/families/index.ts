/**
 * Imports every model family's info so each registers itself (config schema, inputs, outputs; no
 * tfjs): what the main process imports to validate run configs and list families. The order is
 * the order families are listed in (`mwb models`, the new-run dialog). Builders: ../index.ts.
 */
import './smallCnn.js';
import './backbones.js';
import './cnn3d.js';
import './sequenceHeads.js';
import './lstmHead.js';
import './resnet3d18.js';
import './flowCnn.js';
import './twoStreamMid.js';
import './multitask.js';

export { getModelFamily, listModelFamilies, parseModelConfig, registerModelFamily } from '../registry.js';
export type { ModelFamily, ModelInput, ModelOutput } from '../registry.js';
