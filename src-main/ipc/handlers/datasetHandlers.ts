import '../../datasets/importers/importJob.js';
import { relinkMedia } from '../../datasets/relink.js';
import { previewOf } from '../../datasets/importers/preview.js';
import { listImporters, parseImportOptions, planImport } from '../../datasets/importers/registry.js';
import type { Handlers } from './types.js';

/** Import wizard and relink channels: list importers, preview a plan, start the import job, relink media. */
export const datasetHandlers = {
  'import:list': () => listImporters(),
  'import:preview': async (args, { workbench }) => {
    const plan = await planImport(args.importer, args.options);
    return previewOf(plan, workbench.workspace);
  },
  'import:start': (args, { workbench }) => {
    parseImportOptions(args.importer, args.options); // a clear validation error before anything is queued
    return { jobId: workbench.jobs.enqueue('dataset.import', { importer: args.importer, options: args.options }) };
  },
  'media:relink': async (args, { workbench }) => {
    const result = await relinkMedia(workbench.workspace, args.folder);
    workbench.emit('clips:changed', { reason: 'relink' });
    return result;
  },
} satisfies Partial<Handlers>;
