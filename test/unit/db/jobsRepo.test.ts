import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobsRepo } from '../../../src-main/db/repos/jobsRepo.js';
import { removeTempDirs } from '../../helpers/coreFixtures.js';
import { closeTestDbs, openTestDb } from '../../helpers/testDb.js';

let jobs: JobsRepo;
beforeEach(() => {
  jobs = new JobsRepo(openTestDb().db);
});
afterEach(() => {
  closeTestDbs();
  removeTempDirs();
});

describe('JobsRepo', () => {
  it('creates queued jobs with their spec as JSON', () => {
    const id = jobs.create('import', 'Import 3 files', { paths: ['/a', '/b'], deep: true });
    const row = jobs.get(id)!;
    expect(row).toMatchObject({ kind: 'import', title: 'Import 3 files', state: 'queued', done: 0, total: 0,
      phase: '', message: '', error: null, result: null, started_at: null, finished_at: null });
    expect(JSON.parse(row.spec)).toEqual({ paths: ['/a', '/b'], deep: true });
    expect(jobs.get(999)).toBeNull();
  });

  it('lists most recent first, with a limit, and starts the oldest queued job next', () => {
    const ids = [1, 2, 3, 4].map((n) => jobs.create('k', `job ${n}`, {}));
    jobs.markRunning(ids[0]!);
    expect(jobs.list().map((r) => r.id)).toEqual([...ids].reverse());
    expect(jobs.list(2).map((r) => r.id)).toEqual([ids[3], ids[2]]);
    expect(jobs.nextQueued()?.id).toBe(ids[1]);
    expect(jobs.count()).toBe(4);
  });

  it('records progress, results and errors', () => {
    const id = jobs.create('k', 't', {});
    jobs.markRunning(id);
    expect(jobs.get(id)).toMatchObject({ state: 'running', finished_at: null });
    expect(jobs.get(id)!.started_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    jobs.setProgress(id, { phase: 'probe', done: 3, total: 7, message: 'clip 3' });
    jobs.finish(id, 'done', { result: { imported: 7 } });
    const row = jobs.get(id)!;
    expect(row).toMatchObject({ state: 'done', phase: 'probe', done: 3, total: 7, message: 'clip 3', error: null });
    expect(JSON.parse(row.result!)).toEqual({ imported: 7 });
    const failed = jobs.create('k', 't', {});
    jobs.finish(failed, 'failed', { error: 'disk full' });
    jobs.requeue(failed);
    expect(jobs.get(failed)).toMatchObject({ state: 'queued', error: null, finished_at: null });
  });

  it('marks only running jobs interrupted, with a message', () => {
    const running = jobs.create('k', 'running', {});
    const queued = jobs.create('k', 'queued', {});
    const done = jobs.create('k', 'done', {});
    jobs.markRunning(running);
    jobs.finish(done, 'done');
    expect(jobs.markInterrupted()).toEqual([running]);
    expect(jobs.get(running)).toMatchObject({ state: 'interrupted', error: expect.stringMatching(/^Interrupted: /) });
    expect(jobs.get(running)!.finished_at).not.toBeNull();
    expect(jobs.get(queued)!.state).toBe('queued');
    expect(jobs.get(done)!.state).toBe('done');
    expect(jobs.markInterrupted()).toEqual([]);
  });
});
