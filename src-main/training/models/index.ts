/** Imports every model family so each registers itself; import this, not the files one by one. */
import './smallCnn.js';
import './resnet18.js';
import './backbones/resnet.js';
import './backbones/vgg.js';
import './backbones/densenet.js';
import './backbones/mobilenetv2.js';
import './backbones/inceptionv3.js';
import './cnn3d.js';
import './lstmHead.js';
import './resnet3d18.js';
import './flowCnn.js';
import './sequenceHeads.js';
import './twoStreamMid.js';
import './multitask.js';

export { buildModel, getModelFamily, listModelFamilies, parseModelConfig, registerModelFamily } from './registry.js';
export type { ModelFamily, ModelInput, ModelOutput } from './registry.js';
