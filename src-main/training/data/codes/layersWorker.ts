/**
 * Worker-thread entry listing the layers of a model folder that codes can be taken from, with
 * their per-frame output shapes, the default (feature or penultimate) layer first. Loading a
 * backbone costs a few hundred MB for ImageNet models, so it never happens on the main process.
 */
import * as tf from '@tensorflow/tfjs';
import type { CodeLayerInfo } from '../../../ipc/contract.js';
import type { WorkerIo } from '../../../jobs/workerHost.js';
import { selectBackend } from '../../backends/ladder.js';
import { loadModelDir } from '../../models/modelFiles.js';
import { defaultLayer, type CodesTask } from './codesWorker.js';

/** What to list. */
export interface LayersTask {
  modelDir: string;
  family: CodesTask['family'];
}

/** The default layer, falling back to the penultimate one when the family's feature layer is not in this model. */
function featureOf(model: tf.LayersModel, family: CodesTask['family']): string | null {
  try {
    const name = defaultLayer(model, family);
    return model.layers.some((l) => l.name === name) ? name : defaultLayer(model, null);
  } catch {
    return null;
  }
}

/** The shape of a layer's first output without the batch axis. */
function outShape(layer: tf.layers.Layer): number[] {
  const shape = layer.outputShape as (number | null)[] | (number | null)[][];
  const first = Array.isArray(shape[0]) ? (shape[0] as (number | null)[]) : (shape as (number | null)[]);
  return first.slice(1).map((v) => v ?? 0);
}

/** Lists the model's layers (input layers left out), the feature layer first, then in model order. */
export async function work(task: LayersTask, _io: WorkerIo): Promise<CodeLayerInfo[]> {
  await selectBackend();
  const model = await loadModelDir(task.modelDir);
  try {
    const feature = featureOf(model, task.family);
    const inputs = new Set(model.inputLayers.map((l) => l.name));
    const layers = model.layers.filter((l) => !inputs.has(l.name)).map((l): CodeLayerInfo => {
      const shape = outShape(l);
      return { name: l.name, className: l.getClassName(), shape, size: shape.reduce((a, b) => a * b, 1), feature: l.name === feature };
    });
    return [...layers.filter((l) => l.feature), ...layers.filter((l) => !l.feature)];
  } finally {
    model.dispose();
  }
}
