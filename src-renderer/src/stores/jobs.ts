import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { JobInfo, JobState } from '../../../src-main/ipc/contract';
import { api, onRefresh } from '../api/client';
import { errorMessage } from '../lib/format';
import { useAppStore } from './app';

const ORDER: Record<JobState, number> = { running: 0, queued: 1, interrupted: 2, failed: 3, cancelled: 4, done: 5 };

/** Jobs of the open workspace, kept live by `jobs:changed`; the core owns their state. */
export const useJobsStore = defineStore('jobs', () => {
  const byId = reactive(new Map<number, JobInfo>());
  const loaded = ref(false);
  /** Id of the most recently created job, so the panel can open when one appears. */
  const lastNewId = ref<number | null>(null);
  const disposers: Array<() => void> = [];
  // Events that arrive while a list request is in flight are re-applied on top of its answer.
  const pendingEvents = new Set<JobInfo[]>();

  const list = computed(() =>
    [...byId.values()].sort((a, b) => ORDER[a.state] - ORDER[b.state] || b.id - a.id),
  );
  const runningCount = computed(() => list.value.filter((j) => j.state === 'running').length);
  const activeCount = computed(() => list.value.filter((j) => j.state === 'running' || j.state === 'queued').length);

  /** Subscribes to job events and loads the list. */
  async function init(): Promise<void> {
    if (!disposers.length) {
      disposers.push(
        api.on('jobs:changed', (job) => {
          for (const late of pendingEvents) late.push(job);
          apply(job);
        }),
        api.on('workspace:changed', () => void load()),
        onRefresh(() => void load()),
      );
    }
    await load();
  }

  /** Keeps the newer of two snapshots: a call's reply can arrive after a later event. */
  function apply(job: JobInfo): void {
    const current = byId.get(job.id);
    if (current && current.seq > job.seq) return;
    if (!current && loaded.value) lastNewId.value = job.id;
    byId.set(job.id, job);
  }

  /** Replaces the list with the core's. */
  async function load(): Promise<void> {
    const late: JobInfo[] = [];
    pendingEvents.add(late);
    try {
      const jobs = await api.invoke('jobs:list', undefined);
      byId.clear();
      for (const j of jobs) byId.set(j.id, j);
      for (const j of late) apply(j);
      loaded.value = true;
    } catch (err) {
      useAppStore().notify('error', `Could not list jobs: ${errorMessage(err)}`);
    } finally {
      pendingEvents.delete(late);
    }
  }

  /** Asks the core to stop a queued or running job. */
  async function cancel(id: number): Promise<void> {
    await act(() => api.invoke('jobs:cancel', { id }), 'cancel');
  }

  /** Asks the core to continue an interrupted, failed or cancelled job where it stopped. */
  async function resume(id: number): Promise<void> {
    await act(() => api.invoke('jobs:resume', { id }), 'resume');
  }

  async function act(call: () => Promise<JobInfo>, verb: string): Promise<void> {
    try {
      apply(await call());
    } catch (err) {
      useAppStore().notify('error', `Could not ${verb} the job: ${errorMessage(err)}`);
    }
  }

  /** Unsubscribes from core events. */
  function dispose(): void {
    for (const d of disposers.splice(0)) d();
  }

  return { list, loaded, lastNewId, runningCount, activeCount, init, load, cancel, resume, dispose };
});
