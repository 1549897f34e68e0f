import { join } from 'node:path';
import '../../../../src-main/jobs/kinds.js';
import { JobRunner } from '../../../../src-main/jobs/runner.js';
import { Workspace } from '../../../../src-main/workspace/workspace.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';

/** A real workspace in a temp folder with its job runner (events go nowhere). */
export interface TestWorkspace {
  ws: Workspace;
  runner: JobRunner;
  root: string;
}

const open: TestWorkspace[] = [];

/** A fresh workspace with a job runner; closed by {@link closeWorkspaces}. */
export function openWorkspace(): TestWorkspace {
  const root = tempDir('mwb-data-');
  const ws = Workspace.open(join(root, 'ws'));
  const runner = new JobRunner(ws, { jobChanged: () => {}, clipsChanged: () => {} });
  const t = { ws, runner, root };
  open.push(t);
  return t;
}

/** The demo dataset (8 motion classes) at a tiny size, generated and probed for real (ffmpeg). */
export async function demoWorkspace(spec: { clipsPerClass: number; size: number; seconds: number }): Promise<TestWorkspace> {
  const t = openWorkspace();
  const id = t.runner.enqueue('demo.generate', { mediaDir: join(t.root, 'media'), ...spec });
  await t.runner.idle();
  const job = t.runner.info(id);
  if (job.state !== 'done') throw new Error(`demo.generate ended ${job.state}: ${job.error ?? ''}`);
  return t;
}

/** Runs a job to its end and returns its row. */
export async function runJob(t: TestWorkspace, kind: string, spec: unknown): Promise<{ state: string; error: string | null; result: unknown }> {
  const id = t.runner.enqueue(kind, spec);
  await t.runner.idle();
  const row = t.ws.jobs.get(id)!;
  return { state: row.state, error: row.error, result: row.result ? JSON.parse(row.result) as unknown : null };
}

/** Disposes every runner and workspace, then removes the temp folders. */
export async function closeWorkspaces(): Promise<void> {
  for (const t of open.splice(0)) {
    await t.runner.dispose();
    t.ws.close();
  }
  removeTempDirs();
}
