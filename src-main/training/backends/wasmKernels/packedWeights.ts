/**
 * The backend's matrix multiplies (BatchMatMul, _FusedMatMul) keep XNNPACK's packed copy of their
 * right operand cached by tensor id until that tensor is disposed or, with our in-place Adam,
 * updated (Native.contentsChanged). While training the weights change every step, so the cache
 * never serves a second multiply; for S004's full6 it holds 392 MiB of the 4 GiB heap from the
 * forward pass into the backward pass, where the weights' gradient then needs a block as large.
 *
 * So while gradients are recorded, large weights' packed copies are released when the backward
 * pass is about to allocate a weights-sized gradient: freed just then, the packed copy's block is
 * still whole and the gradient takes it, instead of the allocator splitting it for the backward
 * pass's small tensors and growing the heap for the gradient. Inference keeps the cache.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs';
import { nativeOf, sizeOf } from './kernelUtil.js';

/** Right operands at least this large (bytes) do not keep their packed copy while training. */
let uncachedWeightBytes = 64 * 2 ** 20;

/** Changes the size from which packed copies are released early (tests use tiny layers); returns the previous one. */
export function setUncachedWeightBytes(bytes: number): number {
  const previous = uncachedWeightBytes;
  uncachedWeightBytes = bytes;
  return previous;
}

/** Large right operands multiplied while gradients were recorded whose packed copy is still cached. */
const pending = new Map<object, { backend: unknown; t: TensorInfo }>();

/** Whether a gradient tape is recording (the forward pass inside tf.grads, variableGrads, minimize). */
function recordingGradients(): boolean {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: number } }).state;
  return (state?.gradientDepth ?? 0) > 0;
}

/** Call after a built-in multiply with right operand `b`. */
export function notePackedWeights(backend: unknown, b: TensorInfo): void {
  if (sizeOf(b.shape) * 4 >= uncachedWeightBytes && recordingGradients()) pending.set(b.dataId, { backend, t: b });
}

/** Call before allocating an output of `bytes`: frees the pending packed copies if it is as large. */
export function releasePackedWeights(bytes: number): void {
  if (bytes < uncachedWeightBytes || pending.size === 0) return;
  for (const { backend, t } of pending.values()) nativeOf(backend).contentsChanged(t);
  pending.clear();
}
