import { defineStore } from 'pinia';
import { markRaw, ref, shallowReactive, shallowRef } from 'vue';
import type { ClipDetail, ClipFilter, ClipSummary } from '../../../src-main/ipc/contract';
import { api, onRefresh } from '../api/client';
import { errorCode, errorMessage } from '../lib/format';
import { pagesCovering } from '../lib/gridMath';
import { useAppStore } from './app';

/** Clips per `clips:list` request. */
export const PAGE_SIZE = 100;
/** Pages kept in memory; the ones farthest from the visible range are dropped first. */
const MAX_PAGES = 40;
const CHANGED_DEBOUNCE_MS = 300;
/** While the visible range keeps moving (a fling), wait for it to settle, but not longer than MAX. */
const FLUSH_DEBOUNCE_MS = 50;
const FLUSH_MAX_WAIT_MS = 250;
/** Page requests in flight at once; the rest wait in a queue that always follows the viewport. */
const MAX_CONCURRENT = 3;
/** sessionStorage key remembering the selected clip, so a reload keeps the viewer open. */
const SELECTION_KEY = 'mwb.selectedClip';

/**
 * The clip list as a sparse cache of pages (fetched only for the rows on screen, so 100,000 clips
 * cost what a screenful costs), the search filter, and the selected clip with its detail.
 */
