import type { Handlers } from './types.js';

/** Jobs panel channels. */
export const jobsHandlers = {
  'jobs:list': (_args, { workbench }) => workbench.jobs.list(),
  'jobs:cancel': (args, { workbench }) => workbench.jobs.cancelSettled(args.id),
  'jobs:resume': (args, { workbench }) => workbench.jobs.resume(args.id),
  'jobs:result': (args, { workbench }) => workbench.jobs.result(args.id),
} satisfies Partial<Handlers>;
