import { checkExportRequest } from '../../datasets/export/checkExport.js';
import type { Handlers } from './types.js';

/** Dataset export from the GUI: checks the request, then queues a `dataset.export` job (the CLI runs the same exporter). */
export const exportHandlers = {
  'export:start': (args, { workbench }) => {
    checkExportRequest(workbench.workspace, args);
    return { jobId: workbench.jobs.enqueue('dataset.export', args) };
  },
} satisfies Partial<Handlers>;
