/**
 * What one model input is made of, as typed data recorded with every run. Each kind is produced
 * per clip from the workspace caches by a registered input source (`data/sources/*`) as an
 * `.npy` of `views x ...shape` float32 (or uint8 for RGB), so training streams batches from
 * disk and never holds the dataset in memory.
 */
import { z } from 'zod';
import { flowConfigSchema } from '../../motion/flow/params.js';

const size = z.number().int().min(8).max(1024);

/** How frames are picked from a clip: the names of `media/sampling` strategies. */
const frameStrategy = z.enum(['uniform', 'uniformFirstSeconds', 'middle', 'consecutive']).default('uniform');

export const inputSpecSchema = z.discriminatedUnion('kind', [
  /** One RGB frame [size, size, 3], values 0-1; a clip yields `frames` views (S001 middle frame, S004 1 in 10). */
  z.object({
    kind: z.literal('rgb-frame'),
    size: size.default(112),
    frames: z.number().int().min(1).max(256).default(1),
    strategy: frameStrategy,
    /** For strategy 'uniformFirstSeconds': the span sampled (S002: 10 frames over the first 2 s). */
    seconds: z.number().positive().optional(),
  }).strict(),
  /** An RGB clip [frames, size, size, 3], values 0-1, for 3D CNNs (S003 RGB stream and student). */
  z.object({
    kind: z.literal('rgb-clip'),
    size: size.default(112),
    frames: z.number().int().min(1).max(256).default(16),
    strategy: frameStrategy,
    seconds: z.number().positive().optional(),
  }).strict(),
  /** L consecutive flow fields stacked as 2L channels [size, size, 2L] (S004 temporal CNN, L=10). */
  z.object({
    kind: z.literal('flow-stack'),
    size: size.default(112),
    length: z.number().int().min(1).max(64).default(10),
    /** Stacks per clip (evenly spaced start frames); each is one view. */
    stacks: z.number().int().min(1).max(64).default(1),
    flow: flowConfigSchema.default(flowConfigSchema.parse({ method: 'farneback' })),
  }).strict(),
  /** K evenly spaced flow fields as a volume [K, size, size, 2] (S001 3D CNN, K=16; S003 teacher). */
  z.object({
    kind: z.literal('flow-volume'),
    size: size.default(112),
    frames: z.number().int().min(1).max(256).default(16),
    flow: flowConfigSchema.default(flowConfigSchema.parse({ method: 'farneback' })),
  }).strict(),
  /** S000: binary event frames, 3 consecutive ones stacked as one 3-channel image [size, size, 3]. */
  z.object({
    kind: z.literal('dvs-stack3'),
    size: size.default(112),
    /** Window per binary frame. */
    windowMs: z.number().positive().default(50),
    /** Stacks per recording (evenly spaced); each is one view. */
    stacks: z.number().int().min(1).max(256).default(1),
  }).strict(),
  /** Cached backbone codes [T, D] made by a `training.codes` job (S002). */
  z.object({
    kind: z.literal('codes'),
    /** Key of the code set (returned by the codes job; `cache/codes/<key>/`). */
    codesKey: z.string().min(1),
  }).strict(),
]);

/** A written input spec (defaults optional). */
export type InputSpecInput = z.input<typeof inputSpecSchema>;
/** An input spec with defaults filled. */
export type InputSpec = z.output<typeof inputSpecSchema>;
/** The input kinds. */
export type InputKindId = InputSpec['kind'];
