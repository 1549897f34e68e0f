import { z } from 'zod';
import type { EventSink } from './eventSink.js';

/**
 * Video-to-events pixel models (spec §3), registered by id like the readers: adding a model is
 * adding one file. Each model turns grey frames into log intensity its own way and keeps a
 * per-pixel state (reference log level, last event time, ...) between frames.
 */

/** Options every model takes; each model's schema extends this one. */
export const baseSimSchema = z.object({
  model: z.string(),
  /** Seeds every random draw (threshold mismatch, noise): same seed, same events. */
  seed: z.number().int().min(0).max(0xffffffff).default(0),
  /** Log-intensity frames per source frame interval (1 = none): linear interpolation in log space. */
  upsample: z.number().int().min(1).max(64).default(1),
  /** Nominal ON / OFF contrast thresholds, in log intensity units. */
  thresholdOn: z.number().min(0.01).max(10).default(0.2),
  thresholdOff: z.number().min(0.01).max(10).default(0.2),
});

/** The options shared by every model (after defaults). */
export type BaseSimParams = z.infer<typeof baseSimSchema>;

/** A running simulator for one video: frames in, events out. */
export interface PixelModel {
  readonly width: number;
  readonly height: number;
  /** Grey frame (uint8 H x W, row-major) -> this model's log intensity (Float32 H x W). */
  toLog(gray: Uint8Array, out: Float32Array): void;
  /** The first frame at `tUs` (µs): sets the per-pixel state, emits nothing. */
  init(log: Float32Array, tUs: number): void;
  /** The next log frame at `tUs` (> the previous one): appends this interval's events to `sink`, unsorted. */
  step(log: Float32Array, tUs: number, sink: EventSink): void;
}

/** One simulation model, registered once (`{ id, describe, schema, create }`). */
export interface DvsModel<P extends BaseSimParams = BaseSimParams> {
  id: string;
  describe: string;
  /** Validates and fills in this model's options (an object with `model: id`). */
  schema: z.ZodType<P>;
  create(params: P, width: number, height: number): PixelModel;
}

const models = new Map<string, DvsModel>();

/** Adds a model; each model module calls this once at import. */
export function registerDvsModel<P extends BaseSimParams>(model: DvsModel<P>): DvsModel<P> {
  if (models.has(model.id)) throw new Error(`DVS model ${model.id} is registered twice`);
  models.set(model.id, model as unknown as DvsModel);
  return model;
}

/** The registered model with this id, or an error listing the known ones. */
export function getDvsModel(id: string): DvsModel {
  const m = models.get(id);
  if (!m) throw new Error(`Unknown DVS simulation model "${id}": use one of ${[...models.keys()].join(', ')}`);
  return m;
}

/** Ids of the registered models (CLI choices). */
export function dvsModelIds(): string[] {
  return [...models.keys()];
}

/** Validates options against their model's schema (defaults filled in); errors name the fields. */
export function parseSimParams(raw: unknown): BaseSimParams {
  const base = z.object({ model: z.string() }).safeParse(raw);
  if (!base.success) throw new Error('Simulation options need a "model"');
  const r = getDvsModel(base.data.model).schema.safeParse(raw);
  if (!r.success) throw new Error(`Invalid ${base.data.model} options: ${r.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ')}`);
  return r.data;
}
