/**
 * Builds a registered family's model as a part of a larger one (mid fusion, multi-task): the
 * stream's graph is rebuilt from its config with every layer renamed `${prefix}${name}`, so two
 * streams of the same family can live in one model and a finished run's weights load into a
 * stream by name with the init source {sourcePrefix: '', targetPrefix: prefix}. Weights of the
 * copy are freshly initialised; its trainable flags (the stream's own freeze mode) are kept.
 */
import * as tf from '@tensorflow/tfjs';
import { getModelBuilder } from './builders.js';
import type { FamilyRef } from './families/familyRef.js';
import { getModelFamily, parseModelConfig, type ModelFamily } from './registry.js';

/** One layer entry of a functional model's config (tfjs' serialised form). */
interface LayerEntry { name: string; className: string; config: Record<string, unknown>; inboundNodes: unknown[][] }
/** A functional model's config: layers and [layerName, nodeIndex, tensorIndex] refs. */
interface GraphConfig { name: string; layers: LayerEntry[]; inputLayers: [string, number, number][]; outputLayers: [string, number, number][] }

/** `model`'s graph rebuilt with every layer (inputs included) named `${prefix}${name}`; fresh weights. */
export function prefixedCopy(model: tf.LayersModel, prefix: string, what: string): tf.LayersModel {
  if (model instanceof tf.Sequential) {
    throw new Error(`${what} builds a Sequential model; it can only be nested when built with the functional API (tf.model)`);
  }
  const config = model.getConfig() as unknown as GraphConfig;
  const rename = (n: string): string => `${prefix}${n}`;
  const layers = config.layers.map((l) => ({
    ...l,
    name: rename(l.name),
    config: { ...l.config, name: rename(l.name) },
    inboundNodes: l.inboundNodes.map((node) => (node as unknown[][]).map(([name, ...rest]) => [rename(name as string), ...rest])),
  }));
  const graph = {
    name: rename(config.name),
    layers,
    inputLayers: config.inputLayers.map(([n, ...r]) => [rename(n), ...r]),
    outputLayers: config.outputLayers.map(([n, ...r]) => [rename(n), ...r]),
  };
  const copy = tf.LayersModel.fromConfig(tf.LayersModel, graph as unknown as tf.serialization.ConfigDict) as tf.LayersModel;
  // fromConfig keeps `trainable` from the config; restore it per layer to be sure.
  for (const l of model.layers) copy.getLayer(rename(l.name)).trainable = l.trainable;
  return copy;
}

/** A built stream: its family, parsed config, prefixed model and the output of its feature layer. */
export interface Stream {
  family: ModelFamily<unknown>;
  config: unknown;
  model: tf.LayersModel;
  /** Output of the stream's feature layer: [B, F]. */
  features: tf.SymbolicTensor;
}

/** Builds `ref` with layer names prefixed by `prefix` and finds its feature layer; `what` names it in errors. */
export function buildStream(ref: FamilyRef, prefix: string, what: string): Stream {
  const family = getModelFamily(ref.family);
  if (!family.featureLayer) {
    throw new Error(`${what}: model family ${family.id} has no feature layer, so it cannot feed a fused or shared head; choose a CNN family`);
  }
  const config = parseModelConfig(ref.family, ref.config);
  if ((family.outputs?.(config) ?? 1) !== 1) {
    throw new Error(`${what}: model family ${family.id} has several outputs; choose a single-output family`);
  }
  const original = getModelBuilder(family.id)(config);
  const featureName = family.featureLayer(config);
  let model: tf.LayersModel;
  try {
    model = prefixedCopy(original, prefix, `${what} (${family.id})`);
  } finally {
    original.dispose();
  }
  const features = model.getLayer(`${prefix}${featureName}`).output as tf.SymbolicTensor;
  if (features.shape.length !== 2) {
    throw new Error(`${what}: feature layer ${featureName} of ${family.id} gives shape ${JSON.stringify(features.shape)}; a [batch, features] layer is needed`);
  }
  return { family, config, model, features };
}

/** Frees the weights of `part`'s layers that did not end up in `whole` (e.g. a stream's own classifier). */
export function disposeUnusedLayers(part: tf.LayersModel, whole: tf.LayersModel): void {
  const used = new Set(whole.layers);
  for (const l of part.layers) if (!used.has(l)) l.dispose();
}
