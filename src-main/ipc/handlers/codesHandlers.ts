import { codeLayers, codeSetPca, extractionSpec, listCodeSets } from '../../training/data/codes/codeSetViews.js';
import type { Handlers } from './types.js';

/**
 * The Code sets panel (S002): list cached code sets, queue a `training.codes` extraction from a
 * run's model, list that model's layers, and the PCA of mean codes per class. The work lives in
 * `training/data/codes/codeSetViews.ts`, shared with `mwb codes`.
 */
export const codesHandlers = {
  'codes:list': (_args, { workbench }) => listCodeSets(workbench.workspace),
  'codes:extract': (args, { workbench }) => ({ jobId: workbench.jobs.enqueue('training.codes', extractionSpec(workbench.workspace, args)) }),
  'codes:layers': (args, { workbench }) => codeLayers(workbench.workspace, args.runId),
  'codes:pca': (args, { workbench }) => codeSetPca(workbench.workspace, args.key, { splitSetId: args.splitSetId, subset: args.subset }),
} satisfies Partial<Handlers>;
