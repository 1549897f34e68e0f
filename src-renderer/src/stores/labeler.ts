import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ClipDetail, ClipHistoryEntry, ClipPatch, ClipSummary } from '../../../src-main/ipc/contract';
import { api } from '../api/client';
import { errorCode, errorMessage } from '../lib/format';
import { useAppStore } from './app';
import { useClipsStore } from './clips';
import { useLabelsStore } from './labels';

/** sessionStorage key: the labeler stays open on the same clip across a reload. */
const STATE_KEY = 'mwb.labeler';

/**
 * The labeler screen: the clip being labelled (with its media), the other clips cut from the same
 * media (the timeline's trim marks), the clip's history, and navigation in the browser's order.
 */
export const useLabelerStore = defineStore('labeler', () => {
  const open = ref(false);
  const current = shallowRef<ClipDetail | null>(null);
  const mediaClips = shallowRef<ClipSummary[]>([]);
  const history = shallowRef<ClipHistoryEntry[]>([]);
  const error = ref<string | null>(null);
  let loadSeq = 0;
  let historyTimer: ReturnType<typeof setTimeout> | null = null;
  /** "Every clip has a label" is said once per labeler session, not on every Enter. */
  let toldAllLabelled = false;

  function remember(): void {
    const path = useAppStore().workspace?.path;
    if (open.value && path) sessionStorage.setItem(STATE_KEY, JSON.stringify({ path, id: current.value?.id ?? null }));
    else sessionStorage.removeItem(STATE_KEY);
  }

  /** Reopens the labeler after a reload if it was open on this workspace. */
  function restore(): void {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STATE_KEY) ?? 'null') as { path: string; id: number | null } | null;
      if (saved && saved.path === useAppStore().workspace?.path) void start(saved.id);
    } catch {
      sessionStorage.removeItem(STATE_KEY);
    }
  }

  /** Opens the labeler on a clip, or on the browser's selected / first clip. */
  async function start(id?: number | null): Promise<void> {
    open.value = true;
    toldAllLabelled = false;
    const clips = useClipsStore();
    let target = id ?? clips.selectedId ?? clips.clipAt(0)?.id ?? null;
    if (target == null) {
      const first = await api.invoke('clips:list', { offset: 0, limit: 1, ...clips.query() }).catch(() => null);
      target = first?.items[0]?.id ?? null;
    }
    if (target == null) {
      current.value = null;
      error.value = 'No clips to label here. Import a dataset or clear the filter.';
      remember();
      return;
    }
    await load(target);
  }

  function close(): void {
    open.value = false;
    const id = current.value?.id;
    remember();
    if (id != null) useClipsStore().select(id);
  }

  /** Loads a clip with its media's clips and its history; a vanished clip falls back to a sibling. */
  async function load(id: number): Promise<void> {
    const seq = ++loadSeq;
    try {
      const d = await api.invoke('clips:get', { id });
      if (seq !== loadSeq) return;
      const sameMedia = current.value?.mediaId === d.mediaId;
      current.value = d;
      error.value = null;
      remember();
      if (!sameMedia) mediaClips.value = [];
      await Promise.all([loadMediaClips(d.mediaId), loadHistory(d.id)]);
    } catch (err) {
      if (seq !== loadSeq) return;
      const sibling = mediaClips.value.find((c) => c.id !== id);
      if (errorCode(err) === 'not_found' && sibling) return load(sibling.id);
      error.value = `Could not load clip ${id}: ${errorMessage(err)}`;
    }
  }

  async function loadMediaClips(mediaId: number): Promise<void> {
    const page = await api.invoke('clips:list', { offset: 0, limit: 1000, mediaId });
    if (current.value?.mediaId === mediaId) mediaClips.value = [...page.items].sort((a, b) => a.start - b.start || a.id - b.id);
  }

  async function loadHistory(id: number): Promise<void> {
    const h = await api.invoke('clips:history', { id });
    if (current.value?.id === id) history.value = h;
  }

  /** Re-reads the history once key presses pause, so fast labelling sends one request per press. */
  function historySoon(id: number): void {
    if (historyTimer) clearTimeout(historyTimer);
    historyTimer = setTimeout(() => {
      historyTimer = null;
      void loadHistory(id).catch(() => {});
    }, 150);
  }

  /** Re-reads the current clip after an edit, undo or revert changed it (or removed it). */
  async function reload(): Promise<void> {
    if (current.value) await load(current.value.id);
  }

  /**
   * Moves to the next/previous clip in the browser's order (filter and search), after every
   * pending edit committed; `unlabeled` skips labelled clips and falls back to the next clip.
   */
  async function step(direction: 1 | -1, unlabeled = false): Promise<void> {
    const c = current.value;
    if (!c) return;
    await useLabelsStore().idle();
    try {
      const q = useClipsStore().query();
      let next = await api.invoke('clips:neighbor', { ...q, from: c.id, direction, unlabeled });
      if (!next && unlabeled) {
        next = await api.invoke('clips:neighbor', { ...q, from: c.id, direction });
        if (next && !toldAllLabelled) useAppStore().notify('info', 'Every clip here has a label; Enter now moves to the next clip.');
        toldAllLabelled = true;
      }
      if (next) await load(next.id);
    } catch (err) {
      useAppStore().notify('error', `Could not move to the next clip: ${errorMessage(err)}`);
    }
  }

  /** Edits the current clip; once committed, shows the stored clip and its new history. */
  async function edit(patch: ClipPatch): Promise<void> {
    const c = current.value;
    if (!c) return;
    const res = await useLabelsStore().update([c.id], patch);
    const stored = res?.clips.find((x) => x.id === c.id);
    if (stored) useLabelsStore().adjustCounts(c, stored);
    if (stored && current.value?.id === c.id) {
      current.value = { ...current.value, ...stored };
      mediaClips.value = mediaClips.value.map((m) => (m.id === stored.id ? stored : m));
      historySoon(c.id);
    }
  }

  /** Cuts a new clip [start, end) seconds out of the current media and moves to it. */
  async function trim(start: number, end: number): Promise<boolean> {
    const c = current.value;
    if (!c) return false;
    const made = await useLabelsStore().run('Creating the clip', () => api.invoke('clips:trim', { mediaId: c.mediaId, start, end }));
    if (!made) return false;
    await load(made.id);
    return true;
  }

  /** Moves a clip's trim marks (seconds on the media timeline). */
  async function setSpan(id: number, start: number, end: number): Promise<void> {
    await useLabelsStore().run('Moving the trim marks', () => api.invoke('clips:setSpan', { id, start, end }));
    await reload();
  }

  return { open, current, mediaClips, history, error, start, close, restore, load, reload, step, edit, trim, setSpan };
});
