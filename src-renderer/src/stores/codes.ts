import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { CodeLayerInfo, CodeSetInfo, CodesExtractRequest, CodesPca, JobInfo } from '../../../src-main/ipc/contract';
import { api, onRefresh } from '../api/client';
import { errorMessage } from '../lib/format';
import { useAppStore } from './app';
import { useJobsStore } from './jobs';

const OPEN_KEY = 'mwb.codesOpen';

/**
 * The Code sets panel (S002): cached code sets, the chosen set's PCA of mean codes per class,
 * and the `training.codes` extraction jobs started here (their end reloads the list).
 */
export const useCodesStore = defineStore('codes', () => {
  const open = ref(sessionStorage.getItem(OPEN_KEY) === '1');
  const sets = ref<CodeSetInfo[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const selectedKey = ref<string | null>(null);
  const pca = shallowRef<CodesPca | null>(null);
  const pcaError = ref<string | null>(null);
  const pcaLoading = ref(false);
  /** Extraction jobs started here, by job id -> source run id (0 for a model folder). */
  const extractJobs = ref<Record<number, number>>({});
  const layerCache = new Map<number, CodeLayerInfo[]>();
  const disposers: Array<() => void> = [];
  const jobs = useJobsStore();
  let pcaSeq = 0;

  const selected = computed(() => sets.value.find((s) => s.key === selectedKey.value) ?? null);
  /** Extraction jobs of this window that are still queued or running, with their progress. */
  const active = computed<JobInfo[]>(() => jobs.list.filter((j) => j.id in extractJobs.value && (j.state === 'queued' || j.state === 'running')));

  watch(open, (v) => sessionStorage.setItem(OPEN_KEY, v ? '1' : '0'));
  // An extraction started elsewhere (another window) finished: reload the list.
  let lastDone: number | null = null;
  watch(() => jobs.list, (all) => {
    const newest = Math.max(0, ...all.filter((j) => j.kind === 'training.codes' && j.state === 'done').map((j) => j.id));
    if (lastDone !== null && newest > lastDone && !(newest in extractJobs.value) && loaded.value) void load();
    lastDone = Math.max(lastDone ?? 0, newest);
  });
  // An extraction started here ended: reload and show its set (or say why it failed).
  watch(() => jobs.list, (all) => {
    for (const id of Object.keys(extractJobs.value).map(Number)) {
      const job = all.find((j) => j.id === id);
      if (!job || !['done', 'failed', 'cancelled'].includes(job.state)) continue;
      const { [id]: _, ...rest } = extractJobs.value;
      extractJobs.value = rest;
      if (job.state === 'failed') useAppStore().notify('error', `Code extraction failed: ${job.error ?? 'no message'}`);
      if (job.state === 'done') void finished(id);
    }
  });

  /** Subscribes to workspace changes and loads the code sets. */
  async function init(): Promise<void> {
    if (!disposers.length) {
      disposers.push(
        api.on('workspace:changed', () => {
          selectedKey.value = null;
          pca.value = null;
          layerCache.clear();
          void load();
        }),
        onRefresh(() => void load()),
      );
    }
    await load();
  }

  /** Reloads the list; keeps the selection when it still exists, else picks the newest set. */
  async function load(): Promise<void> {
    if (await list() && !sets.value.some((s) => s.key === selectedKey.value)) await select(sets.value[0]?.key ?? null);
  }

  /**
   * Reloads the list only (the New run dialog's code-set picker), without projecting a set's PCA,
   * which is costly on a big set nobody is looking at; false when it failed.
   */
  async function list(): Promise<boolean> {
    try {
      sets.value = await api.invoke('codes:list', undefined);
      error.value = null;
      return true;
    } catch (err) {
      error.value = `Could not list the code sets: ${errorMessage(err)}`;
      return false;
    } finally {
      loaded.value = true;
    }
  }

  /** A finished extraction: reload and show the set it wrote. */
  async function finished(jobId: number): Promise<void> {
    try {
      const { result } = await api.invoke('jobs:result', { id: jobId });
      await load();
      const key = (result as { key?: string } | null)?.key;
      if (key) await select(key, true);
    } catch (err) {
      useAppStore().notify('error', `Could not read the extraction result: ${errorMessage(err)}`);
    }
  }

  /** Shows a code set and loads its PCA (again when `force`, e.g. after more clips were extracted). */
  async function select(key: string | null, force = false): Promise<void> {
    if (key === selectedKey.value && !force && (pca.value || pcaLoading.value)) return;
    selectedKey.value = key;
    pca.value = null;
    pcaError.value = null;
    if (!key) return;
    const seq = ++pcaSeq;
    pcaLoading.value = true;
    try {
      const out = await api.invoke('codes:pca', { key });
      if (seq === pcaSeq) pca.value = out;
    } catch (err) {
      if (seq === pcaSeq) pcaError.value = errorMessage(err);
    } finally {
      if (seq === pcaSeq) pcaLoading.value = false;
    }
  }

  /** Layers of a run's model (feature layer first), fetched once per run. */
  async function layers(runId: number): Promise<CodeLayerInfo[]> {
    const hit = layerCache.get(runId);
    if (hit) return hit;
    const out = await api.invoke('codes:layers', { runId });
    layerCache.set(runId, out);
    return out;
  }

  /** Queues an extraction; its end reloads the list and shows the new set. */
  async function extract(req: CodesExtractRequest): Promise<number> {
    const { jobId } = await api.invoke('codes:extract', req);
    extractJobs.value = { ...extractJobs.value, [jobId]: req.source.kind === 'run' ? req.source.runId : 0 };
    open.value = true;
    return jobId;
  }

  /** Drops listeners (workspace switch in tests, hot reload). */
  function dispose(): void {
    for (const d of disposers.splice(0)) d();
  }

  return { open, sets, loaded, error, selectedKey, selected, pca, pcaError, pcaLoading, active, init, load, list, select, layers, extract, dispose };
});
