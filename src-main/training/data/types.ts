/**
 * The contract between data preparation (parent process: reads SQLite, fills caches with ffmpeg,
 * flow and DVS workers) and training/evaluation (child process: reads only files). Preparation
 * writes a `DataManifest` as `runs/<id>/manifest.json`; the trainer streams batches from the
 * per-clip `.npy` files it names.
 */
import type { InputSpec } from './inputSpec.js';

/** One prepared model input (or teacher input) as stored for every clip. */
export interface ManifestInput {
  spec: InputSpec;
  /** Shape of one view, without batch and view axes, e.g. [112, 112, 3]. */
  shape: number[];
  /** Stored dtype: uint8 RGB is scaled to 0-1 when loaded; float32 as is. */
  dtype: 'uint8' | 'float32';
  /** Channels come in (u, v) pairs: a horizontal flip negates u (flow). */
  flow: boolean;
  /** Brightness/contrast augmentation applies (RGB). */
  rgb: boolean;
}

/** One clip of one subset. */
export interface SampleRef {
  clipId: number;
  /** Index into `DataManifest.labels`. */
  label: number;
  /** Video-level key (clips of one video, or one group, share it) for video-level accuracy. */
  video: string;
  /** Multi-view link group (S004 Siamese similar pairs), null when unlinked. */
  link: number | null;
  /** Per `DataManifest.inputs` entry: absolute path of the `.npy` holding [views, ...shape]. */
  files: string[];
  /** Views stored per file (frames, stacks); every file of a clip has the same count. */
  views: number;
}

/** Everything the child process needs to read data. */
export interface DataManifest {
  /** Class ids and names in label order. */
  labels: { classId: number; name: string }[];
  /** Model inputs first (in the model's order), then any teacher inputs (distillation). */
  inputs: ManifestInput[];
  /** How many of `inputs` feed the model; the rest feed the teacher. */
  modelInputs: number;
  subsets: { train: SampleRef[]; val: SampleRef[]; test: SampleRef[] };
  /** Clips left out because their input could not be made, each with the reason (shown in the run). */
  skipped: { clipId: number; name: string; error: string }[];
}

/** A batch in host memory, ready to become tensors: one entry per requested input. */
export interface HostBatch {
  inputs: { data: Float32Array; shape: number[] }[];
  labels: Int32Array;
  clipIds: Int32Array;
  /** Which view of its clip each row is. */
  views: Int32Array;
}
