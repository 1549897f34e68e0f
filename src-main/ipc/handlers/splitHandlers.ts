import { latestLeakReport } from '../../datasets/splits/leakage/checkJob.js';
import {
  assignClips, createSplitSet, deleteSplitSet, duplicateSplitSet, listSplitSets, lockSplitSet, splitSetInfo, splitStrategies,
} from '../../datasets/splits/service.js';
import { splitStats } from '../../datasets/splits/stats.js';
import type { Handlers } from './types.js';

/** The Splits screen: split sets, their statistics, manual moves and the leakage check (a `splits.check` job). */
export const splitHandlers = {
  'splits:strategies': () => splitStrategies(),
  'splits:list': (_args, { workbench }) => listSplitSets(workbench.workspace),
  'splits:create': (args, { workbench }) => createSplitSet(workbench.workspace, args),
  'splits:duplicate': (args, { workbench }) => duplicateSplitSet(workbench.workspace, args.id, args.name),
  'splits:lock': (args, { workbench }) => lockSplitSet(workbench.workspace, args.id, args.locked),
  'splits:delete': (args, { workbench }) => deleteSplitSet(workbench.workspace, args.id),
  'splits:stats': (args, { workbench }) => splitStats(workbench.workspace, args.id, args.minPerPart),
  'splits:assign': (args, { workbench }) => assignClips(workbench.workspace, args.id, args.clipIds, args.subset, args.fold ?? null),
  'splits:check': (args, { workbench }) => {
    const set = splitSetInfo(workbench.workspace, args.id); // not_found before anything is queued
    const jobId = workbench.jobs.enqueue('splits.check', {
      splitSetId: set.id, name: set.name, threshold: args.threshold, nearDuplicates: args.nearDuplicates,
    });
    return { jobId };
  },
  'splits:findings': (args, { workbench }) => latestLeakReport(workbench.workspace, args.id),
} satisfies Partial<Handlers>;
