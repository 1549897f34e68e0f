import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { JobProgress } from '../../ipc/contract.js';
import type { Workspace } from '../../workspace/workspace.js';
import './formats.js';
import { loadExportData } from './exportData.js';
import { EXPORT_FLOW_METHODS } from './rawflow.js';
import { getExportFormat, type ExportResult } from './registry.js';
import { writeText } from './writeText.js';

/** A whole export request (the contract's ExportRequest plus CLI-only options), validated at the edge. */
export const exportSpecSchema = z.object({
  format: z.string().min(1),
  split: z.string().min(1).optional(),
  out: z.string().min(1),
  rawframes: z.boolean().optional(),
  root: z.string().min(1).optional(),
  shortSide: z.number().int().min(16).max(4096).optional(),
  fold: z.number().int().min(1).max(99).optional(),
  threads: z.number().int().min(1).max(64).optional(),
  /** Rawframes: flow_x_/flow_y_ JPEGs beside the frames, computed with this method ('none' = no flow). */
  flow: z.enum(EXPORT_FLOW_METHODS).optional(),
});

/** A validated export request. */
export type ExportSpec = z.infer<typeof exportSpecSchema>;

/**
 * Runs one export: reads clips, labels and the split from the workspace, lets the registered format
 * write its files into `out` (created if missing), and writes `export.json` (what was written, the
 * root list paths are relative to, warnings). Shared by `mwb export` and the `dataset.export` job.
 */
export async function runExport(ws: Workspace, spec: ExportSpec, opts: { signal?: AbortSignal; progress?: (p: JobProgress) => void } = {}): Promise<ExportResult> {
  const format = getExportFormat(spec.format);
  if (format.needsSplit && !spec.split) throw new Error(`The ${format.id} export needs a split set: pass --split <name>`);
  const flow = spec.flow ?? 'none';
  if (flow !== 'none' && !(format.id === 'mmaction2' && spec.rawframes)) {
    throw new Error(`Flow frames (${flow}) are written beside mmaction2 rawframes: use the mmaction2 format with rawframes (--rawframes)`);
  }
  const data = loadExportData(ws.db, spec.split);
  const outDir = resolve(spec.out);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw new Error(`Cannot create the export folder ${outDir}: ${(err as Error).message}`, { cause: err });
  }
  const result = await format.run({
    data, outDir, signal: opts.signal ?? new AbortController().signal, progress: opts.progress ?? (() => undefined),
    options: { root: spec.root ? resolve(spec.root) : undefined, rawframes: spec.rawframes, shortSide: spec.shortSide, fold: spec.fold, threads: spec.threads,
      flow, flowCacheDir: flow === 'none' ? undefined : ws.cache('flow') },
  });
  const summary = { format: result.format, split: result.split, root: result.root, files: result.files, counts: result.counts,
    classes: data.classes.map((c) => c.name), ...(result.flow ? { flow: result.flow } : {}), warnings: result.warnings };
  result.files.push(writeText(outDir, 'export.json', JSON.stringify(summary, null, 2) + '\n'));
  return result;
}
