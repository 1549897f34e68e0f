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
  /** Actor/subject/source group (e.g. UCF101 `g08`), so splits can keep a group on one side. */
  group?: string | null;
  /** Camera view, when the dataset records one (e.g. HMDB51 `fr`). */
  view?: string | null;
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
  /** What the file holds; `events` files are read by the DVS readers, not ffprobe. */
  kind?: MediaKind;
  /** True when the file at `path` no longer matches the recorded fingerprint (see `media:relink`). */
  changed?: boolean;
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
  /**
   * Order in which this snapshot was read from the database (larger = newer). A reply to a call
   * and an event can arrive in either order; the UI keeps the newer snapshot.
   */
  seq: number;
}

/** What a media row holds: a video, a still image, or an event-camera (DVS) recording. */
export type MediaKind = 'video' | 'image' | 'events';

/** Whether a clip takes part in training: `negative` = a background/none example. */
export type ClipStatus = 'active' | 'excluded' | 'negative';

/** The parts a split set assigns clips to. */
export type SplitSubset = 'train' | 'val' | 'test' | 'unused';

/** A split set with how many clips each subset holds (`mwb info`, the splits panel). */
export interface SplitSetSummary {
  id: number;
  name: string;
  strategy: string;
  locked: boolean;
  subsets: Record<SplitSubset, number>;
}

/** One option of an importer, described so the Import wizard and the CLI can build their forms. */
export interface ImportOptionField {
  name: string;
  type: 'folder' | 'file' | 'string' | 'integer' | 'number' | 'boolean' | 'choice';
  label: string;
  /** One line of help shown under the field (and in `mwb import <id> --help`). */
  help?: string;
  default?: string | number | boolean;
  required: boolean;
  /** Allowed values of a `choice` field. */
  choices?: string[];
}

/** A registered importer as the wizard lists it. */
export interface ImporterInfo {
  id: string;
  title: string;
  description: string;
  /** The first option is the source (folder or file) the CLI takes as its positional argument. */
  options: ImportOptionField[];
}

/** Which importer to run with which options (validated by the importer's own schema). */
export interface ImportRequest {
  importer: string;
  options: Record<string, unknown>;
}

/** What can go wrong with one file or line while scanning or importing. */
export type ImportProblemKind =
  | 'missing' | 'unreadable' | 'ignored' | 'symlink-loop' | 'bad-line' | 'duplicate' | 'conflict';

/** One problem, naming the file (or `list:line`) and saying what to do. */
export interface ImportProblem {
  kind: ImportProblemKind;
  file: string;
  message: string;
}

/** Problems by kind plus the first few in full (lists can name thousands of missing files). */
export interface ImportProblems {
  counts: Partial<Record<ImportProblemKind, number>>;
  first: ImportProblem[];
}

/** One clip the import would create, as the preview table shows it. */
export interface ImportPreviewItem {
  name: string;
  path: string;
  kind: MediaKind;
  label: string | null;
  group: string | null;
  view: string | null;
  /** Seconds; null end = to the end of the file. */
  start: number;
  end: number | null;
  status: ClipStatus;
}

/** A split set the import would create or update. */
export interface SplitSetPreview {
  name: string;
  strategy: string;
  /** Entries the split lists name, per subset (present on disk or not). */
  listed: Record<SplitSubset, number>;
  /** Clips that would be assigned, per subset (entries whose file exists). */
  subsets: Record<SplitSubset, number>;
}

/** What an import would create, computed without writing anything (the wizard's preview). */
export interface ImportPreview {
  importer: string;
  root: string;
  media: number;
  clips: number;
  /** Clips of the plan that the workspace already has (a re-import skips them). */
  alreadyImported: number;
  classes: { name: string; clips: number }[];
  splitSets: SplitSetPreview[];
  /** The first 50 clips. */
  items: ImportPreviewItem[];
  problems: ImportProblems;
}

/** A list of file names in a report, capped at 1,000 names; `count` is the real number. */
export interface FileList {
  count: number;
  files: string[];
}

/** What a finished `dataset.import` job reports (its result). */
export interface ImportReport {
  importer: string;
  root: string;
  /** Clips created by this import (resumed runs included). */
  created: FileList;
  /** Clips that already existed and were left as they were. */
  skipped: FileList;
  /** Files named by a list or manifest that are not on disk. */
  missing: FileList;
  /** Files that exist but cannot be read as media, with the probe's message. */
  unreadable: { count: number; files: { path: string; error: string }[] };
  /** Files found but not imported (unsupported type, in no list, skipped negatives). */
  ignored: FileList;
  problems: ImportProblems;
  splitSets: { name: string; created: boolean; locked: boolean; assigned: Record<SplitSubset, number> }[];
  /** Outcome of probing the imported files; null when probing was turned off. */
  probe: { ok: number; failed: number } | null;
  /** Event recordings not read yet (probing was off); the DVS readers, not ffprobe, read them. */
  pendingEvents: number;
}

/** What `media:relink` did: files found again by fingerprint, still missing, and changed ones. */
export interface RelinkResult {
  relinked: { id: number; from: string; to: string }[];
  stillMissing: string[];
  /** Files at their recorded path whose content no longer matches the recorded fingerprint. */
  changed: string[];
}

/** One folder of the workspace cache (`frames`, `scrub`, `thumbs`, flow…) and its size. */
export interface CacheArea {
  name: string;
  files: number;
  bytes: number;
  /** False for areas the database points into (thumbnails): Clear cache leaves them. */
  clearable: boolean;
}

/** What the Clear cache panel shows: per-area sizes and the frame cache's LRU limit. */
export interface CacheStats {
  path: string;
  areas: CacheArea[];
  totalBytes: number;
  /** Size limit of the decoded-frame cache (least recently used entries are evicted beyond it). */
  framesLimitBytes: number;
}

/** Which dataset export to run (`mwb export` does the same as a job). */
export interface ExportRequest {
  /** A registered format: `mmaction2`, `ucf101`, `csv`. */
  format: string;
  /** Split set name; optional for `csv` only. */
  split?: string;
  /** Output folder (created if missing). */
  out: string;
  /** mmaction2: also write JPEG rawframes and rawframe lists. */
  rawframes?: boolean;
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
  /** What a finished job produced (e.g. an import's `ImportReport`), as stored JSON; null before it ends. */
  'jobs:result': { args: { id: number }; result: { id: number; kind: string; result: unknown } };
  /** Registered importers with the options their wizard page shows. */
  'import:list': { args: void; result: ImporterInfo[] };
  /** Scans the source and says what an import would create, writing nothing. */
  'import:preview': { args: ImportRequest; result: ImportPreview };
  /** Queues a `dataset.import` job; its result is an ImportReport. */
  'import:start': { args: ImportRequest; result: { jobId: number } };
  /** Finds missing media again under `folder` by fingerprint and flags changed files. */
  'media:relink': { args: { folder: string }; result: RelinkResult };
  /** Sizes of the workspace cache folders. */
  'cache:stats': { args: void; result: CacheStats };
  /** Empties cache areas (default: every clearable one); derived data is recomputed on demand. */
  'cache:clear': { args: { areas?: string[] }; result: CacheStats };
  /** Queues a `dataset.export` job writing a split set in a dataset-list format. */
  'export:start': { args: ExportRequest; result: { jobId: number } };
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
  'jobs:result',
  'import:list',
  'import:preview',
  'import:start',
  'media:relink',
  'cache:stats',
  'cache:clear',
  'export:start',
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
