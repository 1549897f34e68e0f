import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ExportReport, ExportRequest, SplitSetInfo } from '../../../src-main/ipc/contract';
import { api } from '../api/client';
import { asExportReport } from '../lib/exportReport';

/** Dataset export: the split sets to choose from, starting a `dataset.export` job, reading its result. */
export const useExportsStore = defineStore('exports', () => {
  const splitSets = ref<SplitSetInfo[]>([]);

  /** Loads the workspace's split sets (the dialog's choices). */
  async function loadSplitSets(): Promise<SplitSetInfo[]> {
    splitSets.value = await api.invoke('splits:list', undefined);
    return splitSets.value;
  }

  /** Checks the request in the core and queues the job; throws the core's message when it is wrong. */
  async function start(req: ExportRequest): Promise<number> {
    return (await api.invoke('export:start', req)).jobId;
  }

  /** What a finished export job wrote; throws when the job has no result or it is not an export's. */
  async function report(jobId: number): Promise<ExportReport> {
    const { result } = await api.invoke('jobs:result', { id: jobId });
    if (result == null) throw new Error(`Job #${jobId} has not stored a result (it may not have finished).`);
    const rep = asExportReport(result);
    if (!rep) throw new Error(`Job #${jobId} stored a result that is not an export's.`);
    return rep;
  }

  return { splitSets, loadSplitSets, start, report };
});
