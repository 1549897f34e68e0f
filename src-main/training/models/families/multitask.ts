/**
 * Info of 'multitask', S004 multi-task training: one shared backbone (any registered family with
 * a feature layer), one dense head per task; `classes()` is the total over tasks and `outputs()`
 * the number of heads (../multitask.ts builds it and documents the layer names).
 */
import { z } from 'zod';
import { getModelFamily, parseModelConfig, registerModelFamily } from '../registry.js';
import { familyRefSchema } from './familyRef.js';

const taskSchema = z.object({
  /** Any name (e.g. the dataset's); its head layer is 'task_' + the name with other characters than [A-Za-z0-9_] as '_'. */
  name: z.string().min(1),
  classes: z.number().int().min(2),
}).strict();

/** The output layer of the task named `name`. */
export const taskLayerName = (name: string): string => `task_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;

const schema = z.object({
  backbone: familyRefSchema.default({ family: 'flow-cnn', config: {} }),
  tasks: z.array(taskSchema).min(2),
}).refine((c) => new Set(c.tasks.map((t) => taskLayerName(t.name))).size === c.tasks.length,
  { message: 'task names must differ (letters, digits and _; other characters count as _)', path: ['tasks'] });
/** Config of the multi-task model. */
export type MultitaskConfig = z.infer<typeof schema>;

/** Class count per task, in output order. */
export const taskClasses = (c: MultitaskConfig): number[] => c.tasks.map((t) => t.classes);

/** Registered as 'multitask'. */
export const multitaskFamily = registerModelFamily<MultitaskConfig>({
  id: 'multitask',
  describe: 'S004 multi-task: one shared backbone, one softmax head per dataset (task)',
  configSchema: schema as unknown as z.ZodType<MultitaskConfig>,
  inputs: (c) => getModelFamily(c.backbone.family).inputs(parseModelConfig(c.backbone.family, c.backbone.config)),
  classes: (c) => taskClasses(c).reduce((a, b) => a + b, 0),
  outputs: (c) => c.tasks.length,
  output: 'logits',
  featureLayer: (c) => {
    const backbone = getModelFamily(c.backbone.family);
    if (!backbone.featureLayer) throw new Error(`Multi-task backbone ${backbone.id} has no feature layer; choose a CNN family`);
    return backbone.featureLayer(parseModelConfig(c.backbone.family, c.backbone.config));
  },
  tinyConfig: {
    backbone: { family: 'small-cnn', config: { inputSize: 16, widths: [3, 4, 6], denseUnits: 8, dropout: 0, classes: 2 } },
    tasks: [{ name: 'a', classes: 2 }, { name: 'b', classes: 2 }],
  },
});
