/**
 * Cleanup after a training step that threw. tfjs-core keeps ("saves") the tensors each op needs
 * for its gradient on the engine's tape and disposes them only after a successful backward pass;
 * when the forward or backward pass throws (out of memory at a too-large batch, a bad input) they
 * stay allocated. A caller that goes on in the same process (a retry with a smaller batch, the
 * next benchmark case, a worker-thread trainer) would otherwise carry that memory along.
 * This reads tfjs-core's engine state (`activeTape`, `gradientDepth`); a test pins that down.
 */
import * as tf from '@tensorflow/tfjs';

interface TapeState {
  activeTape: { saved?: tf.Tensor[] }[] | null;
  gradientDepth: number;
}

/** Disposes what the tape of a failed gradient computation saved. Does nothing inside a live one. */
export function releaseFailedTape(): void {
  const state = (tf.engine() as unknown as { state: TapeState }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) if (!t.isDisposed) t.dispose();
  state.activeTape = null;
}
