import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ClassInfo, ClipFacets, ClipPatch, ClipSummary, EditResult, EditState, UndoResult } from '../../../src-main/ipc/contract';
import { api, onRefresh } from '../api/client';
import { errorMessage } from '../lib/format';
import { useAppStore } from './app';

/** Where the last edit stands: `saved` only once the core answered that it is committed. */
export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

/** Counts are re-read once edits pause (the labeler's own edits adjust them locally at once). */
const REFRESH_DEBOUNCE_MS = 250;
const EMPTY_STATE: EditState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null };

/**
 * Labeling state shared by the labeler and the clip browser: classes with live counts, filter
 * facets, the core's undo/redo state and the save indicator. Every edit goes through `run`, which
 * sends edits one after another in keystroke order and marks them saved only when committed.
 */
export const useLabelsStore = defineStore('labels', () => {
  const classes = ref<ClassInfo[]>([]);
  const facets = shallowRef<ClipFacets | null>(null);
  const edits = ref<EditState>(EMPTY_STATE);
  const save = ref<SaveState>('idle');
  const savedAt = ref<Date | null>(null);
  const saveError = ref<string | null>(null);
  /** What the last confirmed commit was, for the save indicator: an edit, an undo or a redo. */
  const lastKind = ref<'edit' | 'undo' | 'redo'>('edit');
  const lastDescription = ref<string | null>(null);
  let pending = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const disposers: Array<() => void> = [];

  /** Subscribes to core events and loads classes, facets and the undo state. */
  function init(): void {
    if (!disposers.length) {
      disposers.push(
        api.on('edits:changed', (s) => (edits.value = s)),
        api.on('clips:changed', () => scheduleRefresh()),
        api.on('workspace:changed', () => {
          save.value = 'idle';
          void refresh();
        }),
        onRefresh(() => void refresh()),
      );
    }
    void refresh();
  }

  function scheduleRefresh(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  /**
   * Moves one clip's weight in the visible counts from its old to its new label and status right
   * after the commit, so counts never lag a key press; the re-read that follows confirms them.
   */
  function adjustCounts(before: ClipSummary, after: ClipSummary): void {
    if (before.label !== after.label) {
      classes.value = classes.value.map((c) => c.name === before.label ? { ...c, clipCount: c.clipCount - 1 }
        : c.name === after.label ? { ...c, clipCount: c.clipCount + 1 } : c);
    }
    const f = facets.value;
    if (!f || (before.label === after.label && before.status === after.status)) return;
    const status = { ...f.status };
    if (before.status && after.status && before.status !== after.status) {
      status[before.status]--;
      status[after.status]++;
    }
    const unlabeled = f.unlabeled + (after.label == null ? 1 : 0) - (before.label == null ? 1 : 0);
    facets.value = { ...f, status, unlabeled };
  }

  let refreshing: Promise<void> | null = null;
  let again = false;

  /** Re-reads classes (with counts), facets and the undo state; calls during a read coalesce into one more. */
  function refresh(): Promise<void> {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = read().finally(() => {
      refreshing = null;
      if (again) {
        again = false;
        void refresh();
      }
    });
    return refreshing;
  }

  async function read(): Promise<void> {
    try {
      const [c, f, e] = await Promise.all([
        api.invoke('classes:list', undefined), api.invoke('clips:facets', undefined), api.invoke('edits:state', undefined),
      ]);
      classes.value = c;
      facets.value = f;
      edits.value = e;
    } catch {
      /* the next event or reconnect refreshes them */
    }
  }

  /**
   * Runs one edit after every edit sent before it, showing "Saving…" until the core confirmed the
   * commit. Failures are shown and resolve to null; the data on screen is whatever the core holds.
   */
  function run<T>(what: string, call: () => Promise<T>): Promise<T | null> {
    pending++;
    save.value = 'saving';
    const job = queue.then(call).then(
      (result) => {
        savedAt.value = new Date();
        saveError.value = null;
        lastKind.value = 'edit';
        lastDescription.value = what;
        scheduleRefresh();
        return result;
      },
      (err: unknown) => {
        saveError.value = `${what} failed: ${errorMessage(err)}`;
        useAppStore().notify('error', saveError.value);
        return null;
      },
    ).finally(() => {
      pending--;
      if (pending === 0) save.value = saveError.value ? 'error' : 'saved';
    });
    queue = job;
    return job;
  }

  /** Resolves once every edit sent so far is committed (or failed). */
  function idle(): Promise<void> {
    return queue.then(() => undefined);
  }

  const update = (ids: number[], patch: ClipPatch): Promise<EditResult | null> =>
    run('Saving the change', () => api.invoke('clips:update', { ids, patch }));

  function undoRedo(which: 'edits:undo' | 'edits:redo'): Promise<UndoResult | null> {
    return run(which === 'edits:undo' ? 'Undo' : 'Redo', async () => {
      const r = await api.invoke(which, undefined);
      edits.value = { canUndo: r.canUndo, canRedo: r.canRedo, undoLabel: r.undoLabel, redoLabel: r.redoLabel };
      return r;
    }).then((r) => {
      if (r?.batchId != null) {
        lastKind.value = which === 'edits:undo' ? 'undo' : 'redo';
        lastDescription.value = r.description;
      }
      return r;
    });
  }

  /** Unsubscribes from core events. */
  function dispose(): void {
    for (const d of disposers.splice(0)) d();
    if (timer) clearTimeout(timer);
  }

  return {
    classes, facets, edits, save, savedAt, saveError, lastKind, lastDescription,
    init, refresh, run, idle, update, adjustCounts, dispose,
    undo: () => undoRedo('edits:undo'),
    redo: () => undoRedo('edits:redo'),
    addClass: (name: string) => run('Adding the class', () => api.invoke('classes:add', { name })),
    renameClass: (id: number, name: string) => run('Renaming the class', () => api.invoke('classes:rename', { id, name })),
    recolorClass: (id: number, color: string) => run('Changing the colour', () => api.invoke('classes:recolor', { id, color })),
    mergeClasses: (from: number, into: number) => run('Merging the classes', () => api.invoke('classes:merge', { from, into })),
    deleteClass: (id: number, moveTo: number | null) => run('Deleting the class', () => api.invoke('classes:delete', { id, moveTo })),
    link: (ids: number[]) => run('Linking the clips', () => api.invoke('clips:link', { ids })),
    unlink: (ids: number[]) => run('Unlinking the clips', () => api.invoke('clips:unlink', { ids })),
    revert: (historyId: number) => run('Reverting the change', () => api.invoke('clips:revert', { historyId })),
    remove: (ids: number[]) => run('Deleting clips', () => api.invoke('clips:delete', { ids })),
  };
});
