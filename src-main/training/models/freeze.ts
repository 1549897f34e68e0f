/**
 * Freeze modes shared by every family with a backbone and a head: train everything, only the
 * head (S000 "frozen", S001 transfer, S004 "last layer only"), or all but the first N stages.
 * A family lists its stages as layer-name prefixes; the head is every layer in no stage.
 */
import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

export const freezeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }).strict(),
  z.object({ mode: z.literal('head-only') }).strict(),
  z.object({ mode: z.literal('first-stages'), stages: z.number().int().min(1) }).strict(),
]);
/** Which layers keep their weights during training. */
export type FreezeConfig = z.output<typeof freezeSchema>;

/** Default: nothing frozen. */
export const freezeDefault = (): FreezeConfig => ({ mode: 'none' });

/**
 * Sets `trainable = false` on the layers the freeze mode covers. `stages` holds, in input-to-
 * output order, the layer-name prefixes of each backbone stage; layers matching no prefix are the
 * head. Returns the names of the frozen layers (recorded with the run).
 */
export function applyFreeze(model: tf.LayersModel, stages: readonly (readonly string[])[], freeze: FreezeConfig): string[] {
  if (freeze.mode === 'none') return [];
  const upto = freeze.mode === 'head-only' ? stages.length : Math.min(freeze.stages, stages.length);
  const prefixes = stages.slice(0, upto).flat();
  const frozen: string[] = [];
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    if (prefixes.some((p) => layer.name.startsWith(p))) {
      layer.trainable = false;
      frozen.push(layer.name);
    }
  }
  return frozen;
}
