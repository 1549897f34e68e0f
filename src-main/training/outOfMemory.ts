/**
 * Turns the many faces of running out of memory during training (the wasm heap cannot grow past
 * 4 GiB, a typed array cannot be allocated, native TensorFlow's OOM) into one error that says
 * which model and batch size failed and what to try, so a job fails with a useful message.
 */
import { WasmOutOfMemoryError } from './backends/wasmKernels/native/runtime.js';

/** Where the failure happened. */
export interface OomContext {
  family: string;
  batch: number;
  backend: string;
}

/** Raised when a training step runs out of memory; `batch` is the batch size that did not fit. */
export class TrainingOutOfMemoryError extends Error {
  constructor(readonly context: OomContext, cause: unknown) {
    const half = Math.max(1, Math.floor(context.batch / 2));
    const where = context.backend === 'wasm' ? 'the WebAssembly heap (at most 4 GiB)' : `the ${context.backend} backend`;
    super(`Out of memory training ${context.family} with batch size ${context.batch} on ${where}. ` +
      `Use a smaller batch size (e.g. ${half}) or a smaller input size.`, { cause });
    this.name = 'TrainingOutOfMemoryError';
  }
}

/** True for errors that mean an allocation failed. */
export function isOutOfMemory(err: unknown): boolean {
  if (err instanceof WasmOutOfMemoryError || err instanceof TrainingOutOfMemoryError) return true;
  const msg = err instanceof Error ? err.message : String(err);
  return /out of memory|OOM when allocating|Array buffer allocation failed|Invalid typed array length|Cannot enlarge memory/i.test(msg);
}

/** `err` as a TrainingOutOfMemoryError when it is one, else unchanged. */
export function asOutOfMemory(err: unknown, context: OomContext): unknown {
  if (err instanceof TrainingOutOfMemoryError) return err;
  return isOutOfMemory(err) ? new TrainingOutOfMemoryError(context, err) : err;
}
