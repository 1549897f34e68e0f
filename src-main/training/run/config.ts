/**
 * A training run's complete configuration as typed data: what data (split set, subsets, classes),
 * which inputs, which model family and config, how to optimise, which objective, where initial
 * weights come from. Validated at the edge (UI, CLI `mwb train --config`, IPC), stored with the
 * run, so any run can be repeated exactly from its row.
 */
import { z } from 'zod';
import { inputSpecSchema } from '../data/inputSpec.js';

const lr = (d: number): z.ZodDefault<z.ZodNumber> => z.number().positive().max(10).default(d);
const weightDecay = z.number().min(0).max(1).default(0);

/** Adam, Adamax (S000: lr 1e-3, wd 1e-3) or SGD with momentum/Nesterov (S003: lr 0.1, m 0.9, wd 5e-4). */
export const optimizerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('adam'), lr: lr(1e-3), beta1: z.number().min(0).max(1).default(0.9),
    beta2: z.number().min(0).max(1).default(0.999), epsilon: z.number().positive().default(1e-7), weightDecay }).strict(),
  z.object({ type: z.literal('adamax'), lr: lr(2e-3), beta1: z.number().min(0).max(1).default(0.9),
    beta2: z.number().min(0).max(1).default(0.999), epsilon: z.number().positive().default(1e-7), weightDecay }).strict(),
  z.object({ type: z.literal('sgd'), lr: lr(0.01), momentum: z.number().min(0).max(1).default(0),
    nesterov: z.boolean().default(false), weightDecay }).strict(),
]);
export type OptimizerConfig = z.output<typeof optimizerSchema>;

/** Learning-rate schedule per epoch (S001: halve every 4 epochs), after an optional linear warm-up. */
export const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }).strict(),
  z.object({ kind: z.literal('step'), everyEpochs: z.number().int().min(1).default(4), factor: z.number().positive().max(1).default(0.5) }).strict(),
  z.object({ kind: z.literal('cosine'), minLr: z.number().min(0).default(0) }).strict(),
]);
export type ScheduleConfig = z.output<typeof scheduleSchema>;

/** Validation metrics a run can select its best checkpoint or stop early by. */
export const METRICS = ['val_acc', 'val_loss'] as const;
export type MetricName = (typeof METRICS)[number];

/** What the run minimises. */
export const objectiveSchema = z.discriminatedUnion('kind', [
  /** Cross-entropy on the class labels. */
  z.object({ kind: z.literal('classify') }).strict(),
  /**
   * S003: CE + alpha * MSE(student features at `studentLayer`, frozen teacher features at
   * `teacherLayer`). The teacher is a finished run; its inputs are produced alongside the student's.
   */
  z.object({ kind: z.literal('distill'), teacherRunId: z.number().int().positive(), teacherLayer: z.string().min(1),
    studentLayer: z.string().min(1), alpha: z.number().min(0).default(1) }).strict(),
  /**
   * S004: shared-weight network on pairs; contrastive loss with `margin` on the embedding at
   * `embeddingLayer` (similar = clips in one multi-view link group, dissimilar = other classes,
   * `dissimilarPerSimilar` of them per similar pair), plus `softmaxWeight` x CE.
   */
  z.object({ kind: z.literal('siamese'), margin: z.number().positive().default(1), dissimilarPerSimilar: z.number().int().min(1).default(20),
    embeddingLayer: z.string().min(1), softmaxWeight: z.number().min(0).default(1) }).strict(),
  /**
   * S004 multi-task: one backbone, one softmax head per task; a sample's loss is its own task's
   * head (the task whose class list holds its class). The model family must have one output per task.
   */
  z.object({ kind: z.literal('multitask'), tasks: z.array(z.object({ name: z.string().min(1),
    classIds: z.array(z.number().int().positive()).min(2) })).min(2) }).strict(),
]);
export type ObjectiveConfig = z.output<typeof objectiveSchema>;

