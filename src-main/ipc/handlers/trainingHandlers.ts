import type { TrainingBackendInfo } from '../contract.js';
import { probeTrainingBackend } from '../../training/backends/probe.js';
import type { Handlers } from './types.js';

/** The check, once per process and per `MWB_TRAINING_BACKEND` value; a failed check is retried next call. */
const cache = new Map<string, Promise<TrainingBackendInfo>>();

/** `training:backend`: which rung of the backend ladder trains here, and how to get a faster one. */
export const trainingHandlers = {
  'training:backend': () => {
    const key = process.env.MWB_TRAINING_BACKEND ?? '';
    let p = cache.get(key);
    if (!p) {
      p = probeTrainingBackend();
      cache.set(key, p);
      p.catch(() => cache.delete(key));
    }
    return p;
  },
} satisfies Partial<Handlers>;
