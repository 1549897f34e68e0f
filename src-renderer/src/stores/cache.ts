import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CacheStats } from '../../../src-main/ipc/contract';
import { api, onRefresh } from '../api/client';
import { errorMessage } from '../lib/format';

const REFRESH_DEBOUNCE_MS = 1000;

/** Sizes of the workspace cache, refreshed when a job ends or the workspace changes. */
export const useCacheStore = defineStore('cache', () => {
  const stats = ref<CacheStats | null>(null);
  const error = ref<string | null>(null);
  const disposers: Array<() => void> = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** Subscribes to the events that change the cache and loads its sizes. */
  function init(): void {
    if (!disposers.length) {
      disposers.push(
        api.on('workspace:changed', () => {
          stats.value = null;
          schedule();
        }),
        api.on('jobs:changed', (job) => {
          if (job.state !== 'queued' && job.state !== 'running') schedule();
        }),
        onRefresh(() => schedule()),
      );
    }
    void load();
  }

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void load();
    }, REFRESH_DEBOUNCE_MS);
  }

  /** Re-reads the cache sizes; a failure is kept in `error` (the indicator shows it). */
  async function load(): Promise<void> {
    try {
      stats.value = await api.invoke('cache:stats', undefined);
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  /** Empties every clearable cache area; throws the core's message on failure. */
  async function clear(): Promise<CacheStats> {
    const next = await api.invoke('cache:clear', {});
    stats.value = next;
    return next;
  }

  /** Unsubscribes and stops the refresh timer. */
  function dispose(): void {
    for (const d of disposers.splice(0)) d();
    if (timer) clearTimeout(timer);
  }

  return { stats, error, init, load, clear, dispose };
});
