/**
 * Imports every model family with its tf.layers builder, so models can be built: for the trainer
 * and evaluator processes, workers, tests and bench. This loads TensorFlow.js; code running in
 * the main process imports ./families/index.ts (infos only) instead.
 */
import './families/index.js';
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

export { buildModel, getModelBuilder, listModelBuilderIds, registerModelBuilder } from './builders.js';
export type { ModelBuilder } from './builders.js';
export { getModelFamily, listModelFamilies, parseModelConfig, registerModelFamily } from './registry.js';
export type { ModelFamily, ModelInput, ModelOutput } from './registry.js';
