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
  /**
   * File key of the hover-scrub sprite: 10 tiles side by side, left to right in time, of the whole
   * media (`scrub/<mediaId>`) or, for a short trim, of the clip's span (`scrub/<mediaId>_<ms>-<ms>`).
   * Set by `clips:list` when the `media.scrub` job has made it; else null/absent.
   */
  scrubKey?: string | null;
  /** Inclusive range of the sprite's tiles inside the clip's span (a trim of the media strip); null/absent = all. */
  scrubTiles?: [number, number] | null;
  /** Actor/subject/source group (e.g. UCF101 `g08`), so splits can keep a group on one side. */
  group?: string | null;
  /** Camera view, when the dataset records one (e.g. HMDB51 `fr`). */
  view?: string | null;
  /** Whether the clip trains (`active`), is a negative/none example, or is left out. */
  status?: ClipStatus;
  /** Free tags, sorted. */
  tags?: string[];
  /** Multi-view link group: clips showing the same moment from other cameras share it. */
  linkGroup?: number | null;
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
  /** The other clips of this clip's multi-view link group (same moment, other cameras). */
  links?: ClipSummary[];
}

/** Label filter value selecting clips that have no class. */
export type UnlabeledFilter = '__unlabeled__';

/** Which clips a list, a neighbour lookup or a bulk edit is about; every field narrows it. */
export interface ClipFilter {
  /** Case-insensitive substring of the clip name or label. */
  search?: string;
  /** A class name, or `'__unlabeled__'` for clips without a class. */
  label?: string;
  /** Clips a split set puts in one subset. */
  subset?: { splitSet: number; subset: SplitSubset };
  group?: string;
  view?: string;
  tag?: string;
  status?: ClipStatus;
  /** Clips cut from one media file (the labeler's timeline). */
  mediaId?: number;
}

