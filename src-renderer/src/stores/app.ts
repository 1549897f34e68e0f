import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppInfo, DemoOptions, RecentWorkspace, TrainingBackendInfo, WorkspaceInfo } from '../../../src-main/ipc/contract';
import { api, onRefresh } from '../api/client';
import { errorCode, errorMessage } from '../lib/format';

/** Why the UI cannot show a workspace at all (full-page states). */
export type Blocker = 'no-token' | 'unreachable' | null;

/** A short message shown in the corner, e.g. a failed action without its own dialog. */
export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

const COUNTS_DEBOUNCE_MS = 300;
/** localStorage key holding the rung whose slow-backend banner the user dismissed. */
const BACKEND_DISMISS_KEY = 'mwb.backendBannerDismissed';

/** Where the training-backend check stands: it runs once, on the first ask. */
export type BackendState = 'idle' | 'checking' | 'ready' | 'error';

/** App-wide state: who serves the UI, the open workspace, recent workspaces, notices. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const workspace = ref<WorkspaceInfo | null>(null);
  const recent = ref<RecentWorkspace[]>([]);
  const blocker = ref<Blocker>(null);
  const blockerDetail = ref('');
  const notices = ref<Notice[]>([]);
  const disposers: Array<() => void> = [];
  let countsTimer: ReturnType<typeof setTimeout> | null = null;
  let nextNoticeId = 1;

  const backend = ref<TrainingBackendInfo | null>(null);
  const backendState = ref<BackendState>('idle');
  const backendError = ref('');
  /** Rung whose banner was dismissed (a different rung shows the banner again). */
  const backendDismissed = ref<string | null>(localStorage.getItem(BACKEND_DISMISS_KEY));
  /** Where the backend Details popover is open from, if it is. */
  const backendDetails = ref<'banner' | 'status' | null>(null);
  const showBackendBanner = computed(() => !!backend.value && !backend.value.native && backendDismissed.value !== backend.value.rung);

  const isFirstRun = computed(() => !!workspace.value?.isDefault && workspace.value.counts.clips === 0);

  /** Loads app info, the current workspace and recents, and subscribes to core events. */
  async function init(): Promise<void> {
    if (!disposers.length) {
      disposers.push(
        api.on('workspace:changed', (ws) => {
          workspace.value = ws;
          void loadRecent();
        }),
        api.on('clips:changed', () => scheduleCounts()),
        onRefresh(() => void reload()),
      );
    }
    await reload();
  }

  /** Re-fetches everything this store shows; used at start and after a reconnect. */
  async function reload(): Promise<void> {
    try {
      const [i, ws] = await Promise.all([api.invoke('app:info', undefined), api.invoke('workspace:current', undefined)]);
      info.value = i;
      workspace.value = ws;
      blocker.value = null;
      await loadRecent();
    } catch (err) {
      blocker.value = errorCode(err) === 'unauthorized' ? 'no-token' : 'unreachable';
      blockerDetail.value = errorMessage(err);
    }
  }

  async function loadRecent(): Promise<void> {
    try {
      recent.value = await api.invoke('workspace:recent', undefined);
    } catch (err) {
      notify('error', `Could not list recent workspaces: ${errorMessage(err)}`);
    }
  }

  function scheduleCounts(): void {
    if (countsTimer) clearTimeout(countsTimer);
    countsTimer = setTimeout(async () => {
      countsTimer = null;
      try {
        workspace.value = await api.invoke('workspace:current', undefined);
      } catch {
        /* the next event or reconnect refreshes the counts */
      }
    }, COUNTS_DEBOUNCE_MS);
  }

  /** Asks the core which training backend is in use; checked once (the core caches it too). */
  async function loadBackend(): Promise<void> {
    if (backendState.value === 'checking' || backendState.value === 'ready') return;
    backendState.value = 'checking';
    try {
      backend.value = await api.invoke('training:backend', undefined);
      backendState.value = 'ready';
    } catch (err) {
      backendError.value = errorMessage(err);
      backendState.value = 'error';
    }
  }

  /** Hides the slow-backend banner for the rung in use, remembered across reloads. */
  function dismissBackendBanner(): void {
    if (!backend.value) return;
    backendDismissed.value = backend.value.rung;
    localStorage.setItem(BACKEND_DISMISS_KEY, backend.value.rung);
    if (backendDetails.value === 'banner') backendDetails.value = null;
  }

  /** Opens the folder at `path` (created if missing); throws the core's message on failure. */
  async function openWorkspace(path: string): Promise<void> {
    workspace.value = await api.invoke('workspace:open', { path });
    await loadRecent();
  }

  /** The native folder picker (Electron only; check `info.canPickFolder`); null when cancelled. */
  function pickFolder(): Promise<string | null> {
    return api.invoke('workspace:pickFolder', undefined);
  }

  /** The native file picker (Electron only, like the folder picker: check `info.canPickFolder`); null when cancelled. */
  function pickFile(opts: { title?: string; extensions?: string[] } = {}): Promise<string | null> {
    return api.invoke('workspace:pickFile', opts);
  }

  /** Native picker then open (Electron); returns false when the user cancelled. */
  async function pickAndOpen(): Promise<boolean> {
    const path = await pickFolder();
    if (!path) return false;
    await openWorkspace(path);
    return true;
  }

  /** Creates and opens the synthetic demo workspace; returns the id of the job filling it. */
  async function createDemo(options: DemoOptions): Promise<number> {
    const { workspace: ws, jobId } = await api.invoke('demo:create', options);
    workspace.value = ws;
    await loadRecent();
    return jobId;
  }

  /** Shows a dismissable message; errors stay until dismissed, info fades after a few seconds. */
  function notify(kind: Notice['kind'], text: string): void {
    const id = nextNoticeId++;
    notices.value.push({ id, kind, text });
    if (kind === 'info') setTimeout(() => dismiss(id), 4000);
  }

  /** Removes a notice. */
  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  /** Unsubscribes from core events. */
  function dispose(): void {
    for (const d of disposers.splice(0)) d();
    if (countsTimer) clearTimeout(countsTimer);
  }

  return {
    info, workspace, recent, blocker, blockerDetail, notices, isFirstRun,
    backend, backendState, backendError, backendDetails, showBackendBanner, loadBackend, dismissBackendBanner,
    init, reload, openWorkspace, pickFolder, pickFile, pickAndOpen, createDemo, notify, dismiss, dispose,
  };
});
