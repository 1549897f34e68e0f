import { z } from 'zod';
import { getStrategy, strategyIds } from './strategies.js';

/** How sampled frames are brought to the output size. */
export const RESIZE_MODES = ['stretch', 'shortSideCenterCrop', 'randomCrop'] as const;
export type ResizeMode = (typeof RESIZE_MODES)[number];

/**
 * A complete, repeatable description of how frames are taken from a clip: strategy + params,
 * output size (pixels), resize mode and seed. Validated at the edge; recorded with every run and
 * part of every cache key.
 */
export const sampleSpecSchema = z.object({
  strategy: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  width: z.number().int().min(1).max(8192),
  height: z.number().int().min(1).max(8192),
  resize: z.enum(RESIZE_MODES).default('shortSideCenterCrop'),
  /** randomCrop: the short side is first scaled to `cropScale` x the output size (256/224 like ImageNet). */
  cropScale: z.number().min(1).max(4).default(256 / 224),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
}).strict();

/** A spec as written by a user (defaults optional). */
export type SampleSpecInput = z.input<typeof sampleSpecSchema>;

/** A spec with defaults filled in and params validated by its strategy. */
export type SampleSpec = z.output<typeof sampleSpecSchema>;

/**
 * Validates a spec and its strategy's params (filling their defaults), so what is recorded is
 * exactly what ran; errors name the strategy and the bad field.
 */
export function resolveSampleSpec(input: SampleSpecInput): SampleSpec {
  const spec = sampleSpecSchema.parse(input);
  const strategy = getStrategy(spec.strategy);
  const parsed = strategy.paramsSchema.safeParse(spec.params);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
    throw new Error(`Invalid parameters for sampling strategy "${spec.strategy}": ${why}`);
  }
  return { ...spec, params: parsed.data as Record<string, unknown> };
}

/** Whether sampling with this spec involves randomness (strategy params or random crops). */
export function specUsesRandom(spec: SampleSpec): boolean {
  return spec.resize === 'randomCrop' || getStrategy(spec.strategy).usesRandom(spec.params);
}

/** One line for logs and the UI, e.g. "16 frames evenly over the clip, 224x224 shortSideCenterCrop". */
export function describeSpec(spec: SampleSpec): string {
  return `${getStrategy(spec.strategy).describe(spec.params)}, ${spec.width}x${spec.height} ${spec.resize}` +
    (specUsesRandom(spec) ? `, seed ${spec.seed}` : '');
}

export { strategyIds };
