import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import { api } from '../api/client';
import { errorMessage } from '../lib/format';
import { useAppStore } from './app';
import { useClipsStore } from './clips';

/** Clips per `clips:list` call when a Shift-click range reaches pages not loaded yet. */
const RANGE_CHUNK = 1000;
/** The most clips one selection may hold (a bulk edit is one transaction). */
export const MAX_SELECTION = 200_000;

/** How a click in the grid was made. */
export interface ClickMods {
  shift: boolean;
  toggle: boolean;
}

/**
 * The browser's multi-selection for bulk actions: click selects one clip, Ctrl/Cmd-click toggles,
 * Shift-click selects the range from the last clicked clip (fetching ids of pages not on screen).
 */
export const useSelectionStore = defineStore('selection', () => {
  const ids = shallowRef(new Set<number>());
  const anchor = ref<number | null>(null);
  const busy = ref(false);
  const count = computed(() => ids.value.size);

  function set(next: Iterable<number>): void {
    ids.value = new Set(next);
  }

  /** Applies a click on the clip at list position `index`. */
  async function click(id: number, index: number, mods: ClickMods): Promise<void> {
    if (mods.shift && anchor.value != null) {
      const from = Math.min(anchor.value, index);
      const to = Math.max(anchor.value, index);
      const range = await rangeIds(from, to);
      if (range) set(mods.toggle ? [...ids.value, ...range] : range);
      return;
    }
    anchor.value = index;
    if (mods.toggle) {
      const next = new Set(ids.value);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      ids.value = next;
    } else {
      set([id]);
    }
  }

  /** Ids at list positions from..to (inclusive), from cached pages or fetched in chunks. */
  async function rangeIds(from: number, to: number): Promise<number[] | null> {
    const clips = useClipsStore();
    if (to - from + 1 > MAX_SELECTION) {
      useAppStore().notify('error', `Select at most ${MAX_SELECTION.toLocaleString('en-US')} clips at once`);
      return null;
    }
    const out: number[] = [];
    let missing = false;
    for (let i = from; i <= to; i++) {
      const c = clips.clipAt(i);
      if (!c) {
        missing = true;
        break;
      }
      out.push(c.id);
    }
    if (!missing) return out;
    busy.value = true;
    try {
      const all: number[] = [];
      for (let offset = from; offset <= to; offset += RANGE_CHUNK) {
        const page = await api.invoke('clips:list', { offset, limit: Math.min(RANGE_CHUNK, to - offset + 1), ...clips.query() });
        all.push(...page.items.map((c) => c.id));
      }
      return all;
    } catch (err) {
      useAppStore().notify('error', `Could not select the range: ${errorMessage(err)}`);
      return null;
    } finally {
      busy.value = false;
    }
  }

  /** Selects every clip the current filter matches. */
  async function selectAll(): Promise<void> {
    const total = useClipsStore().total;
    if (total === 0) return;
    const all = await rangeIds(0, total - 1);
    if (all) set(all);
  }

  function clear(): void {
    ids.value = new Set();
    anchor.value = null;
  }

  /** Drops ids that no longer exist (after a delete); keeps the rest. */
  function forget(gone: number[]): void {
    for (const id of gone) ids.value.delete(id);
    triggerRef(ids);
  }

  return { ids, anchor, busy, count, click, selectAll, clear, forget, has: (id: number) => ids.value.has(id) };
});
