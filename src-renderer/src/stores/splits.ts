import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type {
  JobInfo, LeakReport, SplitCreateRequest, SplitSetInfo, SplitStats, SplitStrategyInfo, SplitSubset,
} from '../../../src-main/ipc/contract';
import { api, onRefresh } from '../api/client';
import { errorMessage } from '../lib/format';
import { useAppStore } from './app';
import { useJobsStore } from './jobs';

const OPEN_KEY = 'mwb.splitsOpen';
const RELOAD_DEBOUNCE_MS = 500;

/** The Splits screen: split sets, the selected set's statistics and leakage report, check jobs. */
export const useSplitsStore = defineStore('splits', () => {
  const open = ref(sessionStorage.getItem(OPEN_KEY) === '1');
  const strategies = ref<SplitStrategyInfo[]>([]);
  const sets = ref<SplitSetInfo[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const selectedId = ref<number | null>(null);
  const stats = ref<SplitStats | null>(null);
  const report = ref<LeakReport | null>(null);
  /** Check jobs started from this window, by split set id. */
  const checkJobs = ref<Record<number, number>>({});
  const disposers: Array<() => void> = [];
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;

  const selected = computed(() => sets.value.find((s) => s.id === selectedId.value) ?? null);
  const jobs = useJobsStore();
  /** The selected set's check job while it is queued or running (or its last state). */
  const checkJob = computed<JobInfo | null>(() => {
    const id = selectedId.value == null ? undefined : checkJobs.value[selectedId.value];
    return id == null ? null : jobs.list.find((j) => j.id === id) ?? null;
  });
  const checking = computed(() => checkJob.value?.state === 'queued' || checkJob.value?.state === 'running');
  /** True when the last report was made before the set last changed. */
  const reportStale = computed(() => !!report.value && !!selected.value && report.value.contentHash !== selected.value.contentHash);

  watch(open, (v) => sessionStorage.setItem(OPEN_KEY, v ? '1' : '0'));
  // Any leakage check that finishes (started here, in another window or by the CLI) may be the
  // selected set's newest report.
  const checksDone = computed(() => jobs.list.filter((j) => j.kind === 'splits.check' && j.state === 'done').length);
  watch(checksDone, (n, before) => { if (n > before) void loadFindings(); });
  // A check of the selected set already running (e.g. after a reload) shows its progress here too.
  watch([() => jobs.list, selected], () => {
    const s = selected.value;
    if (!s || checkJobs.value[s.id] != null) return;
    const running = jobs.list.find((j) => j.kind === 'splits.check' && (j.state === 'running' || j.state === 'queued')
      && j.title.endsWith(`"${s.name}"`));
    if (running) checkJobs.value = { ...checkJobs.value, [s.id]: running.id };
  });
  // A check job of the selected set finished: fetch its report. The job id counts too: a quick
  // job can be done before its id is known here, so its state is seen only as "done".
  watch(() => [checkJob.value?.id, checkJob.value?.state] as const, ([id, state], [beforeId, beforeState]) => {
    if (state === 'done' && (id !== beforeId || beforeState !== 'done')) void loadFindings();
  });

  /** Subscribes to workspace changes; loads strategies and sets. */
  async function init(): Promise<void> {
    if (!disposers.length) {
      disposers.push(
        api.on('workspace:changed', () => {
          selectedId.value = null;
          checkJobs.value = {};
          void load();
        }),
        api.on('clips:changed', () => {
          // Imports and the demo send bursts of these: reload once they settle.
          if (reloadTimer) clearTimeout(reloadTimer);
          reloadTimer = setTimeout(() => { reloadTimer = null; if (open.value) void load(); }, RELOAD_DEBOUNCE_MS);
        }),
        onRefresh(() => void load()),
      );
    }
    if (!strategies.value.length) {
      try {
        strategies.value = await api.invoke('splits:strategies', undefined);
      } catch (err) {
        error.value = errorMessage(err);
      }
    }
    await load();
  }

  /** Re-reads the sets; keeps the selection when it still exists, else selects the first. */
  async function load(): Promise<void> {
    try {
      sets.value = await api.invoke('splits:list', undefined);
      error.value = null;
      loaded.value = true;
      if (!sets.value.some((s) => s.id === selectedId.value)) await select(sets.value[0]?.id ?? null);
      else await Promise.all([loadStats(), loadFindings()]);
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  /** Shows one set: its statistics and last leakage report. */
  async function select(id: number | null): Promise<void> {
    selectedId.value = id;
    stats.value = null;
    report.value = null;
    if (id != null) await Promise.all([loadStats(), loadFindings()]);
  }

  async function loadStats(): Promise<void> {
    const id = selectedId.value;
    if (id == null) return;
    try {
      const s = await api.invoke('splits:stats', { id });
      if (selectedId.value === id) stats.value = s;
    } catch (err) {
      useAppStore().notify('error', `Could not read the statistics: ${errorMessage(err)}`);
    }
  }

  async function loadFindings(): Promise<void> {
    const id = selectedId.value;
    if (id == null) return;
    try {
      const r = await api.invoke('splits:findings', { id });
      if (selectedId.value === id) report.value = r;
    } catch (err) {
      useAppStore().notify('error', `Could not read the leakage report: ${errorMessage(err)}`);
    }
  }

  /** Replaces one set's info in the list (after a lock, a move…). */
  function put(info: SplitSetInfo): void {
    const i = sets.value.findIndex((s) => s.id === info.id);
    if (i >= 0) sets.value.splice(i, 1, info);
    else sets.value = [...sets.value, info].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  }

  /** Makes a set and selects it; throws the core's message (the dialog shows it). */
  async function create(req: SplitCreateRequest): Promise<SplitSetInfo> {
    const info = await api.invoke('splits:create', req);
    put(info);
    await select(info.id);
    return info;
  }

  /** Copies a set under a new name and selects the copy; throws the core's message. */
  async function duplicate(id: number, name: string): Promise<SplitSetInfo> {
    const info = await api.invoke('splits:duplicate', { id, name });
    put(info);
    await select(info.id);
    return info;
  }

  async function setLocked(id: number, locked: boolean): Promise<void> {
    try {
      put(await api.invoke('splits:lock', { id, locked }));
    } catch (err) {
      useAppStore().notify('error', `Could not ${locked ? 'lock' : 'unlock'} the split set: ${errorMessage(err)}`);
    }
  }

  /** Deletes a set; throws the core's message. */
  async function remove(id: number): Promise<void> {
    await api.invoke('splits:delete', { id });
    sets.value = sets.value.filter((s) => s.id !== id);
    if (selectedId.value === id) await select(sets.value[0]?.id ?? null);
  }

  /** Manual override: moves clips of the selected set; the report's badges follow, the stats reload. */
  async function assign(clipIds: number[], subset: SplitSubset, fold: number | null = null): Promise<boolean> {
    const id = selectedId.value;
    if (id == null) return false;
    try {
      put(await api.invoke('splits:assign', { id, clipIds, subset, fold }));
      const part = subset === 'train' && fold != null ? `fold${fold}` : subset;
      for (const f of report.value?.findings ?? []) {
        for (const c of f.clips) if (clipIds.includes(c.clipId)) Object.assign(c, { subset, fold, part });
      }
      await loadStats();
      return true;
    } catch (err) {
      useAppStore().notify('error', `Could not move the clips: ${errorMessage(err)}`);
      return false;
    }
  }

  /** Queues the leakage check of the selected set (the jobs panel shows its progress). */
  async function runCheck(opts: { threshold?: number; nearDuplicates?: boolean } = {}): Promise<void> {
    const id = selectedId.value;
    if (id == null) return;
    try {
      const { jobId } = await api.invoke('splits:check', { id, ...opts });
      checkJobs.value = { ...checkJobs.value, [id]: jobId };
    } catch (err) {
      useAppStore().notify('error', `Could not start the leakage check: ${errorMessage(err)}`);
    }
  }

  /** Shows or hides the Splits screen (the screen loads the sets when it mounts). */
  function toggle(show = !open.value): void {
    open.value = show;
  }

  function dispose(): void {
    for (const d of disposers.splice(0)) d();
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = null;
  }

  return {
    open, strategies, sets, loaded, error, selectedId, selected, stats, report, checkJob, checking, reportStale,
    init, load, select, create, duplicate, setLocked, remove, assign, runCheck, loadFindings, toggle, dispose,
  };
});