export const useClipsStore = defineStore('clips', () => {
  const total = ref(0);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const search = ref('');
  /** Filter bar values (label, split subset, group, view, tag, status); the search box is separate. */
  const filter = ref<ClipFilter>({});
  const selectedId = ref<number | null>(null);
  const detail = shallowRef<ClipDetail | null>(null);
  const detailError = ref<string | null>(null);
  const pages = shallowReactive(new Map<number, readonly ClipSummary[]>());
  // Bumped whenever cached pages become out of date; a page is fresh when fetched in this one.
  let generation = 0;
  const pageGen = new Map<number, number>();
  const inflight = new Map<number, number>();
  let wanted = { first: 0, last: 0 };
  let queue: number[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let flushDue = 0;
  let changedTimer: ReturnType<typeof setTimeout> | null = null;
  let detailSeq = 0;
  const disposers: Array<() => void> = [];

  /** Subscribes to core events and loads the first page. */
  function init(): void {
    if (!disposers.length) {
      disposers.push(
        api.on('workspace:changed', () => {
          select(null);
          reset(true);
        }),
        api.on('clips:changed', () => {
          if (changedTimer) clearTimeout(changedTimer);
          changedTimer = setTimeout(() => {
            changedTimer = null;
            refresh();
          }, CHANGED_DEBOUNCE_MS);
        }),
        onRefresh(() => refresh()),
      );
    }
    reset(true);
    restoreSelection();
  }

  function restoreSelection(): void {
    try {
      const saved = JSON.parse(sessionStorage.getItem(SELECTION_KEY) ?? 'null') as { path: string; id: number } | null;
      if (saved && saved.path === useAppStore().workspace?.path) select(saved.id);
    } catch {
      sessionStorage.removeItem(SELECTION_KEY);
    }
  }

  /** Marks every cached page stale and re-fetches the visible ones (old rows stay until then). */
  function refresh(): void {
    reset(false);
    if (selectedId.value != null) void loadDetail(selectedId.value);
  }

  function reset(clear: boolean): void {
    generation++;
    if (clear) {
      pages.clear();
      pageGen.clear();
      total.value = 0;
      loaded.value = false;
      wanted = { first: 0, last: 0 };
    }
    flush();
  }

  /** The clip at list position `index`, or null while its page is loading. */
  function clipAt(index: number): ClipSummary | null {
    return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE] ?? null;
  }

  /** List position of clip `id` if its page is cached (used to keep it in view on relayout). */
  function indexOfCached(id: number): number | null {
    for (const [page, items] of pages) {
      const i = items.findIndex((c) => c.id === id);
      if (i >= 0) return page * PAGE_SIZE + i;
    }
    return null;
  }

  /** Tells the cache which list positions are on screen; missing pages are fetched once it settles. */
  function ensureRange(first: number, last: number): void {
    wanted = { first, last };
    const now = performance.now();
    if (!flushTimer) flushDue = now + FLUSH_MAX_WAIT_MS;
    else clearTimeout(flushTimer);
    flushTimer = setTimeout(flush, Math.max(0, Math.min(FLUSH_DEBOUNCE_MS, flushDue - now)));
  }

  /** Rebuilds the fetch queue from the visible range (plus one page each side) and starts it. */
  function flush(): void {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    const lastPage = loaded.value ? Math.max(0, Math.ceil(total.value / PAGE_SIZE) - 1) : 0;
    const visible = pagesCovering(wanted.first, wanted.last, PAGE_SIZE);
    const first = visible[0] ?? 0;
    const around = [...visible, first - 1, (visible[visible.length - 1] ?? first) + 1];
    queue = around.filter((p) => p >= 0 && p <= lastPage && pageGen.get(p) !== generation && inflight.get(p) !== generation);
    pump();
  }

  function pump(): void {
    while (inflight.size < MAX_CONCURRENT && queue.length) void fetchPage(queue.shift()!);
  }

  async function fetchPage(page: number): Promise<void> {
    const gen = generation;
    inflight.set(page, gen);
    try {
      const res = await api.invoke('clips:list', { offset: page * PAGE_SIZE, limit: PAGE_SIZE, ...query() });
      if (gen !== generation) return;
      pages.set(page, markRaw(Object.freeze(res.items)));
      pageGen.set(page, gen);
      const grew = !loaded.value || res.total !== total.value;
      total.value = res.total;
      loaded.value = true;
      error.value = null;
      evict();
      if (grew) flush();
    } catch (err) {
      if (gen === generation) error.value = `Could not load clips: ${errorMessage(err)}`;
    } finally {
      if (inflight.get(page) === gen) inflight.delete(page);
      pump();
    }
  }

  function evict(): void {
    if (pages.size <= MAX_PAGES) return;
    const centre = Math.floor((wanted.first + wanted.last) / 2 / PAGE_SIZE);
    const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const p of byDistance.slice(0, pages.size - MAX_PAGES)) {
      pages.delete(p);
      pageGen.delete(p);
    }
  }

  /** Filters the list by a case-insensitive substring of name or label. */
  function setSearch(q: string): void {
    if (q === search.value) return;
    search.value = q;
    reset(true);
  }

  /** Replaces the filter bar's values and reloads the list. */
  function setFilter(f: ClipFilter): void {
    if (JSON.stringify(f) === JSON.stringify(filter.value)) return;
    filter.value = f;
    reset(true);
  }

  /** The list's current filter: filter bar plus search (what `clips:list` and `clips:neighbor` get). */
  function query(): ClipFilter {
    const q = search.value.trim();
    return { ...filter.value, ...(q ? { search: q } : {}) };
  }

  /** Selects a clip (or none) and loads what the viewer needs. */
  function select(id: number | null): void {
    selectedId.value = id;
    detail.value = null;
    detailError.value = null;
    const path = useAppStore().workspace?.path;
    if (id == null || !path) sessionStorage.removeItem(SELECTION_KEY);
    else sessionStorage.setItem(SELECTION_KEY, JSON.stringify({ path, id }));
    if (id != null) void loadDetail(id);
  }

  async function loadDetail(id: number): Promise<void> {
    const seq = ++detailSeq;
    try {
      const d = await api.invoke('clips:get', { id });
      if (seq === detailSeq && selectedId.value === id) detail.value = d;
    } catch (err) {
      if (seq !== detailSeq || selectedId.value !== id) return;
      // A clip that vanished (e.g. restored after a reload) just closes the viewer.
      if (errorCode(err) === 'not_found') select(null);
      else detailError.value = errorMessage(err);
    }
  }

  /** Unsubscribes from core events and stops timers. */
  function dispose(): void {
    for (const d of disposers.splice(0)) d();
    if (flushTimer) clearTimeout(flushTimer);
    if (changedTimer) clearTimeout(changedTimer);
  }

  return {
    total, loaded, error, search, filter, selectedId, detail, detailError,
    init, refresh, clipAt, indexOfCached, ensureRange, setSearch, setFilter, query, select, dispose,
  };
});
