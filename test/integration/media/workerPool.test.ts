import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-main/ipc/contract.js';
import { WorkerPool } from '../../../src-main/jobs/workerPool.js';
import { SRC_MAIN_DIR } from '../../../src-main/paths.js';
import type { PoolTaskInput } from './fixtures/poolTask.worker.js';

const TASK = relative(SRC_MAIN_DIR, fileURLToPath(new URL('./fixtures/poolTask.worker.ts', import.meta.url)));
type Out = { threadId: number; start: number; end: number; met?: boolean };
const pools: WorkerPool[] = [];
const makePool = (size: number, cancelGraceMs?: number): WorkerPool => {
  const p = new WorkerPool({ size, cancelGraceMs });
  pools.push(p);
  return p;
};
const run = (pool: WorkerPool, input: PoolTaskInput, signal?: AbortSignal, onProgress?: (p: JobProgress) => void): Promise<Out> =>
  pool.run<PoolTaskInput, Out>(TASK, input, { signal, onProgress });

afterEach(async () => {
  for (const p of pools.splice(0)) await p.dispose();
});

describe('WorkerPool', () => {
  it('runs tasks in parallel on long-lived threads, reusing them, with progress', async () => {
    const pool = makePool(2);
    const meet = new SharedArrayBuffer(4);
    const met = await Promise.all([0, 1].map(() => run(pool, { mode: 'meet', meet, parties: 2 })));
    expect(met.map((r) => r.met)).toEqual([true, true]); // both were running at once
    expect(new Set(met.map((r) => r.threadId)).size).toBe(2);
    const progress: JobProgress[] = [];
    const first = await Promise.all([0, 1, 2, 3].map(() => run(pool, { mode: 'sleep', ms: 300 }, undefined, (p) => progress.push(p))));
    expect(new Set(first.map((r) => r.threadId)).size).toBe(2); // two threads, each ran two tasks
    expect(pool.stats()).toEqual({ threads: 2, busy: 0, queued: 0 });
    const [a, b] = first;
    expect(first[2]!.start).toBeGreaterThanOrEqual(Math.min(a!.end, b!.end) - 5); // the third waited for a free thread
    expect(progress).toHaveLength(4);
    const again = await run(pool, { mode: 'sleep', ms: 1 });
    expect(first.map((r) => r.threadId)).toContain(again.threadId);
  });

  it('cancels a queued task at once and a running one through its signal', async () => {
    const pool = makePool(1);
    const ac = new AbortController();
    const running = run(pool, { mode: 'sleep', ms: 10_000 }, ac.signal);
    const queued = run(pool, { mode: 'sleep', ms: 10 }, ac.signal);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    ac.abort(new Error('user cancelled'));
    const [r1, r2] = await Promise.allSettled([running, queued]);
    expect(r1).toMatchObject({ status: 'rejected', reason: { message: 'user cancelled' } });
    expect(r2).toMatchObject({ status: 'rejected', reason: { message: 'user cancelled' } });
    expect(Date.now() - t0).toBeLessThan(9000); // before the 10 s sleep would have ended
    const after = await run(pool, { mode: 'sleep', ms: 1 }); // the same thread goes on serving
    expect(after.threadId).toBeGreaterThan(0);
    expect(pool.stats().threads).toBe(1);
  });

  it('terminates a thread that ignores cancellation, and replaces it', async () => {
    const pool = makePool(1, 200);
    const ac = new AbortController();
    const spin = run(pool, { mode: 'spin' }, ac.signal);
    await new Promise((r) => setTimeout(r, 300));
    ac.abort(new Error('stop spinning'));
    await expect(spin).rejects.toThrow('stop spinning');
    expect((await run(pool, { mode: 'sleep', ms: 1 })).threadId).toBeGreaterThan(0);
  });

  it('a failing or exiting task fails alone; the pool keeps working', async () => {
    const pool = makePool(2);
    await expect(run(pool, { mode: 'throw' })).rejects.toThrow('task failed on purpose');
    await expect(run(pool, { mode: 'exit' })).rejects.toThrow(/exited with code 3/);
    const ok = await Promise.all([run(pool, { mode: 'sleep', ms: 1 }), run(pool, { mode: 'sleep', ms: 1 })]);
    expect(ok).toHaveLength(2);
  });

  it('dispose rejects waiting work and refuses new work', async () => {
    const pool = makePool(1);
    const a = run(pool, { mode: 'sleep', ms: 5_000 });
    const b = run(pool, { mode: 'sleep', ms: 5 });
    const both = Promise.allSettled([a, b]);
    await pool.dispose();
    for (const r of await both) expect(r).toMatchObject({ status: 'rejected', reason: { message: 'The worker pool was disposed' } });
    await expect(run(pool, { mode: 'sleep' })).rejects.toThrow('disposed');
  });
});
