/** The Export dialog's format choices and reading a `dataset.export` job's result for display. */
import type { ExportReport, ExportRequest } from '../../../src-main/ipc/contract';

/** Job kind of an export; its stored result is an ExportReport. */
export const EXPORT_JOB_KIND = 'dataset.export';

/** A choice of the dialog: one registered exporter with the options it reads. */
export interface ExportChoice {
  id: 'mmaction2' | 'rawframes' | 'ucf101' | 'csv';
  title: string;
  description: string;
  request: Pick<ExportRequest, 'format' | 'rawframes'>;
  /** False for the CSV manifest, which writes every clip (the split only fills its `split` column). */
  needsSplit: boolean;
  /** Which optional fields the form shows. */
  options: ('root' | 'shortSide' | 'fold')[];
}

/** What the Export dialog offers, in order. */
export const EXPORT_CHOICES: ExportChoice[] = [
  { id: 'mmaction2', title: 'mmaction2 video list', description: '<subset>_list_videos.txt: "<path> <label>" per clip, 0-based labels.',
    request: { format: 'mmaction2' }, needsSplit: true, options: ['root'] },
  { id: 'rawframes', title: 'mmaction2 rawframes', description: 'JPEG frames per clip under rawframes/<class>/<clip>/ plus the rawframe and video lists.',
    request: { format: 'mmaction2', rawframes: true }, needsSplit: true, options: ['root', 'shortSide'] },
  { id: 'ucf101', title: 'UCF101 lists', description: 'classInd.txt, trainlistNN.txt and testlistNN.txt like the official split files.',
    request: { format: 'ucf101' }, needsSplit: true, options: ['root', 'fold'] },
  { id: 'csv', title: 'CSV manifest', description: 'manifest.csv: path, label, start, end, group, view, split for every clip.',
    request: { format: 'csv' }, needsSplit: false, options: [] },
];

/** Which field of the form an error from `export:start` is about (shown under it), or null for the whole form. */
export function errorField(message: string): 'out' | 'split' | 'root' | null {
  if (/list root/i.test(message)) return 'root';
  if (/split set/i.test(message)) return 'split';
  if (/is a file, not a folder|export folder/i.test(message)) return 'out';
  return null;
}

/** The job result as an ExportReport, or null when it does not have that shape. */
export function asExportReport(result: unknown): ExportReport | null {
  if (!result || typeof result !== 'object') return null;
  const r = result as Record<string, unknown>;
  return typeof r.format === 'string' && typeof r.outDir === 'string' && Array.isArray(r.files) && Array.isArray(r.warnings)
    && !!r.counts && typeof r.counts === 'object' ? (result as ExportReport) : null;
}

/** Joins a folder and a file name written by the exporter with the folder's own separator. */
export function joinPath(dir: string, file: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.replace(/[\\/]+$/, '') + sep + file;
}
