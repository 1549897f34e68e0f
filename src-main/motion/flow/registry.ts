import type { z } from 'zod';
import type { FlowMethodId } from './params.js';

/** A grey frame, H x W row-major, intensities 0..255 (uint8 or float). */
export type GreyFrame = Uint8Array | Float32Array;

/**
 * Computes flow between frames of one size, reusing its buffers (and, for opencv.js, its WASM
 * Mats) across calls; its owner calls `dispose()` once done.
 */
export interface FlowEstimator {
  readonly width: number;
  readonly height: number;
  /** Flow from `prev` to `next`: Float32Array H x W x 2 (u right, v down), pixels per frame. */
  compute(prev: GreyFrame, next: GreyFrame): Float32Array;
  dispose(): void;
}

/** One flow method, registered once: `{ id, describe, schema, create }`. */
export interface FlowMethod<P = unknown> {
  id: FlowMethodId;
  /** Validates (and fills defaults of) this method's parameters. */
  schema: z.ZodType<P>;
  /** A short human title with the parameters that matter, e.g. for job titles. */
  describe(params: P): string;
  /** Makes an estimator for width x height frames (may load WASM first). */
  create(width: number, height: number, params: P): Promise<FlowEstimator>;
}

const methods = new Map<string, FlowMethod<unknown>>();

/** Adds a flow method; each method's module calls this once at import. */
export function registerFlowMethod<P>(method: FlowMethod<P>): FlowMethod<P> {
  if (methods.has(method.id)) throw new Error(`Flow method ${method.id} is registered twice`);
  methods.set(method.id, method as FlowMethod<unknown>);
  return method;
}

/** The registered method with this id, or an error listing the known ones. */
export function getFlowMethod(id: string): FlowMethod<unknown> {
  const m = methods.get(id);
  if (!m) throw new Error(`Unknown flow method "${id}": choose one of ${[...methods.keys()].join(', ')}`);
  return m;
}

/** Ids of every registered method (CLI help, UI choices). */
export function flowMethodIds(): string[] {
  return [...methods.keys()];
}

/** Throws unless a frame has exactly width x height values (names what is wrong). */
export function checkFrame(frame: GreyFrame, width: number, height: number, what: string): void {
  if (frame.length !== width * height) {
    throw new Error(`${what}: expected a ${width}x${height} grey frame (${width * height} values), got ${frame.length}`);
  }
}
