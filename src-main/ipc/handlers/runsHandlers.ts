import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDetail, RunSummary } from '../contract.js';
import { EvaluationsRepo } from '../../db/repos/evaluationsRepo.js';
import { runSummaryOf, type RunRow } from '../../db/repos/runsRepo.js';
import { fuseRuns, LATE_FUSION_FAMILY } from '../../training/eval/fuseRuns.js';
import { exportRun, importRun } from '../../training/run/exportModel.js';
import { listRecipes, modelFamilyInfos } from '../../training/run/recipes.js';
import { emitRunEvent } from '../../training/run/runEvents.js';
import { reconcileRunStates, resumeRun, runsOf, startRun } from '../../training/run/runLifecycle.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { Handlers } from './types.js';

/** A run id that does not exist is `not_found` for the UI, with the id in the message. */
function mustRun(ws: Workspace, runId: number): RunRow {
  const row = runsOf(ws).get(runId);
  if (!row) throw Object.assign(new Error(`No run ${runId} in this workspace; it may have been deleted`), { code: 'not_found' });
  return row;
}

function summary(ws: Workspace, row: RunRow): RunSummary {
  const latest = new EvaluationsRepo(ws.db).latestTop1().get(row.id) ?? null;
  return runSummaryOf(row, latest);
}

/** Clips the run's preparation left out (from its manifest), or none. */
function skippedOf(runDir: string): RunDetail['skipped'] {
  const file = join(runDir, 'manifest.json');
  if (!existsSync(file)) return [];
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { skipped?: RunDetail['skipped'] }).skipped ?? [];
  } catch {
    return [];
  }
}

/** Everything the run page shows about one run. */
function detail(ws: Workspace, runId: number): RunDetail {
  const row = mustRun(ws, runId);
  const dir = runsOf(ws).dirOf(runId);
  return {
    ...summary(ws, row),
    config: JSON.parse(row.config) as Record<string, unknown>,
    labels: row.labels ? (JSON.parse(row.labels) as string[]) : [],
    backendRecord: row.backend ? (JSON.parse(row.backend) as Record<string, unknown>) : null,
    skipped: skippedOf(dir),
    evaluations: new EvaluationsRepo(ws.db).listForRun(runId),
    dir,
  };
}

/**
 * The Runs screen and new-run dialog: list, inspect, start, resume, rename, delete, evaluate,
 * fuse, export and import runs; recipes and model families. Starting and resuming go through
 * `runLifecycle` (the same path as `mwb train`); evaluation is a queued `training.evaluate` job.
 */
export const runsHandlers = {
  'runs:list': (_args, { workbench }) => {
    const ws = workbench.workspace;
    // a run whose job ended without it (cancelled while queued, app stopped) takes the job's state
    reconcileRunStates(ws);
    const latest = new EvaluationsRepo(ws.db).latestTop1();
    return runsOf(ws).list().map((r) => runSummaryOf(r, latest.get(r.id) ?? null));
  },
  'runs:get': (args, { workbench }) => detail(workbench.workspace, args.runId),
  'runs:metrics': (args, { workbench }) => {
    mustRun(workbench.workspace, args.runId);
    return runsOf(workbench.workspace).metricsSeries(args.runId);
  },
  'runs:start': (args, { workbench }) => startRun(workbench.workspace, workbench.jobs, args.config),
  'runs:resume': (args, { workbench }) => {
    mustRun(workbench.workspace, args.runId);
    return resumeRun(workbench.workspace, workbench.jobs, args.runId);
  },
  'runs:update': (args, { workbench }) => {
    const ws = workbench.workspace;
    mustRun(ws, args.runId);
    runsOf(ws).update(args.runId, { name: args.name, notes: args.notes });
    emitRunEvent(ws, 'runs:changed', { runId: args.runId });
    return summary(ws, mustRun(ws, args.runId));
  },
  'runs:delete': (args, { workbench }) => {
    const ws = workbench.workspace;
    mustRun(ws, args.runId);
    runsOf(ws).delete(args.runId);
    emitRunEvent(ws, 'runs:changed', { runId: args.runId });
  },
  'runs:evaluate': (args, { workbench }) => {
    const row = mustRun(workbench.workspace, args.runId);
    if (row.family === LATE_FUSION_FAMILY) {
      throw Object.assign(new Error(`Run ${row.id} "${row.name}" is a late fusion and has no model of its own: fuse its two runs again on the subset you want`), { code: 'bad_input' });
    }
    if (row.split_set_id === null && !args.splitSetId) {
      throw Object.assign(new Error(`Run ${row.id} "${row.name}" has no split set in this workspace (${row.state === 'imported' ? 'it was imported' : 'its split set was deleted'}): choose a split set to evaluate it on`), { code: 'bad_input' });
    }
    const jobId = workbench.jobs.enqueue('training.evaluate', {
      runId: args.runId, subset: args.subset, checkpoint: args.checkpoint ?? 'best', ...(args.splitSetId ? { splitSetId: args.splitSetId } : {}),
    });
    return { jobId };
  },
  'runs:predictions': (args, { workbench }) => {
    const evals = new EvaluationsRepo(workbench.workspace.db);
    if (!evals.get(args.evaluationId)) throw Object.assign(new Error(`No evaluation ${args.evaluationId}; it may have been deleted with its run`), { code: 'not_found' });
    return evals.predictions(args.evaluationId, { only: args.only, limit: args.limit });
  },
  'runs:fuse': (args, { workbench }) => fuseRuns(workbench.workspace, args),
  'runs:export': (args, { workbench }) => {
    mustRun(workbench.workspace, args.runId);
    return exportRun(workbench.workspace, args.runId, args.dir);
  },
  'runs:import': (args, { workbench }) => importRun(workbench.workspace, args.dir, args.name),
  'runs:recipes': () => listRecipes(),
  'training:families': () => modelFamilyInfos(),
} satisfies Partial<Handlers>;
