import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JobInfo } from '../../../src-main/ipc/contract.js';
import { registerJobKind, type JobContext } from '../../../src-main/jobs/registry.js';
import { JobRunner, toInfo } from '../../../src-main/jobs/runner.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import { activeHandles, openFilesUnder, removeTempDirs, tempDir, waitUntil } from '../../helpers/coreFixtures.js';

// Throwaway kinds, unique to this file. `log` records what ran; gates let a test hold a job open.
const log: string[] = [];
const signals = new Map<number, AbortSignal>();
const attempts = new Map<number, number>();
const contexts = new Map<number, JobContext<unknown>>();

const Record = registerJobKind({
  id: 'test.runner.record', schema: z.object({ name: z.string(), count: z.number().int() }), resumable: false,
  describe: (s) => `Record ${s.name}`,
  async run(ctx) {
    log.push(ctx.spec.name);
    return { echoed: ctx.spec.count };
  },
});
const Hold = registerJobKind({
  id: 'test.runner.hold', schema: z.object({ ignoreAbort: z.boolean().default(false) }), resumable: false,
  describe: () => 'Hold until aborted',
  run(ctx) {
    signals.set(ctx.jobId, ctx.signal);
    contexts.set(ctx.jobId, ctx as JobContext<unknown>);
    ctx.progress({ phase: 'hold', done: 1, total: 4, message: 'holding' });
    if (ctx.spec.ignoreAbort) return new Promise((r) => ctx.signal.addEventListener('abort', () => setTimeout(() => r('finished anyway'), 30)));
    return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted by signal'))));
  },
});
const Burst = registerJobKind({
  id: 'test.runner.burst', schema: z.object({ count: z.number(), spreadMs: z.number() }), resumable: false,
  describe: (s) => `Burst of ${s.count}`,
  async run(ctx) {
    const started = Date.now();
    for (let i = 1; i <= ctx.spec.count; i++) {
      ctx.progress({ phase: 'burst', done: i, total: ctx.spec.count, message: `item ${i}` });
      if (ctx.spec.spreadMs && Date.now() - started < (ctx.spec.spreadMs * i) / ctx.spec.count) {
        await new Promise((r) => setTimeout(r, 1));
      }
    }
    contexts.set(ctx.jobId, ctx as JobContext<unknown>);
  },
});
const Fail = registerJobKind({
  id: 'test.runner.fail', schema: z.object({}), resumable: false, describe: () => 'Fail',
  async run() {
    throw new Error('Cannot decode clip /v/broken.mp4: moov atom not found');
  },
});
const Resumable = registerJobKind({
  id: 'test.runner.resumable', schema: z.object({ items: z.number() }), resumable: true, describe: () => 'Resumable',
  async run(ctx) {
    const n = (attempts.get(ctx.jobId) ?? 0) + 1;
    attempts.set(ctx.jobId, n);
    if (n === 1) throw new Error('first attempt fails half-way');
    return { attempts: n };
  },
});

let dir = '';
let ws: Workspace;
let runner: JobRunner;
let events: JobInfo[];
let timersBefore = 0;
const newRunner = (): JobRunner => new JobRunner(ws, { jobChanged: (j) => events.push(j), clipsChanged: () => {} });
const statesOf = (id: number): string[] => events.filter((e) => e.id === id).map((e) => e.state)
  .filter((s, i, all) => s !== all[i - 1]);

beforeEach(() => {
  timersBefore = activeHandles('Timeout');
  dir = tempDir();
  ws = Workspace.open(dir);
  events = [];
  log.length = 0;
  runner = newRunner();
});
afterEach(async () => {
  await runner.dispose();
  ws.close();
  expect(openFilesUnder(dir)).toEqual([]);
  expect(activeHandles('Timeout')).toBeLessThanOrEqual(timersBefore); // no throttle timer left behind
  removeTempDirs();
});

