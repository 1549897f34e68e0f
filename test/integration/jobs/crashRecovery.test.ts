import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../src-main/ipc/contract.js';
import { JobRunner } from '../../../src-main/jobs/runner.js';
import { PROJECT_ROOT } from '../../../src-main/paths.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import { openFilesUnder, removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';
import { registerCrashKinds } from './fixtures/crashKinds.js';

const CHILD = fileURLToPath(new URL('./fixtures/crashChild.ts', import.meta.url));
registerCrashKinds();

/** Starts the child on `dir`, waits until its job is mid-way, SIGKILLs it; returns the job id. */
async function crashMidJob(dir: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], {
    cwd: PROJECT_ROOT, env: { ...process.env, MWB_TEST_HANG_AFTER: '3' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d));
  const exited = new Promise<NodeJS.Signals | number | null>((r) => child.on('exit', (code, sig) => r(sig ?? code)));
  const jobId = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child never reached its job: ${err}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /hanging (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exited.then((how) => reject(new Error(`child exited (${how}) early: ${err}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return jobId;
}

let open: { ws: Workspace; runner: JobRunner } | null = null;
afterEach(async () => {
  if (open) {
    await open.runner.dispose();
    open.ws.close();
  }
  open = null;
  removeTempDirs();
});

describe('crash recovery', () => {
  it('marks a job killed with its process interrupted and resumes it where it stopped', async () => {
    const dir = tempDir('mwb-crash-');
    const id = await crashMidJob(dir);

    const events: JobInfo[] = [];
    const ws = Workspace.open(dir);
    const runner = new JobRunner(ws, { jobChanged: (j) => events.push(j), clipsChanged: () => {} });
    open = { ws, runner };
    expect(events[0]).toMatchObject({ id, state: 'interrupted', resumable: true });
    expect(runner.info(id).error).toMatch(/^Interrupted: the app stopped while this job was running/);
    expect(runner.info(id).progress.done).toBeGreaterThanOrEqual(1); // progress written before the crash survived

    await runner.idle(); // the job queued behind it runs on its own
    const behind = runner.list().find((j) => j.kind === 'test.crash.after')!;
    expect(behind.state).toBe('done');

    runner.resume(id);
    expect(await runner.wait(id)).toMatchObject({ state: 'done', progress: { done: 10, total: 10 } });
    const result = JSON.parse(ws.jobs.get(id)!.result!) as { resumedFrom: number; steps: number[] };
    expect(result).toEqual({ resumedFrom: 3, steps: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    expect(readFileSync(join(ws.cache('crash-test'), `job-${id}.log`), 'utf8').trim().split('\n')).toHaveLength(10);

    await runner.dispose();
    ws.close();
    open = null;
    expect(openFilesUnder(dir)).toEqual([]);
  });
});
