import type { Handlers } from './types.js';

/** Dataset export from the GUI: queues a `dataset.export` job (the CLI runs the same exporter). */
export const exportHandlers = {
  'export:start': (args, { workbench }) => ({ jobId: workbench.jobs.enqueue('dataset.export', args) }),
} satisfies Partial<Handlers>;
