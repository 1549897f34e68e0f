/**
 * Worker-thread entry of `probeTrainingBackend` (`runInWorker`): climbs the ladder in a throwaway
 * thread, so importing tfjs, loading libtensorflow or initialising CUDA never blocks the main
 * process's event loop and the main process never loads tfjs or activates a backend itself.
 * Training workers climb the same ladder with the same environment, so they land on the same rung.
 */
import type { TrainingBackendInfo } from '../../ipc/contract.js';
import { backendBanner, forcedRung, selectBackend } from './ladder.js';
import { backendInfo } from './probe.js';
import { RUNGS } from './rungs.js';

/** Selects the backend and describes every rung for the UI. */
export async function work(): Promise<Omit<TrainingBackendInfo, 'checkMs'>> {
  const forced = forcedRung() ?? null;
  const c = await selectBackend();
  return backendInfo(c, RUNGS, forced, backendBanner(c));
}
