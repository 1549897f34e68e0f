import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ImporterInfo, ImportPreview, ImportReport, ImportRequest, RelinkResult } from '../../../src-main/ipc/contract';
import { api } from '../api/client';
import { asImportReport } from '../lib/importReport';

/** Dataset importers: the registered list, previews, starting an import job, reports, relinking. */
export const useImportsStore = defineStore('imports', () => {
  const importers = ref<ImporterInfo[]>([]);
  const loaded = ref(false);

  /** Fetches the registered importers once (they cannot change while the core runs). */
  async function loadImporters(): Promise<ImporterInfo[]> {
    if (!loaded.value) {
      importers.value = await api.invoke('import:list', undefined);
      loaded.value = true;
    }
    return importers.value;
  }

  /** Scans the source and says what the import would create, writing nothing. */
  function preview(req: ImportRequest): Promise<ImportPreview> {
    return api.invoke('import:preview', req);
  }

  /** Queues the import job and returns its id (the jobs panel shows it). */
  async function start(req: ImportRequest): Promise<number> {
    return (await api.invoke('import:start', req)).jobId;
  }

  /** The report of a finished import job; throws when the job has none or it is not a report. */
  async function report(jobId: number): Promise<ImportReport> {
    const { result } = await api.invoke('jobs:result', { id: jobId });
    if (result == null) throw new Error(`Job #${jobId} has not stored a report (it may not have finished).`);
    const rep = asImportReport(result);
    if (!rep) throw new Error(`Job #${jobId} stored a result that is not an import report.`);
    return rep;
  }

  /** Looks for missing media under `folder` by fingerprint. */
  function relink(folder: string): Promise<RelinkResult> {
    return api.invoke('media:relink', { folder });
  }

  return { importers, loaded, loadImporters, preview, start, report, relink };
});
