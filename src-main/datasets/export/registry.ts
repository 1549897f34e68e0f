import type { ExportReport, JobProgress } from '../../ipc/contract.js';
import type { ExportData } from './exportData.js';
import type { ExportFlowMethod, ExportFlowSummary } from './rawflow.js';

/** Options every exporter may read (the CLI flags and the `dataset.export` job spec). */
export interface ExportOptions {
  /** Folder list paths are written relative to (mmaction2 `data_prefix`, the UCF101 root); default: the media's common folder. */
  root?: string;
  /** mmaction2: also write JPEG rawframes + rawframe lists. */
  rawframes?: boolean;
  /** Rawframes: scale so the short side is this many pixels (default: keep the size). */
  shortSide?: number;
  /** UCF101: the NN of trainlistNN/testlistNN (default: the split's fold, else 1). */
  fold?: number;
  /** Parallel ffmpeg processes for rawframes, and flow threads (default: cores). */
  threads?: number;
  /** Rawframes: also write flow_x_/flow_y_ JPEGs computed with this method (default 'none'). */
  flow?: ExportFlowMethod;
  /** Where computed flow is cached (the workspace's `cache/flow`); needed when `flow` is a method. */
  flowCacheDir?: string;
}

/** What an exporter gets: the data, where to write, options, cancellation and progress. */
export interface ExportContext {
  data: ExportData;
  outDir: string;
  options: ExportOptions;
  signal: AbortSignal;
  progress(p: JobProgress): void;
}

/** What an export wrote, for the CLI summary and the job result (the contract's ExportReport, plus flow for export.json). */
export type ExportResult = ExportReport & { flow?: ExportFlowSummary };

/** One export format, registered once: `{ id, describe, needsSplit, run }`. */
export interface ExportFormat {
  id: string;
  describe: string;
  /** False when the format is useful without a split set (the CSV manifest). */
  needsSplit: boolean;
  run(ctx: ExportContext): Promise<ExportResult>;
}

const formats = new Map<string, ExportFormat>();

/** Adds a format; each format module calls this once at import. */
export function registerExportFormat(f: ExportFormat): ExportFormat {
  if (formats.has(f.id)) throw new Error(`Export format ${f.id} is registered twice`);
  formats.set(f.id, f);
  return f;
}

/** The format with this id, or an error listing the known ones. */
export function getExportFormat(id: string): ExportFormat {
  const f = formats.get(id);
  if (!f) throw new Error(`Unknown export format "${id}"; known: ${[...formats.keys()].join(', ')}`);
  return f;
}

/** Registered format ids (CLI help). */
export function exportFormatIds(): string[] {
  return [...formats.keys()];
}
