/**
 * The tf.layers builder of each registered model family. Apart from registry.ts so that only the
 * processes that build models (trainer, evaluator, workers, tests, bench) load TensorFlow.js;
 * each builder module registers its family's builder once, next to the family's info it imports.
 */
import type * as tf from '@tensorflow/tfjs';
import { getModelFamily, parseModelConfig, type ModelFamily } from './registry.js';

/** Builds a fresh, randomly initialised model from a parsed config (layers frozen per its freeze mode). */
export type ModelBuilder<Config> = (config: Config) => tf.LayersModel;

const builders = new Map<string, ModelBuilder<unknown>>();

/** Adds the builder of a registered family; each builder module calls this once at import. */
export function registerModelBuilder<Config>(family: ModelFamily<Config>, build: ModelBuilder<Config>): void {
  if (builders.has(family.id)) throw new Error(`Model family ${family.id} has its builder registered twice`);
  if (getModelFamily(family.id) !== (family as ModelFamily<unknown>)) {
    throw new Error(`Model family ${family.id}: the builder names a family object that is not the registered one`);
  }
  builders.set(family.id, build as ModelBuilder<unknown>);
}

/** The builder of family `id`, or an error naming the families that have one. */
export function getModelBuilder(id: string): ModelBuilder<unknown> {
  const b = builders.get(id);
  if (!b) {
    getModelFamily(id); // an unknown id gets the registry's error, listing the known families
    throw new Error(`Model family "${id}" has no builder in this process; known builders: ${[...builders.keys()].join(', ') || 'none'}`);
  }
  return b;
}

/** Ids of the families with a builder, in registration order. */
export function listModelBuilderIds(): string[] {
  return [...builders.keys()];
}

/** Builds a model of family `id` from a raw config (validated here). */
export function buildModel(id: string, config: unknown): { model: tf.LayersModel; config: unknown; family: ModelFamily<unknown> } {
  const family = getModelFamily(id);
  const parsed = parseModelConfig(id, config);
  return { model: getModelBuilder(id)(parsed), config: parsed, family };
}
