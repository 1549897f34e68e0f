import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowReactive, shallowRef, watch } from 'vue';
import type {
  ModelFamilyInfo, PredictionRow, RecipeInfo, RunDetail, RunMetricsSeries, RunProgressEvent, RunSummary, SplitSetInfo,
} from '../../../src-main/ipc/contract';
import { api, onRefresh } from '../api/client';
import { applyProgress, emptySeries, mergeLate } from '../components/runs/liveMetrics';
import { errorMessage } from '../lib/format';
import type { NewRunPreset } from '../lib/recipeNeeds';
import { useAppStore } from './app';
import { useClipsStore } from './clips';
import { useJobsStore } from './jobs';

const OPEN_KEY = 'mwb.runsOpen';
const RELOAD_COALESCE_MS = 300;
const REDRAW_MS = 250;

/** Where a running run stands inside its epoch, from the newest `iter` event. */
export interface LiveStep {
  epoch: number;
  iter: number;
  iters: number;
}

/**
 * The Runs area: the workspace's training runs, the selected run's detail and curves (kept live by
 * `runs:progress` without refetching), runs picked for comparison, recipes and model families.
 */
export const useRunsStore = defineStore('runs', () => {
  const open = ref(sessionStorage.getItem(OPEN_KEY) === '1');
  const list = ref<RunSummary[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const selectedId = ref<number | null>(null);
  const detail = shallowRef<RunDetail | null>(null);
  /** Curves by run id: the selected run's and the compared ones'; mutated in place by events. */
  const series = shallowReactive(new Map<number, RunMetricsSeries>());
  /** Bumped on every live point so charts recompute (the series arrays change in place). */
  const tick = ref(0);
  const live = reactive(new Map<number, LiveStep>());
  const compareIds = ref<number[]>([]);
  const mode = ref<'detail' | 'compare'>('detail');
  const recipes = ref<RecipeInfo[]>([]);
  const families = ref<ModelFamilyInfo[]>([]);
  /** Evaluation jobs started here, by job id -> run id (their end reloads the run). */
  const evalJobs = ref<Record<number, number>>({});
  /** A New run dialog asked for from elsewhere (a code set's "Use in new run"), with what it opens with. */
  const newRunPreset = shallowRef<NewRunPreset | null>(null);
  /** The clip viewer was opened from this area (else a clip selected in the browser stays hidden here). */
  const clipOpen = ref(false);
  const disposers: Array<() => void> = [];
  const loading = new Map<number, RunProgressEvent[]>();
  /**
   * Recent events of runs whose curves are not loaded (a run just started: its first events can
   * beat the reply to `runs:start`); merged when they load, duplicates of stored points dropped.
   */
  const unseen = new Map<number, RunProgressEvent[]>();
  const UNSEEN_CAP = 2000;
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  let detailSeq = 0;

  const selected = computed(() => list.value.find((r) => r.id === selectedId.value) ?? null);
  const selectedSeries = computed(() => { void tick.value; return selectedId.value == null ? null : series.get(selectedId.value) ?? null; });
  const jobs = useJobsStore();

  watch(open, (v) => sessionStorage.setItem(OPEN_KEY, v ? '1' : '0'));
  // An evaluation job started here ended: its run has a new evaluation (or the job says why not).
  watch(() => jobs.list, (all) => {
    for (const [jobId, runId] of Object.entries(evalJobs.value)) {
      const job = all.find((j) => j.id === Number(jobId));
      if (!job || (job.state !== 'done' && job.state !== 'failed')) continue;
      const { [Number(jobId)]: _, ...rest } = evalJobs.value;
      evalJobs.value = rest;
      if (job.state === 'failed') useAppStore().notify('error', `Evaluation failed: ${job.error ?? 'no message'}`);
      scheduleReload(runId);
    }
  });

  /** Subscribes to run events; loads the runs, recipes and families. */
  async function init(): Promise<void> {
    if (!disposers.length) {
      disposers.push(
        api.on('runs:changed', ({ runId }) => scheduleReload(runId)),
        api.on('runs:progress', onProgress),
        api.on('workspace:changed', () => {
          selectedId.value = null;
          detail.value = null;
          series.clear();
          unseen.clear();
          compareIds.value = [];
          void load();
        }),
        onRefresh(() => void load()),
      );
    }
    void loadCatalog();
    await load();
  }

  async function loadCatalog(): Promise<void> {
    try {
      if (!recipes.value.length) recipes.value = await api.invoke('runs:recipes', undefined);
      if (!families.value.length) families.value = await api.invoke('training:families', undefined);
    } catch (err) {
      useAppStore().notify('error', `Could not list the recipes and model families: ${errorMessage(err)}`);
    }
  }

  const changed = new Set<number>();
  /**
   * Coalesces bursts of `runs:changed` (a fast run sends one per epoch): one list reload per
   * window, plus the selected run's detail if it changed; a steady stream still reloads.
   */
  function scheduleReload(runId: number): void {
    changed.add(runId);
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      const ids = new Set(changed);
      changed.clear();
      void load(selectedId.value != null && ids.has(selectedId.value));
    }, RELOAD_COALESCE_MS);
  }

  /** Re-reads the list; keeps the selection when it still exists, else selects the newest run. */
  async function load(withDetail = true): Promise<void> {
    try {
      list.value = await api.invoke('runs:list', undefined);
      error.value = null;
      loaded.value = true;
      compareIds.value = compareIds.value.filter((id) => list.value.some((r) => r.id === id));
      if (!list.value.some((r) => r.id === selectedId.value)) await select(list.value[0]?.id ?? null);
      else if (withDetail) await loadDetail();
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  /** Shows one run: its detail and curves. */
  async function select(id: number | null): Promise<void> {
    selectedId.value = id;
    detail.value = null;
    mode.value = 'detail';
    if (id == null) return;
    await Promise.all([loadDetail(), loadSeries(id, true)]);
  }

  async function loadDetail(): Promise<void> {
    const id = selectedId.value;
    if (id == null) return;
    const seq = ++detailSeq;
    try {
      const d = await api.invoke('runs:get', { runId: id });
      if (seq === detailSeq && selectedId.value === id) detail.value = d;
    } catch (err) {
      if (seq === detailSeq) useAppStore().notify('error', `Could not read run ${id}: ${errorMessage(err)}`);
    }
  }

  /** Reads a run's stored curves once (or again with `force`); live events keep them current after. */
  async function loadSeries(id: number, force = false): Promise<void> {
    if ((series.has(id) && !force) || loading.has(id)) return;
    const late: RunProgressEvent[] = [];
    loading.set(id, late);
    try {
      const stored = await api.invoke('runs:metrics', { runId: id });
      series.set(id, mergeLate(mergeLate(stored, unseen.get(id) ?? []), late));
      unseen.delete(id);
    } catch (err) {
      series.set(id, mergeLate(emptySeries(id), late));
      useAppStore().notify('error', `Could not read the curves of run ${id}: ${errorMessage(err)}`);
    } finally {
      loading.delete(id);
      tick.value++;
    }
  }

  let redrawTimer: ReturnType<typeof setTimeout> | null = null;
  /** Charts recompute at most a few times a second, however fast the points arrive. */
  function redraw(): void {
    if (redrawTimer) return;
    redrawTimer = setTimeout(() => { redrawTimer = null; tick.value++; }, REDRAW_MS);
  }

  function onProgress(ev: RunProgressEvent): void {
    loading.get(ev.runId)?.push(ev);
    if (ev.kind === 'iter') {
      const p = ev.points[ev.points.length - 1];
      if (p) live.set(ev.runId, { epoch: p.epoch, iter: p.iter, iters: ev.iters });
    } else {
      const r = list.value.find((x) => x.id === ev.runId);
      if (r && ev.epoch > r.epochsDone) r.epochsDone = ev.epoch;
    }
    const s = series.get(ev.runId);
    if (s) {
      if (applyProgress(s, ev)) redraw();
    } else if (!loading.has(ev.runId)) {
      const buf = unseen.get(ev.runId) ?? [];
      buf.push(ev);
      if (buf.length > UNSEEN_CAP) buf.splice(0, buf.length - UNSEEN_CAP);
      unseen.set(ev.runId, buf);
    }
  }

  /** Reloads the list and selects a run just made (once: the reload may have selected it already). */
  async function showNew(runId: number): Promise<void> {
    await load(false);
    if (selectedId.value !== runId || mode.value !== 'detail') await select(runId);
  }

  /** Validates and queues a run; throws the core's message (naming the bad field) for the dialog. */
  async function start(config: Record<string, unknown>): Promise<number> {
    const { runId } = await api.invoke('runs:start', { config });
    await showNew(runId);
    return runId;
  }

  /** Runs `call`, reporting a failure as a notice; returns whether it worked. */
  async function act(what: string, call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (err) {
      useAppStore().notify('error', `Could not ${what}: ${errorMessage(err)}`);
      return false;
    }
  }

  /** Continues an interrupted, failed or cancelled run from its last checkpoint. */
  function resume(runId: number): Promise<boolean> {
    return act('resume the run', async () => { await api.invoke('runs:resume', { runId }); await load(); });
  }

  /** Renames a run; throws the core's message. */
  async function rename(runId: number, name: string): Promise<void> {
    const info = await api.invoke('runs:update', { runId, name });
    const i = list.value.findIndex((r) => r.id === runId);
    if (i >= 0) list.value.splice(i, 1, info);
    if (detail.value?.id === runId) detail.value = { ...detail.value, name: info.name };
  }

  /** Deletes a run with its files; throws the core's message. */
  async function remove(runId: number): Promise<void> {
    await api.invoke('runs:delete', { runId });
    series.delete(runId);
    list.value = list.value.filter((r) => r.id !== runId);
    compareIds.value = compareIds.value.filter((id) => id !== runId);
    if (selectedId.value === runId) await select(list.value[0]?.id ?? null);
  }

  /** Queues an evaluation of a run on one subset; its end reloads the run. */
  async function evaluate(runId: number, subset: 'train' | 'val' | 'test', checkpoint: 'best' | 'last'): Promise<void> {
    const { jobId } = await api.invoke('runs:evaluate', { runId, subset, checkpoint });
    evalJobs.value = { ...evalJobs.value, [jobId]: runId };
  }

  /** Whether an evaluation started here is still queued or running for this run. */
  function evaluating(runId: number): boolean {
    return Object.values(evalJobs.value).includes(runId);
  }

  /** Late fusion of two runs' softmax scores on a subset; the fused result is a new run, selected. */
  async function fuse(args: { runIds: [number, number]; subset: 'val' | 'test'; method: 'mean' | 'weighted' | 'svm'; weights?: [number, number]; name?: string }): Promise<number> {
    const { runId } = await api.invoke('runs:fuse', args);
    await showNew(runId);
    return runId;
  }

  /** Writes a run's model (TF.js Layers + labels + preprocessing) to a folder; throws the core's message. */
  function exportModel(runId: number, dir: string): Promise<{ dir: string; files: string[] }> {
    return api.invoke('runs:export', { runId, dir });
  }

  /** Imports an exported model folder as a run, selected; throws the core's message. */
  async function importModel(dir: string, name?: string): Promise<number> {
    const { runId } = await api.invoke('runs:import', { dir, ...(name ? { name } : {}) });
    await showNew(runId);
    return runId;
  }

  /** The split sets a run can train on (for the New run dialog). */
  function loadSplitSets(): Promise<SplitSetInfo[]> {
    return api.invoke('splits:list', undefined);
  }

  /** Classes a run on this split set scores by default: those with a clip in its train subset (or folds). */
  async function trainClassCount(splitSetId: number): Promise<number> {
    const stats = await api.invoke('splits:stats', { id: splitSetId });
    const train = stats.parts.map((p, i) => (p.subset === 'train' ? i : -1)).filter((i) => i >= 0);
    return stats.classes.filter((c) => c.classId != null && train.some((i) => (c.counts[i] ?? 0) > 0)).length;
  }

  /** One evaluation's per-clip predictions (all, or the wrong ones only). */
  function predictions(evaluationId: number, only: 'all' | 'wrong', limit: number): Promise<PredictionRow[]> {
    return api.invoke('runs:predictions', { evaluationId, only, limit });
  }

  /** A run's full detail without selecting it (the comparison table reads evaluations of several). */
  function fetchDetail(runId: number): Promise<RunDetail> {
    return api.invoke('runs:get', { runId });
  }

  /** Adds or removes a run from the comparison, loading its curves. */
  function toggleCompare(runId: number): void {
    const ids = compareIds.value;
    compareIds.value = ids.includes(runId) ? ids.filter((id) => id !== runId) : [...ids, runId];
    if (compareIds.value.includes(runId)) void loadSeries(runId);
  }

  /** Opens the New run dialog on a recipe with some needs already chosen. */
  function openNewRun(preset: NewRunPreset): void {
    newRunPreset.value = preset;
    mode.value = 'detail';
  }

  /** Shows or hides the Runs area (a clip viewer opened from it closes with it). */
  function toggle(show = !open.value): void {
    open.value = show;
    clipOpen.value = false;
  }

  /** Opens a clip (e.g. a prediction's) in the viewer beside the Runs area. */
  function openClip(clipId: number): void {
    useClipsStore().select(clipId);
    clipOpen.value = true;
  }

  function dispose(): void {
    for (const d of disposers.splice(0)) d();
    if (reloadTimer) clearTimeout(reloadTimer);
    if (redrawTimer) clearTimeout(redrawTimer);
    reloadTimer = redrawTimer = null;
  }

  return {
    open, list, loaded, error, selectedId, selected, detail, series, selectedSeries, tick, live, compareIds, mode,
    recipes, families, evalJobs, init, load, select, loadSeries, start, resume, rename, remove, evaluate, evaluating,
    fuse, exportModel, importModel, loadSplitSets, trainClassCount, predictions, fetchDetail,
    toggleCompare, toggle, openClip, clipOpen, dispose, act, newRunPreset, openNewRun,
  };
});