/** Query for the clip grid: a window of the ordered clip list. */
export interface ClipQuery extends ClipFilter {
  offset: number;
  limit: number;
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

/** A registered split strategy as the New split dialog and `mwb split create` offer it. */
export interface SplitStrategyInfo {
  id: string;
  title: string;
  description: string;
  /** Which parameters its form shows. */
  fields: ('ratios' | 'folds' | 'testRatio' | 'source')[];
  usesSeed: boolean;
}

/** A split set with how it was made and its content hash (the Splits screen, `mwb split list`). */
export interface SplitSetInfo extends SplitSetSummary {
  /** The strategy's parameters as run (ratios, folds, source…), plus `overrides` after manual moves. */
  params: Record<string, unknown>;
  seed: number | null;
  createdAt: string;
  /** sha256 (hex) of the sorted (clip, subset, fold) assignments; training runs reference a set by id + this. */
  contentHash: string;
  /** K for k-fold sets (train clips carry fold 0..K-1), else null. */
  folds: number | null;
  /** Clips of the workspace this set does not assign (added after it was made). */
  unassigned: number;
  /** Clips moved by hand since the set was made. */
  overrides: number;
  /** One line saying how it was made, e.g. "group-disjoint, 0.70/0.15/0.15, seed 7". */
  description: string;
}

/** What `splits:create` makes: a named set by one strategy, its params and seed. */
export interface SplitCreateRequest {
  name: string;
  strategy: string;
  params: Record<string, unknown>;
  /** Seed of the strategy's RNG (mulberry32); same clips + params + seed = same split. Default 0. */
  seed?: number;
}

/** One column of a split's statistics: a subset, or one fold of a k-fold set. */
export interface SplitPart {
  /** `train`, `val`, `test`, `unused`, or `fold0`… for k-fold train folds. */
  key: string;
  label: string;
  subset: SplitSubset;
  fold: number | null;
  /** Target share of the clips (0..1) the strategy aimed for; null when it had none. */
  target: number | null;
}

/** Clips of one class per part (parallel to `SplitStats.parts`). */
export interface SplitClassRow {
  classId: number | null;
  /** Class name; `(negative)` for background clips, `(unlabelled)` for clips without a class. */
  name: string;
  color: string | null;
  total: number;
  counts: number[];
}

/** A class with too few clips in one part of a split. */
export interface SplitWarning {
  level: 'error' | 'warning';
  className: string;
  part: string;
  count: number;
  message: string;
}

/** Per-class x part counts of a split set, with what was achieved against the targets. */
export interface SplitStats {
  id: number;
  name: string;
  strategy: string;
  contentHash: string;
  parts: SplitPart[];
  classes: SplitClassRow[];
  /** Clips per part (parallel to `parts`). */
  totals: number[];
  /** Share of the assigned clips (unused left out) per part, 0..1; 0 for `unused`. */
  achieved: number[];
  /** Largest |class share in a part - target| over classes and parts with a target (0..1); null without targets. */
  maxClassDeviation: number | null;
  /** Groups (and source videos) with clips in more than one part (unused left out). */
  groups: { total: number; straddling: number };
  sources: { total: number; straddling: number };
  /** Workspace clips the set does not assign. */
  unassigned: number;
  /** A class with fewer clips than this in a used part gets a warning. */
  minPerPart: number;
  warnings: SplitWarning[];
}

/** What a leakage finding is about. */
export type LeakKind = 'same-source' | 'same-group' | 'near-duplicate';

/** One clip of a finding, with what the side-by-side view shows. */
export interface LeakClip {
  clipId: number;
  name: string;
  label: string | null;
  classColor: string | null;
  subset: SplitSubset;
  fold: number | null;
  /** Part key (`train`, `test`, `fold2`…) the clip is in. */
  part: string;
  mediaId: number;
  path: string;
  thumbKey: string | null;
  group: string | null;
  /** Seconds inside the media. */
  start: number;
  end: number | null;
}

/** Clips that should be on one side of the split but are not. */
export interface LeakFinding {
  kind: LeakKind;
  /** What ties them: the media path, the group name, or the clip ids of a duplicate cluster. */
  key: string;
  message: string;
  /** Part keys involved. */
  parts: string[];
  /** near-duplicate: the largest perceptual-hash distance inside the cluster (bits of 64); else null. */
  distance: number | null;
  clips: LeakClip[];
}

/** The leakage report of one split set (the result of a `splits.check` job). */
export interface LeakReport {
  splitSetId: number;
  name: string;
  /** Content hash of the set when it was checked; differs from the set's current hash after edits. */
  contentHash: string;
  checkedAt: string;
  /** Clips checked (assigned, not unused). */
  clips: number;
  counts: Record<LeakKind, number>;
  findings: LeakFinding[];
  /** True when more findings existed than the report keeps (the counts are complete). */
  truncated: boolean;
  nearDuplicates: {
    checked: boolean;
    /** Hamming distance threshold (bits of 64) at or below which two clips are near-duplicates. */
    threshold: number;
    framesPerClip: number;
    hashed: number;
    /** Hashes read from the cache instead of decoding. */
    cached: number;
    skipped: { clipId: number; name: string; reason: string }[];
  };
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

/** A rung of the training backend ladder, fastest first (mirrors `training/backends/rungs.ts`). */
export type TrainingRungId = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

/** One rung as the backend Details popover lists it. */
export interface TrainingRungStatus {
  id: TrainingRungId;
  /** Short human name, e.g. "WebAssembly". */
  title: string;
  /** Native TensorFlow (tfjs-node or tfjs-node-gpu) rather than WebAssembly or plain JS. */
  native: boolean;
  /**
   * `in-use`; `missing` = tried and failed to load (see `detail`); `not-checked` = not tried,
   * because a faster rung loaded or `MWB_TRAINING_BACKEND` forced another one.
   */
  status: 'in-use' | 'missing' | 'not-checked';
  /** Why it is missing or was not tried; null for the rung in use. */
  detail: string | null;
  /** Expected speed of this rung. */
  speed: string;
  /** How to get it where it is missing. */
  howToGet: string;
}

/** `training:backend`: the backend ladder's choice in this process (what `mwb doctor` prints). */
export interface TrainingBackendInfo {
  rung: TrainingRungId;
  /** Status-bar label, e.g. "WebAssembly (SIMD, 1 thread)". */
  label: string;
  native: boolean;
  device: string;
  threads: number;
  versions: Record<string, string>;
  /** Why the faster rungs were not used (null when the fastest one loaded). */
  fallbackReason: string | null;
  /** One line per faster rung: what it would give and how to get it. */
  howToGetFaster: string[];
  /** Expected speed of the rung in use. */
  speed: string;
  /** The ladder's one-line banner (`backendBanner()`), as `mwb doctor` prints it. */
  banner: string;
  /** How much slower than native training this rung is, one sentence; null on a native rung. */
  slowdown: string | null;
  /** The rung `MWB_TRAINING_BACKEND` forces, if any. */
  forced: TrainingRungId | null;
  /** Every rung, fastest first, with its status and speed note. */
  rungs: TrainingRungStatus[];
  /** Milliseconds the check took (once per process; later calls return the cached answer). */
  checkMs: number;
}

/** Lifecycle of a training run (`runs.state`). */
export type RunState = 'queued' | 'preparing' | 'training' | 'done' | 'failed' | 'cancelled' | 'interrupted' | 'imported';

/** A run as the runs list shows it. */
export interface RunSummary {
  id: number;
  name: string;
  recipe: string | null;
  family: string;
  state: RunState;
  jobId: number | null;
  splitSetId: number | null;
  epochsDone: number;
  epochs: number;
  bestEpoch: number | null;
  /** Value of `bestMetricName` at the best epoch. */
  bestMetric: number | null;
  bestMetricName: 'val_acc' | 'val_loss';
  params: number | null;
  sizeBytes: number | null;
  /** The backend rung label it trained on, e.g. "WebAssembly (SIMD, 1 thread)"; null before it started. */
  backend: string | null;
  error: string | null;
  notes: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Top-1 of the newest evaluation, with its subset. */
  latestEval: { subset: string; top1: number } | null;
}

/** Everything about one run. */
export interface RunDetail extends RunSummary {
  /** The validated run config (`RunConfig` of training/run/config.ts) as stored. */
  config: Record<string, unknown>;
  /** Class names in label order. */
  labels: string[];
  /** Backend record (rung, device, threads, versions) as the run stored it. */
  backendRecord: Record<string, unknown> | null;
  /** Clips left out during preparation, with reasons. */
  skipped: { clipId: number; name: string; error: string }[];
  evaluations: EvaluationSummary[];
  /** Folder of the run inside the workspace. */
  dir: string;
}

/** Curves of a run: per-iteration loss and per-epoch values. */
export interface RunMetricsSeries {
  runId: number;
  iters: { epoch: number; iter: number; loss: number }[];
  epochs: { epoch: number; lr: number | null; trainLoss: number | null; trainAcc: number | null; valLoss: number | null; valAcc: number | null }[];
}

/** Accuracy of one class in an evaluation. */
export interface PerClassAccuracy {
  label: number;
  name: string;
  correct: number;
  total: number;
  accuracy: number;
}

/** What an evaluation measured (stored as JSON in `evaluations.metrics`). */
export interface EvaluationMetrics {
  subset: string;
  checkpoint: 'best' | 'last';
  clips: number;
  /** Clip level: the mean of the clip's view (frame/stack) probabilities. */
  top1: number;
  top5: number;
  /** Video level: the mean of the video's clip probabilities (videos = media file or group). */
  videoAccuracy: number;
  videos: number;
  /** Mean cross-entropy of the clip probabilities. */
  loss: number;
  perClass: PerClassAccuracy[];
  /** confusion[true][predicted], clip level. */
  confusion: number[][];
  labels: string[];
  params: number;
  sizeBytes: number;
  /** Milliseconds per clip measured on up to `clips` clips: input preparation from the video (decode, flow, events) and the forward pass. */
  latencyMs: { preprocess: number; forward: number; total: number; clips: number };
  backend: string;
}

/** One evaluation of a run. */
export interface EvaluationSummary {
  id: number;
  runId: number;
  subset: string;
  checkpoint: 'best' | 'last';
  createdAt: string;
  metrics: EvaluationMetrics;
}

/** One clip's prediction in an evaluation. */
export interface PredictionRow {
  clipId: number;
  clipName: string;
  label: number;
  predicted: number;
  /** Probability of the predicted class. */
  confidence: number;
  correct: boolean;
}

/** A cached code set (S002): per-clip backbone codes [T, D] from one layer of a run's or a folder's model. */
export interface CodeSetInfo {
  key: string;
  /** Where the backbone came from; runName is null when that run was deleted. */
  source: { kind: 'run' | 'file'; runId?: number; runName?: string | null; path?: string };
  layer: string;
  /** The rgb-frame input spec the backbone saw. */
  input: { kind: string; size: number; frames: number; strategy: string; seconds?: number };
  /** [T, D]. */
  shape: number[];
  /** Clips with cached codes. */
  clips: number;
  createdAt: string;
  jobId: number | null;
}

/** A layer codes can be taken from, with its per-frame output shape (batch left out). */
export interface CodeLayerInfo {
  name: string;
  className: string;
  shape: number[];
  /** Code size D: the product of `shape`. */
  size: number;
  /** The family's feature (or penultimate) layer: the default and S002's choice. */
  feature: boolean;
}

/** What `codes:extract` asks for: the rgb-frame input S002 uses is 10 frames over the first 2 s. */
export interface CodesExtractRequest {
  source: { kind: 'run'; runId: number } | { kind: 'file'; path: string };
  layer?: string;
  input: { frames: number; size: number; strategy: 'uniform' | 'uniformFirstSeconds' | 'middle' | 'consecutive'; seconds?: number };
  clipIds?: number[];
}

/** 2-D PCA of each clip's mean code ([T, D] -> [D]), grouped by class, for the S002 plot. */
export interface CodesPca {
  key: string;
  /** Points plotted (clips with codes, in the chosen subset). */
  points: number;
  /** Code size D. */
  dims: number;
  /** Explained variance ratio of PC1 and PC2 (each in [0, 1], sum <= 1). */
  explained: number[];
  classes: { classId: number | null; name: string; color: string; points: { clipId: number; name: string; x: number; y: number }[] }[];
}

/** A built-in recipe reproducing one of the five published systems. */
export interface RecipeInfo {
  id: string;
  /** 'S000' ... 'S004'. */
  system: string;
  title: string;
  /** What it trains and which paper setting it follows. */
  description: string;
  /** A run config template (RunConfigInput) without `data.splitSetId`, which the user picks. */
  template: Record<string, unknown>;
  /** Runs it needs first (teacher, streams), described for the user; empty when none. */
  needs: string[];
  /** The same needs as fields the new-run dialog offers pickers for, in the order of `needs`. */
  slots: RecipeSlotInfo[];
}

/** A value only the user has (a finished run, a weights file, a code set...) at `path` in a recipe's template. */
export interface RecipeSlotInfo {
  /** Dotted path in the template, array indices as numbers: "init.0.from.runId". */
  path: string;
  kind: 'run' | 'file' | 'codes' | 'classes' | 'count';
  /** A short field label ("Teacher run"). */
  label: string;
  describe: string;
  /** The template's placeholder already works (a class count of 0 = the data's classes). */
  optional: boolean;
  /** For a run need: the model family the run must have (its weights are copied by layer name). */
  family?: string;
}

/** A registered model family as the new-run dialog and `mwb models --json` list it. */
export interface ModelFamilyInfo {
  id: string;
  description: string;
  inputs: { name: string; shape: number[]; description: string }[];
  /** Config fields with their defaults. */
  defaults: Record<string, unknown>;
}

/** One training step's loss (1-based `epoch` and `iter`). */
export interface LossPoint {
  epoch: number;
  iter: number;
  loss: number;
}

/**
 * Live training progress of one run (also stored in `run_metrics`). An 'iter' event carries every
 * step since the previous one, oldest first (events are batched to ~10 a second), so the live
 * curve misses none; `iters` is the steps per epoch.
 */
export type RunProgressEvent =
  | { runId: number; kind: 'iter'; iters: number; points: LossPoint[] }
  | { runId: number; kind: 'epoch'; epoch: number; lr: number; trainLoss: number; trainAcc: number; valLoss: number | null; valAcc: number | null; best: boolean };

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
  /** Folder list paths are written relative to (mmaction2 `data_prefix`, UCF101 root); default: the media's common folder. */
  root?: string;
  /** Rawframes: scale so the short side is this many pixels (default: keep the size). */
  shortSide?: number;
  /** UCF101: the NN of trainlistNN/testlistNN (default: the split's fold, else 1). */
  fold?: number;
  /** Rawframes: also write flow_x_/flow_y_00001.jpg (8-bit, bound 20 px) computed with this method; default 'none'. */
  flow?: 'none' | 'farneback' | 'tvl1';
}

/** What a finished `dataset.export` job reports (its result; `mwb export --json` prints the same). */
export interface ExportReport {
  format: string;
  split: string | null;
  outDir: string;
  /** Folder the list paths are relative to (null when they are absolute). */
  root: string | null;
  /** Files written, relative to outDir (frame images are counted, not listed). */
  files: string[];
  /** Lines per list file / rows, and e.g. `frames` written. */
  counts: Record<string, number>;
  /** Things the user should know: clips left out and why, information a format cannot hold. */
  warnings: string[];
}

/** A change to apply to one or many clips; absent fields are left alone. */
export interface ClipPatch {
  /** Class name (must exist), or null to remove the label. */
  label?: string | null;
  group?: string | null;
  view?: string | null;
  status?: ClipStatus;
  addTags?: string[];
  removeTags?: string[];
}

/** What an edit committed: its batch (one undo step; null when nothing changed) and the clips now. */
export interface EditResult {
  batchId: number | null;
  /** Clips whose stored value actually changed. */
  changed: number;
  /** The edited clips as stored after the commit (at most the first 500). */
  clips: ClipSummary[];
}

/** A clip field the audit log records. `created`/`deleted` carry the whole clip as JSON. */
export type ClipHistoryField =
  | 'label' | 'group' | 'view' | 'status' | 'tags' | 'span' | 'link' | 'name' | 'created' | 'deleted';

/** One audit row: a field of a clip changed from `oldValue` to `newValue` (display text). */
export interface ClipHistoryEntry {
  id: number;
  clipId: number;
  batchId: number;
  field: ClipHistoryField;
  oldValue: string | null;
  newValue: string | null;
  /** ISO time of the commit. */
  at: string;
  /** What made the change: `label`, `bulk`, `trim`, `undo`, `redo`, `revert`, `class merge`, `cli`… */
  source: string;
}

/** Whether undo/redo can run now and what they would undo/redo (for tooltips). */
export interface EditState {
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | null;
  redoLabel: string | null;
}

/** What an undo or redo changed. */
export interface UndoResult extends EditState {
  /** The batch that was undone or redone; null when there was nothing to do. */
  batchId: number | null;
  description: string;
  /** Clips whose values changed (first 500). */
  clipIds: number[];
  changed: number;
}

/** What a class operation did: its undo batch, how many clips it relabelled, the classes now. */
export interface ClassOpResult {
  batchId: number;
  moved: number;
  classes: ClassInfo[];
}

/** A distinct value of a clip field and how many clips have it. */
export interface FacetValue {
  value: string;
  count: number;
}

/** Values the filter bar offers and counts the labeler shows. */
export interface ClipFacets {
  total: number;
  unlabeled: number;
  status: Record<ClipStatus, number>;
  /** The most frequent 500 values of each field. */
  groups: FacetValue[];
  views: FacetValue[];
  tags: FacetValue[];
  splitSets: { id: number; name: string }[];
}

/** Parameters of the synthetic "motion actions" demo dataset. */
export interface DemoOptions {
  /** Folder to create the demo workspace in; default: `<appData>/demo-workspace`. */
  path?: string;
  clipsPerClass?: number;
  seed?: number;
}

/** How the synchronised motion viewer shows events: ON/OFF colours, binary, or the S000 3-frame stack. */
export type DvsViewMode = 'polarity' | 'binary' | 'stack3';

/**
 * What the cached motion preview of one clip holds (`cache/preview/<clipId>/`): RGB frames, flow
 * colour-wheel pictures and simulated events, all at `width` x `height`. Pictures are file keys
 * `preview/<clipId>/rgb/<n>`, `preview/<clipId>/flow/<n>` (flow n = frame n -> n+1) and `preview/<clipId>/legend`.
 */
export interface MotionManifest {
  clipId: number;
  /** RGB frames 0..frames-1 (the clip, capped at `maxFrames`). */
  frames: number;
  fps: number;
  width: number;
  height: number;
  /** True when the clip had more frames than the preview keeps. */
  truncated: boolean;
  flow: {
    method: string;
    /** Flow fields: frames - 1. */
    pairs: number;
    /** Largest |flow| of the clip, px/frame. */
    maxMagnitude: number;
    /** |flow| (px/frame) drawn at full saturation in every flow picture (the 99th percentile). */
    scale: number;
    /** Edges of the magnitude histogram bins, px/frame (bins + 1 values, from 0 to maxMagnitude). */
    binEdges: number[];
    /** Per flow field: pixel counts per magnitude bin. */
    histograms: number[][];
  };
  dvs: {
    model: string;
    events: number;
    /** Time of the last frame, µs (frame k is at round(k·1e6/fps)). */
    durationUs: number;
    /** Events in each frame interval (k -> k+1). */
    perFrame: number[];
  };
  createdAt: string;
}

/** A coarse grid of mean flow vectors of one flow field, for the arrow overlay. */
export interface MotionArrows {
  frame: number;
  cols: number;
  rows: number;
  /** Cell side in preview pixels; cell (r, c) is centred at ((c + 0.5)·cell, (r + 0.5)·cell). */
  cell: number;
  /** Mean (u, v) per cell, row-major, interleaved, px/frame. */
  vectors: number[];
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
  /** Native file picker (Electron only), e.g. for a weights file; null when cancelled or unavailable. */
  'workspace:pickFile': { args: { title?: string; extensions?: string[] }; result: string | null };
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
  /** Applies one patch to many clips in one transaction with its audit rows (one undo step). */
  'clips:update': { args: { ids: number[]; patch: ClipPatch }; result: EditResult };
  /** Cuts a new clip [start, end) seconds out of a media file (frame-snapped by the caller). */
  'clips:trim': { args: { mediaId: number; start: number; end: number; name?: string; label?: string | null }; result: ClipSummary };
  /** Moves a clip's trim marks, seconds on the media timeline. */
  'clips:setSpan': { args: { id: number; start: number; end: number }; result: ClipSummary };
  /** Deletes clips (undoable; their split assignments and links come back on undo). */
  'clips:delete': { args: { ids: number[] }; result: EditResult };
  /** The next (1) or previous (-1) clip in list order under a filter, optionally only unlabelled ones; wraps. */
  'clips:neighbor': { args: ClipFilter & { from: number; direction: 1 | -1; unlabeled?: boolean }; result: ClipSummary | null };
  /** Distinct groups/views/tags, status and unlabelled counts, split sets (the filter bar). */
  'clips:facets': { args: void; result: ClipFacets };
  /** A clip's audit rows, newest first. */
  'clips:history': { args: { id: number }; result: ClipHistoryEntry[] };
  /** Puts one audited field back to its value before that change (a new, undoable edit). */
  'clips:revert': { args: { historyId: number }; result: EditResult };
  /** Puts clips in one multi-view link group (merging the groups they were in). */
  'clips:link': { args: { ids: number[] }; result: EditResult };
  /** Takes clips out of their link groups. */
  'clips:unlink': { args: { ids: number[] }; result: EditResult };
  /** Whether undo/redo are available in this workspace session. */
  'edits:state': { args: void; result: EditState };
  /** Reverts the last edit batch of this session (survives a renderer reload). */
  'edits:undo': { args: void; result: UndoResult };
  /** Re-applies the last undone batch. */
  'edits:redo': { args: void; result: UndoResult };
  /** Creates a class (next palette colour unless given). */
  'classes:add': { args: { name: string; color?: string }; result: ClassInfo };
  'classes:rename': { args: { id: number; name: string }; result: ClassInfo };
  /** Colour as `#rrggbb`. */
  'classes:recolor': { args: { id: number; color: string }; result: ClassInfo };
  /** Relabels every clip of `from` as `into`, then deletes `from`. */
  'classes:merge': { args: { from: number; into: number }; result: ClassOpResult };
  /** Deletes a class; its clips move to `moveTo` (null = unlabelled). */
  'classes:delete': { args: { id: number; moveTo: number | null }; result: ClassOpResult };
  /** Registered split strategies with the fields their form needs. */
  'splits:strategies': { args: void; result: SplitStrategyInfo[] };
  /** Every split set with counts, params, seed and content hash. */
  'splits:list': { args: void; result: SplitSetInfo[] };
  /** Makes a split set by a strategy (official = copy an imported set). */
  'splits:create': { args: SplitCreateRequest; result: SplitSetInfo };
  /** Copies a set (assignments included) under a new name, unlocked. */
  'splits:duplicate': { args: { id: number; name: string }; result: SplitSetInfo };
  /** Locks (no change possible; training references it) or unlocks a set. */
  'splits:lock': { args: { id: number; locked: boolean }; result: SplitSetInfo };
  /** Deletes an unlocked set. */
  'splits:delete': { args: { id: number }; result: { id: number } };
  /** Per-class x subset counts, achieved proportions and warnings. */
  'splits:stats': { args: { id: number; minPerPart?: number }; result: SplitStats };
  /** Manual override: moves clips to a subset (and fold) of an unlocked set. */
  'splits:assign': { args: { id: number; clipIds: number[]; subset: SplitSubset; fold?: number | null }; result: SplitSetInfo };
  /** Queues the leakage check (`splits.check` job: hashes frames, then compares). */
  'splits:check': { args: { id: number; threshold?: number; nearDuplicates?: boolean }; result: { jobId: number } };
  /** The latest leakage report of a set; null before its first check. */
  'splits:findings': { args: { id: number }; result: LeakReport | null };
  /** The clip's motion preview, queueing a `motion.preview` job when it is not cached (manifest null until done). */
  'motion:preview': { args: { clipId: number }; result: { jobId: number | null; manifest: MotionManifest | null } };
  /** The cached motion preview of a clip, or null. */
  'motion:manifest': { args: { clipId: number }; result: MotionManifest | null };
  /** Mean flow vectors of flow field `frame` on a grid of about `grid` cells along the long side (default 16). */
  'motion:arrows': { args: { clipId: number; frame: number; grid?: number }; result: MotionArrows };
  /** Renders (or finds cached) the events of [t0Us, t1Us) as a PNG; colours `#rrggbb` for polarity mode. */
  'motion:dvsFrame': { args: { clipId: number; t0Us: number; t1Us: number; mode: DvsViewMode; on?: string; off?: string }; result: { key: string; events: number } };
  /** Every run, newest first. */
  'runs:list': { args: void; result: RunSummary[] };
  'runs:get': { args: { runId: number }; result: RunDetail };
  'runs:metrics': { args: { runId: number }; result: RunMetricsSeries };
  /** Validates a run config (RunConfigInput), creates the run and queues its `training.run` job. */
  'runs:start': { args: { config: Record<string, unknown> }; result: { runId: number; jobId: number } };
  /** Continues an interrupted, failed or cancelled run from its last checkpoint. */
  'runs:resume': { args: { runId: number }; result: { jobId: number } };
  'runs:update': { args: { runId: number; name?: string; notes?: string }; result: RunSummary };
  /** Deletes the run, its metrics, evaluations and folder (refused while it trains). */
  'runs:delete': { args: { runId: number }; result: void };
  /** Queues a `training.evaluate` job on a subset of the run's split set (or another set). */
  'runs:evaluate': { args: { runId: number; subset: 'train' | 'val' | 'test'; checkpoint?: 'best' | 'last'; splitSetId?: number }; result: { jobId: number } };
  'runs:predictions': { args: { evaluationId: number; only?: 'all' | 'wrong'; limit?: number }; result: PredictionRow[] };
  /** Late fusion of two evaluated runs on one subset: mean, weighted mean or linear SVM on their softmax scores. */
  'runs:fuse': { args: { runIds: [number, number]; subset: 'val' | 'test'; method: 'mean' | 'weighted' | 'svm'; weights?: [number, number]; name?: string }; result: { runId: number; evaluationId: number } };
  /** Writes the model (TF.js Layers + labels + preprocessing config) to a folder. */
  'runs:export': { args: { runId: number; dir: string }; result: { dir: string; files: string[] } };
  /** Imports an exported model folder as a run in state `imported`. */
  'runs:import': { args: { dir: string; name?: string }; result: { runId: number } };
  'runs:recipes': { args: void; result: RecipeInfo[] };
  /** Every cached code set, newest first. */
  'codes:list': { args: void; result: CodeSetInfo[] };
  /** Queues a `training.codes` job extracting per-clip codes [T, D] from a run's best model or a model folder. */
  'codes:extract': { args: CodesExtractRequest; result: { jobId: number } };
  /** The layers of a run's model with their output shapes, the feature layer first. */
  'codes:layers': { args: { runId: number }; result: CodeLayerInfo[] };
  /** PCA of the mean codes per clip, per class; optionally only clips of one subset of a split set. */
  'codes:pca': { args: { key: string; splitSetId?: number; subset?: 'train' | 'val' | 'test' | 'unused' }; result: CodesPca };
  'training:families': { args: void; result: ModelFamilyInfo[] };
  /** The training backend in use (checked lazily, once per process, off the main thread). */
  'training:backend': { args: void; result: TrainingBackendInfo };
}

/** Every event the core pushes to the UI: name -> payload. */
export interface Events {
  /** A job was created or changed state or progress (throttled to at most ~10/s per job). */
  'jobs:changed': JobInfo;
  /** A different workspace is now open. */
  'workspace:changed': WorkspaceInfo;
  /** Clips, media or classes changed (import, probe, thumbnails): the grid should refresh. */
  'clips:changed': { reason: string };
  /** The undo/redo stack changed (an edit, undo or redo committed). */
  'edits:changed': EditState;
  /** A run was created, changed state, or was deleted. */
  'runs:changed': { runId: number };
  /** Live loss/accuracy of a training run. */
  'runs:progress': RunProgressEvent;
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
  'workspace:pickFile',
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
  'clips:update',
  'clips:trim',
  'clips:setSpan',
  'clips:delete',
  'clips:neighbor',
  'clips:facets',
  'clips:history',
  'clips:revert',
  'clips:link',
  'clips:unlink',
  'edits:state',
  'edits:undo',
  'edits:redo',
  'classes:add',
  'classes:rename',
  'classes:recolor',
  'classes:merge',
  'classes:delete',
  'splits:strategies',
  'splits:list',
  'splits:create',
  'splits:duplicate',
  'splits:lock',
  'splits:delete',
  'splits:stats',
  'splits:assign',
  'splits:check',
  'splits:findings',
  'motion:preview',
  'motion:manifest',
  'motion:arrows',
  'motion:dvsFrame',
  'training:backend',
  'runs:list',
  'runs:get',
  'runs:metrics',
  'runs:start',
  'runs:resume',
  'runs:update',
  'runs:delete',
  'runs:evaluate',
  'runs:predictions',
  'runs:fuse',
  'runs:export',
  'runs:import',
  'runs:recipes',
  'codes:list',
  'codes:extract',
  'codes:layers',
  'codes:pca',
  'training:families',
] as const satisfies readonly Channel[];

export const EVENTS = ['jobs:changed', 'workspace:changed', 'clips:changed', 'edits:changed', 'runs:changed', 'runs:progress'] as const satisfies readonly EventName[];

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