/** Where initial weights come from, applied in order by layer name (with optional prefixes). */
export const initSourceSchema = z.object({
  from: z.discriminatedUnion('kind', [
    /** The best checkpoint of a finished run in this workspace. */
    z.object({ kind: z.literal('run'), runId: z.number().int().positive() }).strict(),
    /** A TF.js Layers `model.json` (+ shards beside it) or a Keras `.h5` weights file. */
    z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(),
  ]),
  /** Only source layers whose name starts with this; the prefix is replaced by `targetPrefix`. */
  sourcePrefix: z.string().default(''),
  targetPrefix: z.string().default(''),
}).strict();
export type InitSource = z.output<typeof initSourceSchema>;

export const augmentSchema = z.object({
  /** Random crop of `scale` x the side (then resized back), else none. */
  randomCrop: z.object({ scale: z.tuple([z.number().min(0.1).max(1), z.number().min(0.1).max(1)]).default([0.8, 1]) }).strict().nullable().default(null),
  /** Horizontal flip with p = 0.5; flow's u channels are negated. */
  flip: z.boolean().default(false),
  /** Uniform brightness offset in [-b, b] and contrast factor in [1-c, 1+c] (RGB inputs only). */
  brightness: z.number().min(0).max(1).default(0),
  contrast: z.number().min(0).max(1).default(0),
}).strict();
export type AugmentConfig = z.output<typeof augmentSchema>;

export const dataSchema = z.object({
  splitSetId: z.number().int().positive(),
  /** k-fold sets: the fold used for validation (the other folds train). */
  fold: z.number().int().min(0).nullable().default(null),
  /** Class ids in label order; default every class with a clip in the train subset, by id. */
  classIds: z.array(z.number().int().positive()).min(2).nullable().default(null),
  /** Training draws one random view per clip per epoch ('one') or every view ('all'). */
  viewsPerClip: z.enum(['one', 'all']).default('one'),
  /** Caps per subset (tests and quick looks); null = all clips. */
  limitPerSubset: z.number().int().positive().nullable().default(null),
}).strict();
export type DataConfig = z.output<typeof dataSchema>;

export const trainingSchema = z.object({
  epochs: z.number().int().min(1).max(10_000).default(10),
  batchSize: z.number().int().min(1).max(4096).default(32),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  optimizer: optimizerSchema.default(optimizerSchema.parse({ type: 'adam' })),
  schedule: scheduleSchema.default({ kind: 'constant' }),
  warmupEpochs: z.number().int().min(0).default(0),
  /** Global gradient-norm clip; null = none. */
  clipNorm: z.number().positive().nullable().default(null),
  /** Stop when `metric` has not improved by `minDelta` for `patience` epochs. */
  earlyStopping: z.object({ metric: z.enum(METRICS).default('val_loss'), patience: z.number().int().min(1).default(3),
    minDelta: z.number().min(0).default(0) }).strict().nullable().default(null),
  /** The checkpoint kept as "best". */
  bestMetric: z.enum(METRICS).default('val_acc'),
}).strict();
export type TrainingConfig = z.output<typeof trainingSchema>;

/** A whole run. */
export const runConfigSchema = z.object({
  name: z.string().min(1).max(200),
  /** Built-in recipe this run came from (e.g. 'S001-two-stream-spatial'), for the UI. */
  recipe: z.string().nullable().default(null),
  data: dataSchema,
  /** One spec per model input, in the model's input order. */
  inputs: z.array(inputSpecSchema).min(1),
  augment: augmentSchema.default(augmentSchema.parse({})),
  model: z.object({ family: z.string().min(1), config: z.record(z.string(), z.unknown()).default({}) }).strict(),
  training: trainingSchema.default(trainingSchema.parse({})),
  objective: objectiveSchema.default({ kind: 'classify' }),
  init: z.array(initSourceSchema).default([]),
}).strict();

/** A run config as written (defaults optional). */
export type RunConfigInput = z.input<typeof runConfigSchema>;
/** A validated run config with defaults filled: what is stored and what runs. */
export type RunConfig = z.output<typeof runConfigSchema>;

/** Validates a run config; the error lists every bad field by path. */
export function parseRunConfig(raw: unknown, source = 'run config'): RunConfig {
  const r = runConfigSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`Invalid ${source}: ${issues}`);
  }
  return r.data;
}
