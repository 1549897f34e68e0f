/**
 * The one contract between the UI and the core: every channel the renderer may invoke, with its
 * argument and result types, and every event the core pushes. Pure types plus two name lists, so
 * the preload and the renderer can import it without pulling in any Node code. Payloads are
 * validated against `schemas.ts` at the edge (Electron IPC and the browser-mode bridge alike).
 */

/** Where the UI is running: inside Electron, or in a browser against the loopback bridge. */
export type AppMode = 'electron' | 'browser';

/** What the UI needs to know about the process serving it. */
export interface AppInfo {
  name: string;
  version: string;
  mode: AppMode;
  /** Why browser mode was chosen (e.g. Electron's binary is not installed); null in Electron. */
  modeReason: string | null;
  /** Path of the ffmpeg binary in use and where it came from. */
  ffmpeg: { path: string; source: 'env' | 'path' | 'npm' | 'missing'; version: string | null };
  /** Folder the app keeps its settings and default workspace in. */
  appDataDir: string;
  /** True when a native folder picker exists (Electron); the browser UI asks for a typed path. */
  canPickFolder: boolean;
}

/** An open workspace folder (workspace.sqlite + cache/ + runs/). */
export interface WorkspaceInfo {
  path: string;
  name: string;
  /** True for the default workspace under the app-data folder. */
  isDefault: boolean;
  counts: WorkspaceCounts;
}

/** Row counts shown in the status bar and printed by `mwb info`. */
export interface WorkspaceCounts {
  media: number;
  clips: number;
  classes: number;
  jobs: number;
}

/** A previously opened workspace, most recent first. */
export interface RecentWorkspace {
  path: string;
  name: string;
  openedAt: string;
  exists: boolean;
}

/** Health of a media file as last probed. */
export type MediaStatus = 'pending' | 'ok' | 'error' | 'missing';

/** One clip as the browser grid shows it. */
export interface ClipSummary {
  id: number;
  mediaId: number;
  name: string;
  label: string | null;
  classColor: string | null;
  /** Seconds. */
  duration: number | null;
  /** Clip start/end inside its media, seconds (null end = to the end). */
  start: number;
  end: number | null;
  mediaStatus: MediaStatus;
  mediaError: string | null;
  /** Relative file key for the thumbnail (see `fileUrl` in the api client); null until made. */
  thumbKey: string | null;
}

/** Media metadata read by ffprobe. */
export interface MediaInfo {
  id: number;
  path: string;
  status: MediaStatus;
  error: string | null;
  /** Seconds. */
  duration: number | null;
  /** Real frame rate of the video stream, frames per second. */
  fps: number | null;
  frameCount: number | null;
  width: number | null;
  height: number | null;
  codec: string | null;
  /** Degrees clockwise the player must rotate the picture. */
  rotation: number;
  sizeBytes: number | null;
  fingerprint: string | null;
}

/** A clip with everything the viewer pane needs. */
export interface ClipDetail extends ClipSummary {
  media: MediaInfo;
  /** Relative file key the viewer plays (the media itself, or a browser-playable proxy). */
  videoKey: string;
}

/** Query for the clip grid: a window of the ordered clip list. */
export interface ClipQuery {
  offset: number;
  limit: number;
  /** Case-insensitive substring of the clip name or label. */
  search?: string;
}

/** One window of clips plus the total count for the virtual scroller. */
export interface ClipPage {
  total: number;
  offset: number;
  items: ClipSummary[];
}

/** A class (label) with its number of clips. */
export interface ClassInfo {
  id: number;
  name: string;
  color: string;
  clipCount: number;
}

/** Lifecycle of a job row. `interrupted` = the app stopped while it ran. */
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/** Progress a job reports: `{phase, done, total, message}`. */
export interface JobProgress {
  phase: string;
  done: number;
  total: number;
  message: string;
}

/** A job as the jobs panel shows it. */
export interface JobInfo {
  id: number;
  kind: string;
  title: string;
  state: JobState;
  progress: JobProgress;
  error: string | null;
  /** Whether `jobs:resume` can continue it after an interruption or failure. */
  resumable: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Estimated seconds left, from progress so far; null when unknown. */
  etaSeconds: number | null;
}

/** Parameters of the synthetic "motion actions" demo dataset. */
export interface DemoOptions {
  /** Folder to create the demo workspace in; default: `<appData>/demo-workspace`. */
  path?: string;
  clipsPerClass?: number;
  seed?: number;
}

/**
 * Every invokable channel: name -> argument and result types. Adding a channel = one line here,
 * one schema in `schemas.ts`, one handler in `handlers/`.
 */
export interface Channels {
  'app:info': { args: void; result: AppInfo };
  'workspace:current': { args: void; result: WorkspaceInfo };
  'workspace:open': { args: { path: string }; result: WorkspaceInfo };
  'workspace:recent': { args: void; result: RecentWorkspace[] };
  /** Native folder picker (Electron only); resolves null when cancelled or unavailable. */
  'workspace:pickFolder': { args: void; result: string | null };
  'demo:create': { args: DemoOptions; result: { workspace: WorkspaceInfo; jobId: number } };
  'clips:list': { args: ClipQuery; result: ClipPage };
  'clips:get': { args: { id: number }; result: ClipDetail };
  'classes:list': { args: void; result: ClassInfo[] };
  'jobs:list': { args: void; result: JobInfo[] };
  'jobs:cancel': { args: { id: number }; result: JobInfo };
  'jobs:resume': { args: { id: number }; result: JobInfo };
}

/** Every event the core pushes to the UI: name -> payload. */
export interface Events {
  /** A job was created or changed state or progress (throttled to at most ~10/s per job). */
  'jobs:changed': JobInfo;
  /** A different workspace is now open. */
  'workspace:changed': WorkspaceInfo;
  /** Clips, media or classes changed (import, probe, thumbnails): the grid should refresh. */
  'clips:changed': { reason: string };
}

export type Channel = keyof Channels;
export type EventName = keyof Events;
export type ArgsOf<C extends Channel> = Channels[C]['args'];
export type ResultOf<C extends Channel> = Channels[C]['result'];

/** The allow-list the preload exposes; `satisfies` keeps it in step with `Channels`. */
export const CHANNELS = [
  'app:info',
  'workspace:current',
  'workspace:open',
  'workspace:recent',
  'workspace:pickFolder',
  'demo:create',
  'clips:list',
  'clips:get',
  'classes:list',
  'jobs:list',
  'jobs:cancel',
  'jobs:resume',
] as const satisfies readonly Channel[];

export const EVENTS = ['jobs:changed', 'workspace:changed', 'clips:changed'] as const satisfies readonly EventName[];

/** Compile-time check that the lists name every channel and event exactly. */
type Missing<All, Listed> = Exclude<All, Listed>;
const _allChannelsListed: Missing<Channel, (typeof CHANNELS)[number]> extends never ? true : never = true;
const _allEventsListed: Missing<EventName, (typeof EVENTS)[number]> extends never ? true : never = true;
void _allChannelsListed;
void _allEventsListed;

/** Error shape carried across the bridge: a user-facing message plus a machine-readable code. */
export interface BridgeError {
  code: 'validation' | 'not_found' | 'bad_input' | 'internal' | 'unauthorized';
  message: string;
}

/** What the preload puts on `window.api` (and what the browser bridge implements). */
export interface Api {
  invoke<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}
