/**
 * The model zoo's catalogue: every trainable architecture is a family registered once, with a
 * typed config (validated by zod at the edge, recorded with each run), its inputs and outputs.
 * No tfjs here, on purpose: the main process validates run configs, lists families (`mwb
 * models`, the recipes) and must not pay for loading TensorFlow.js. Each family's tf.layers
 * builder is registered separately (builders.ts), where models are built: the trainer and
 * evaluator child processes and the workers. Adding a family is one info file under
 * `families/` (imported from families/index.ts) and one builder file (imported from index.ts).
 */
import type { z } from 'zod';

/** One model input: its shape without the batch axis, e.g. [16, 112, 112, 2] for a flow volume. */
export interface ModelInput {
  name: string;
  /** Shape without the batch axis. */
  shape: number[];
  dtype: 'float32';
  /** What the input holds, e.g. "RGB frame, 0-1" or "flow stack, pixels per frame". */
  description: string;
}

/** How the model's output is read by the loss: raw logits, or probabilities already summing to 1. */
export type ModelOutput = 'logits' | 'probabilities';

/** One family of models (`{ id, describe, inputs, configSchema }`); its builder lives in builders.ts. */
export interface ModelFamily<Config = unknown> {
  /** Stable id, recorded with runs: 'small-cnn', 'resnet18', ... */
  id: string;
  /** One line for lists: what it is and which published system uses it. */
  describe: string;
  /** Validates and fills defaults of a config from the UI, the CLI or a stored run. */
  configSchema: z.ZodType<Config>;
  /** The inputs a model built from this config expects. */
  inputs(config: Config): ModelInput[];
  /** Number of classes the output scores. */
  classes(config: Config): number;
  output: ModelOutput;
  /**
   * Name of the layer whose output is the clip's feature vector (just before the classifier):
   * what distillation matches, code extraction caches, mid fusion concatenates and the Siamese
   * contrastive loss compares. Absent when the family has no such layer (e.g. sequence heads).
   */
  featureLayer?(config: Config): string;
  /** Number of model outputs (multi-task heads); 1 when absent. */
  outputs?(config: Config): number;
  /** A tiny config (16-32 px, a few channels) that tests and the kernel-coverage check build. */
  tinyConfig: Record<string, unknown>;
}

const families = new Map<string, ModelFamily<unknown>>();

/** Adds a family; each family's module calls this once at import. */
export function registerModelFamily<Config>(family: ModelFamily<Config>): ModelFamily<Config> {
  if (families.has(family.id)) throw new Error(`Model family ${family.id} is registered twice`);
  families.set(family.id, family as ModelFamily<unknown>);
  return family;
}

/** The family with this id, or an error listing the known ones. */
export function getModelFamily(id: string): ModelFamily<unknown> {
  const f = families.get(id);
  if (!f) throw new Error(`Unknown model family "${id}". Known: ${[...families.keys()].join(', ') || 'none'}`);
  return f;
}

/** Every registered family, in registration order. */
export function listModelFamilies(): ModelFamily<unknown>[] {
  return [...families.values()];
}

/** Validates `config` for family `id` (filling defaults); the error names the family and the field. */
export function parseModelConfig(id: string, config: unknown): unknown {
  const family = getModelFamily(id);
  const r = family.configSchema.safeParse(config ?? {});
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
    throw new Error(`Invalid config for model family ${id}: ${issues}`);
  }
  return r.data;
}
