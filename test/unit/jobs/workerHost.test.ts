import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-main/ipc/contract.js';
import { runInWorker } from '../../../src-main/jobs/workerHost.js';
import { SRC_MAIN_DIR } from '../../../src-main/paths.js';
import type { MisbehaveInput } from './fixtures/misbehave.worker.js';

/** runInWorker takes paths relative to src-main/. */
const fixture = (name: string): string => relative(SRC_MAIN_DIR, fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
const SUM = fixture('sum.worker.ts');
const BAD = fixture('misbehave.worker.ts');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Each misbehaving worker beats on shared memory while it runs; a stopped beat proves the thread is gone.
const beats: Int32Array[] = [];
function misbehave(mode: MisbehaveInput['mode']): { input: MisbehaveInput; beat: Int32Array } {
  const buf = new SharedArrayBuffer(4);
  const beat = new Int32Array(buf);
  beats.push(beat);
  return { input: { mode, beat: buf }, beat };
}
/** The beat stops changing (terminate() is asynchronous, and slow on a loaded machine: keep looking for up to 10 s). */
async function expectStopped(beat: Int32Array): Promise<void> {
  let a = Atomics.load(beat, 0);
  for (let tries = 0; tries < 100; tries++) {
    await sleep(100);
    const b = Atomics.load(beat, 0);
    if (b === a) return;
    a = b;
  }
  expect.fail('the worker thread is still running 10 s after it should have stopped');
}
afterEach(async () => {
  for (const beat of beats.splice(0)) await expectStopped(beat);
});

describe('runInWorker', () => {
  it('runs a .ts module in another thread and forwards its progress', async () => {
    const progress: JobProgress[] = [];
    const out = await runInWorker<{ values: number[] }, { sum: number; threadId: number }>(
      SUM, { values: [1, 2, 3, 4.5] }, { onProgress: (p) => progress.push(p) });
    expect(out.sum).toBe(10.5);
    expect(out.threadId).toBeGreaterThan(0); // not the main thread
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4]);
    expect(progress.at(-1)).toEqual({ phase: 'sum', done: 4, total: 4, message: 'added 4.5' });
  });

  it('terminates an endless worker promptly when aborted', async () => {
    const { input, beat } = misbehave('spin');
    const ac = new AbortController();
    const run = runInWorker(BAD, input, { signal: ac.signal });
    const settled = run.catch((e: unknown) => e);
    while (Atomics.load(beat, 0) === 0) await sleep(5); // it is spinning
    ac.abort(new Error('user cancelled'));
    expect(await settled).toMatchObject({ message: 'user cancelled' });
    await expectStopped(beat); // the endless loop really ended
  });

  it('does not start when the signal is already aborted', async () => {
    const { input, beat } = misbehave('spin');
    await expect(runInWorker(BAD, input, { signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late');
    expect(Atomics.load(beat, 0)).toBe(0);
  });

  it('rejects with the message of a throwing worker', async () => {
    await expect(runInWorker(BAD, misbehave('throw').input)).rejects.toThrow('Cannot decode frame 12 of /v/clip.mp4');
  });

  it('rejects with the message of an uncaught error in a callback', async () => {
    await expect(runInWorker(BAD, misbehave('asyncThrow').input)).rejects.toThrow('late failure in a callback');
  });

  it('rejects clearly when a worker runs out of memory, and the host keeps working', async () => {
    const { input, beat } = misbehave('oom');
    await expect(runInWorker(BAD, input, { maxHeapMb: 32 })).rejects.toThrow(/Worker ran out of memory \(.*misbehave\.worker\.ts\)/);
    expect(Atomics.load(beat, 0)).toBeGreaterThan(0); // it did allocate before failing
    const out = await runInWorker<{ values: number[] }, { sum: number }>(SUM, { values: [2, 3] });
    expect(out.sum).toBe(5);
  });

  it('ends the thread after its result even if the module left a timer running', async () => {
    const { input } = misbehave('linger');
    await expect(runInWorker(BAD, input)).resolves.toBe('done, but a timer is still running');
  });

  it('says so when the module has no work export', async () => {
    await expect(runInWorker(fixture('../../../helpers/coreFixtures.ts'), {})).rejects.toThrow(/does not export work/);
  });
});
