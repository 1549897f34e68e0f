/**
 * Run events ('runs:changed', 'runs:progress') from the training job to whoever shows the
 * workspace (the Workbench forwards them to Electron IPC / the browser bridge; the CLI prints
 * them). Jobs only see their Workspace, so listeners subscribe per workspace object.
 */
import type { Events } from '../../ipc/contract.js';
import type { Workspace } from '../../workspace/workspace.js';

/** The run event names. */
export type RunEventName = 'runs:changed' | 'runs:progress';
/** A listener of run events. */
export type RunEventListener = <E extends RunEventName>(event: E, payload: Events[E]) => void;

const listeners = new WeakMap<Workspace, Set<RunEventListener>>();

/** Subscribes to the run events of `ws`; returns the unsubscribe function (its owner calls it). */
export function onRunEvents(ws: Workspace, listener: RunEventListener): () => void {
  const set = listeners.get(ws) ?? new Set<RunEventListener>();
  listeners.set(ws, set);
  set.add(listener);
  return () => set.delete(listener);
}

/** Sends a run event to the listeners of `ws`; a throwing listener cannot stop a run. */
export function emitRunEvent<E extends RunEventName>(ws: Workspace, event: E, payload: Events[E]): void {
  for (const l of listeners.get(ws) ?? []) {
    try {
      l(event, payload);
    } catch (err) {
      console.error(`A ${event} listener failed: ${(err as Error).message}`);
    }
  }
}
