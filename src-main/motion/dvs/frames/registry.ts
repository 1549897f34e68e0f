import type { z } from 'zod';
import type { EventWindow } from './windows.js';

/**
 * Event representations for CNN input (spec §2), registered by id (`binary`, `count`,
 * `timesurface`, `voxel`, `stack3`) like the readers: adding one is adding one file.
 */

/** One output frame. `shape` is C x H x W (layout 'chw') or H x W x C ('hwc'), C order. */
export interface EventFrame {
  index: number;
  /** µs: the window bounds (for stacks, the first window's start and the last one's end). */
  tStart: number;
  tEnd: number;
  dtype: 'u1' | 'f4';
  shape: number[];
  data: Uint8Array | Float32Array;
}

/** A renderer for one recording: windows in, frames out (some keep state across windows). */
export interface FrameRenderer {
  /** The frame for this window, or null when it only fed the state (e.g. stack3 between stacks). */
  push(window: EventWindow): EventFrame | null;
}

/** Sensor size in pixels. */
export interface SensorSize {
  width: number;
  height: number;
}

/** One representation, registered once. */
export interface Representation<O = unknown> {
  id: string;
  describe: string;
  /** Validates and fills in this representation's options. */
  schema: z.ZodType<O>;
  dtype: 'u1' | 'f4';
  layout: 'chw' | 'hwc';
  /** Shape of every frame it makes. */
  shape(opts: O, size: SensorSize): number[];
  create(opts: O, size: SensorSize): FrameRenderer;
}

const reps = new Map<string, Representation>();

/** Adds a representation; each module calls this once at import. */
export function registerRepresentation<O>(rep: Representation<O>): Representation<O> {
  if (reps.has(rep.id)) throw new Error(`Event representation ${rep.id} is registered twice`);
  reps.set(rep.id, rep as unknown as Representation);
  return rep;
}

/** The representation with this id, or an error listing the known ones. */
export function getRepresentation(id: string): Representation {
  const r = reps.get(id);
  if (!r) throw new Error(`Unknown event representation "${id}": use one of ${[...reps.keys()].join(', ')}`);
  return r;
}

/** Ids of the registered representations (CLI choices). */
export function representationIds(): string[] {
  return [...reps.keys()];
}

/** Options validated by the representation's schema; errors name the fields. */
export function parseRepresentationOptions(id: string, raw: unknown): unknown {
  const r = getRepresentation(id).schema.safeParse(raw ?? {});
  if (!r.success) throw new Error(`Invalid ${id} options: ${r.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ')}`);
  return r.data;
}

/** Which polarities a binary-style frame takes: both, ON only or OFF only. */
export type PolarityFilter = 'any' | 'on' | 'off';

/** Whether polarity p (1 = ON, 0 = OFF) passes the filter. */
export function polarityPasses(filter: PolarityFilter, p: number): boolean {
  return filter === 'any' || (filter === 'on') === (p === 1);
}
