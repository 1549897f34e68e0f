/**
 * S004 multi-task training: one shared backbone (any registered family with a feature layer)
 * up to its feature layer, then one dense head per task ('task_<name>', logits), e.g. UCF-101
 * and HMDB-51 trained together. The model has `tasks.length` outputs in task order.
 * `classes()` returns the total over tasks and `outputs()` the number of heads. A sample's loss
 * is its own task's head: the trainer's multitask objective maps classes to tasks; the generic
 * trainStep.batchLoss reads labels as indices into the tasks' classes concatenated in order.
 * Backbone layers keep their family's names (no prefix), so the backbone starts from a finished
 * single-task run of the same family with the init source {sourcePrefix: '', targetPrefix: ''}.
 */
import * as tf from '@tensorflow/tfjs';
import { apply } from './blocks.js';
import { registerModelBuilder } from './builders.js';
import { multitaskFamily, taskLayerName, type MultitaskConfig } from './families/multitask.js';
import { buildStream, disposeUnusedLayers } from './streams.js';

function build(c: MultitaskConfig): tf.LayersModel {
  const backbone = buildStream(c.backbone, '', 'Multi-task backbone');
  const outputs = c.tasks.map((t) => apply(tf.layers.dense({ units: t.classes, name: taskLayerName(t.name) }), backbone.features));
  const model = tf.model({ inputs: backbone.model.inputs, outputs, name: 'multitask' });
  disposeUnusedLayers(backbone.model, model);
  return model;
}

registerModelBuilder(multitaskFamily, build);