describe('JobRunner', () => {
  it('runs queued jobs one at a time in order and stores their results', async () => {
    const ids = ['a', 'b', 'c'].map((name, i) => runner.enqueue(Record.id, { name, count: i }));
    await runner.idle();
    expect(log).toEqual(['a', 'b', 'c']);
    for (const id of ids) expect(statesOf(id)).toEqual(['queued', 'running', 'done']);
    expect(runner.info(ids[0]!)).toMatchObject({ title: 'Record a', state: 'done', error: null, resumable: false });
    expect(JSON.parse(ws.jobs.get(ids[2]!)!.result!)).toEqual({ echoed: 2 });
    expect(runner.list().map((j) => j.id)).toEqual([...ids].reverse());
  });

  it('throttles a burst of 1000 progress reports and still delivers the last one', async () => {
    const id = runner.enqueue(Burst.id, { count: 1000, spreadMs: 0 });
    await runner.wait(id);
    const progress = events.filter((e) => e.id === id && e.state === 'running');
    expect(progress.length).toBeLessThan(10);
    expect(events.at(-1)).toMatchObject({ id, state: 'done', progress: { done: 1000, total: 1000, message: 'item 1000' } });
  });

  it('reports progress spread over time at most about 10 times a second', async () => {
    const id = runner.enqueue(Burst.id, { count: 1000, spreadMs: 600 });
    const t0 = Date.now();
    await runner.wait(id);
    const seconds = (Date.now() - t0) / 1000;
    const updates = events.filter((e) => e.id === id && e.state === 'running' && e.progress.done > 0);
    expect(updates.length).toBeGreaterThanOrEqual(3); // intermediate progress does reach the UI
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 2);
    expect(runner.info(id).progress.done).toBe(1000);
  });

  it('cancels a running job through its signal', async () => {
    const id = runner.enqueue(Hold.id, {});
    const next = runner.enqueue(Record.id, { name: 'after', count: 0 });
    await waitUntil(() => signals.has(id), 'the job to start');
    expect(runner.cancel(id).state).toBe('running'); // cancellation is asynchronous
    expect((await runner.wait(id))).toMatchObject({ state: 'cancelled', error: null });
    expect(signals.get(id)!.aborted).toBe(true);
    await runner.wait(next);
    expect(log).toEqual(['after']);
  });

  it('counts a job that ignores the signal but finishes later as cancelled, not done', async () => {
    const id = runner.enqueue(Hold.id, { ignoreAbort: true });
    await waitUntil(() => signals.has(id), 'the job to start');
    runner.cancel(id);
    expect((await runner.wait(id)).state).toBe('cancelled');
  });

  it('cancels a queued job so it never runs', async () => {
    const hold = runner.enqueue(Hold.id, {});
    const queued = runner.enqueue(Record.id, { name: 'never', count: 0 });
    expect(runner.cancel(queued).state).toBe('cancelled');
    runner.cancel(hold);
    await runner.idle();
    expect(log).toEqual([]);
    expect(runner.info(queued).state).toBe('cancelled');
  });

  it('fails a throwing job with its message and goes on with the next', async () => {
    const bad = runner.enqueue(Fail.id, {});
    const good = runner.enqueue(Record.id, { name: 'next', count: 1 });
    await runner.idle();
    expect(runner.info(bad)).toMatchObject({ state: 'failed', error: 'Cannot decode clip /v/broken.mp4: moov atom not found' });
    expect(runner.info(good).state).toBe('done');
  });

  it('rejects a spec that does not match the schema, naming the field, and stores nothing', () => {
    expect(() => runner.enqueue(Record.id, { name: 'x', count: 'many' })).toThrow(/Invalid test\.runner\.record job: count: .*number/);
    expect(() => runner.enqueue(Record.id, { count: 1 })).toThrow(/name: /);
    expect(() => runner.enqueue('test.runner.nope', {})).toThrow('Unknown job kind "test.runner.nope"');
    expect(ws.jobs.count()).toBe(0);
  });

  it('fails a stored job whose spec no longer validates instead of crashing', async () => {
    const id = ws.jobs.create(Record.id, 'old row', { name: 42 });
    await runner.dispose();
    runner = newRunner();
    expect((await runner.wait(id)).error).toMatch(/name/);
    expect(runner.info(id).state).toBe('failed');
  });

  it('resumes a failed resumable job and refuses to resume others', async () => {
    const id = runner.enqueue(Resumable.id, { items: 3 });
    expect(await runner.wait(id)).toMatchObject({ state: 'failed', resumable: true, error: 'first attempt fails half-way' });
    expect(runner.resume(id).state).toBe('queued');
    expect(await runner.wait(id)).toMatchObject({ state: 'done', error: null });
    expect(JSON.parse(ws.jobs.get(id)!.result!)).toEqual({ attempts: 2 });
    expect(() => runner.resume(id)).toThrow(/is done; only interrupted, failed or cancelled/);
    const plain = runner.enqueue(Fail.id, {});
    await runner.wait(plain);
    expect(() => runner.resume(plain)).toThrow(/cannot be resumed/);
  });

  it('computes an ETA from progress so far', async () => {
    const started = new Date(Date.now() - 10_000).toISOString();
    const row = { ...ws.jobs.get(ws.jobs.create(Record.id, 't', {}))!, state: 'running' as const, started_at: started };
    expect(toInfo({ ...row, done: 25, total: 100 }).etaSeconds).toBe(30);
    expect(toInfo({ ...row, done: 0, total: 100 }).etaSeconds).toBeNull();
    expect(toInfo({ ...row, done: 25, total: 0 }).etaSeconds).toBeNull();
    expect(toInfo({ ...row, state: 'done', done: 25, total: 100 }).etaSeconds).toBeNull();
    const id = runner.enqueue(Hold.id, {});
    await waitUntil(() => runner.info(id).progress.done === 1, 'the first progress report');
    await new Promise((r) => setTimeout(r, 600));
    expect(runner.info(id).etaSeconds).toBeGreaterThanOrEqual(1); // ~0.6 s per item, 3 items left
    runner.cancel(id);
    await runner.wait(id);
  });

  it('on dispose aborts the running job, marks it interrupted and leaves queued jobs for next time', async () => {
    const id = runner.enqueue(Hold.id, {});
    const queued = runner.enqueue(Record.id, { name: 'later', count: 0 });
    await waitUntil(() => signals.has(id), 'the job to start');
    await runner.dispose();
    expect(signals.get(id)!.aborted).toBe(true);
    expect(runner.info(id)).toMatchObject({ state: 'interrupted', error: expect.stringMatching(/workspace was closed/) });
    expect(runner.info(queued).state).toBe('queued');
    expect(await runner.wait(queued)).toMatchObject({ state: 'queued' }); // a disposed runner starts nothing
    expect(log).toEqual([]);
    runner = newRunner();
    await runner.idle();
    expect(log).toEqual(['later']);
  });

  it('ignores progress a job reports after it finished', async () => {
    const id = runner.enqueue(Burst.id, { count: 5, spreadMs: 0 });
    await runner.wait(id);
    const count = events.length;
    contexts.get(id)!.progress({ phase: 'late', done: 1, total: 99, message: 'too late' });
    await new Promise((r) => setTimeout(r, 150));
    expect(runner.info(id).progress).toMatchObject({ phase: 'burst', done: 5, total: 5 });
    expect(events.length).toBe(count);
  });

  it('marks jobs left running by a previous process as interrupted at start', async () => {
    const id = ws.jobs.create(Record.id, 'was running', { name: 'x', count: 0 });
    ws.jobs.markRunning(id);
    await runner.dispose();
    events = [];
    runner = newRunner();
    expect(events).toMatchObject([{ id, state: 'interrupted' }]);
    expect(runner.info(id).error).toMatch(/^Interrupted: /);
    await runner.idle();
    expect(log).toEqual([]);
  });
});
