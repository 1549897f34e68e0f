/** Pretrained-weight import (TF.js Layers folders, Keras .h5): import this, not the files one by one. */
export { applySourceLayers, importWeights, weightedLayers } from './importWeights.js';
export type { ImportOptions, ImportReport } from './importWeights.js';
export { isHdf5File, readKerasH5 } from './kerasH5.js';
export { readTfjsWeights } from './tfjsWeights.js';
export type { SourceLayer, SourceWeight } from './sourceLayers.js';
