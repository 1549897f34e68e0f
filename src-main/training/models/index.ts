/** Imports every model family so each registers itself; import this, not the files one by one. */
import './smallCnn.js';
import './resnet18.js';
import './cnn3d.js';
import './lstmHead.js';

export { buildModel, getModelFamily, listModelFamilies, parseModelConfig, registerModelFamily } from './registry.js';
export type { ModelFamily, ModelInput, ModelOutput } from './registry.js';
