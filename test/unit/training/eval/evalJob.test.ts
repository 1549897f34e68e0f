import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbench } from '../../../../src-main/core.js';
import { EvaluationsRepo } from '../../../../src-main/db/repos/evaluationsRepo.js';
import { dispatch } from '../../../../src-main/ipc/handlers/index.js';
import type { Workbench } from '../../../../src-main/workspace/workbench.js';
import { prepareData } from '../../../../src-main/training/data/prepare.js';
import { resolveClassIds } from '../../../../src-main/training/eval/evalJob.js';
import { parseRunConfig } from '../../../../src-main/training/run/config.js';
import { finishedRun, seedWorkspace } from './evalFixture.js';

let root: string;
let workbench: Workbench;
const ctx = (): Parameters<typeof dispatch>[2] => ({ workbench, host: { mode: 'browser', modeReason: null } });

async function call<T>(channel: string, args: unknown): Promise<T> {
  const r = await dispatch(channel as never, args, ctx());
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.result as T;
}

/** Queues an evaluation and waits for its job; returns the job's final info. */
async function evaluate(args: Record<string, unknown>): Promise<{ state: string; error: string | null }> {
  const { jobId } = await call<{ jobId: number }>('runs:evaluate', args);
  return workbench.jobs.wait(jobId);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'mwb-evaljob-'));
  workbench = createWorkbench(join(root, 'app'));
  await workbench.open(join(root, 'ws'));
});
afterAll(async () => {
  await workbench.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('training.evaluate job', () => {
  it('evaluates a run in the training process, stores metrics and predictions, and re-evaluates an imported copy identically', async () => {
    const ws = workbench.workspace;
    const { splitSetId, classIds } = seedWorkspace(ws);
    const runId = await finishedRun(ws, splitSetId, classIds, 'good', 3, 0.2);
    const job = await evaluate({ runId, subset: 'test' });
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    const detail = await call<{ evaluations: { id: number; metrics: Record<string, unknown> }[]; latestEval: unknown }>('runs:get', { runId });
    const m = detail.evaluations[0]!.metrics as { clips: number; top1: number; labels: string[]; params: number; latencyMs: { forward: number; preprocess: number; total: number; clips: number }; confusion: number[][] };
    expect(m.clips).toBe(4);
    expect(m.top1).toBe(1);
    expect(m.labels).toEqual(['walk', 'run', 'jump']);
    expect(m.params).toBe(8 * 3 + 3);
    expect(m.latencyMs.forward).toBeGreaterThan(0);
    expect(m.latencyMs.total).toBeCloseTo(m.latencyMs.forward + m.latencyMs.preprocess, 6);
    expect(m.confusion.flat().reduce((a, b) => a + b, 0)).toBe(4);
    expect(detail.latestEval).toEqual({ subset: 'test', top1: 1 });
    const preds = await call<{ clipName: string; correct: boolean }[]>('runs:predictions', { evaluationId: detail.evaluations[0]!.id });
    expect(preds.map((p) => p.clipName)).toEqual(['clip11', 'clip12', 'clip13', 'clip14']);

    // export -> import -> evaluate on the same split set: identical probabilities
    const out = await call<{ dir: string }>('runs:export', { runId, dir: join(root, 'export') });
    const imported = (await call<{ runId: number }>('runs:import', { dir: out.dir, name: 'copy' })).runId;
    const noSplit = await dispatch('runs:evaluate', { runId: imported, subset: 'test' }, ctx());
    expect(noSplit).toMatchObject({ ok: false, error: { message: expect.stringMatching(/it was imported\): choose a split set/) } });
    expect((await evaluate({ runId: imported, subset: 'test', splitSetId })).state).toBe('done');
    const evals = new EvaluationsRepo(ws.db);
    const a = evals.storedPredictions(evals.latest(runId, 'test')!.id);
    const b = evals.storedPredictions(evals.latest(imported, 'test')!.id);
    expect(b.map((p) => Array.from(p.probs))).toEqual(a.map((p) => Array.from(p.probs)));
  });

  it('maps an imported run\'s classes by name when ids differ, and prepares only the evaluated subset', async () => {
    const ws = workbench.workspace;
    const ids = new Map((ws.db.prepare('SELECT id, name FROM classes').all() as { id: number; name: string }[]).map((c) => [c.name, c.id]));
    expect(resolveClassIds(ws, [{ classId: 999, name: 'run' }, { classId: null, name: 'walk' }, { classId: ids.get('jump')!, name: 'jump' }], 'x'))
      .toEqual([ids.get('run'), ids.get('walk'), ids.get('jump')]);
    expect(() => resolveClassIds(ws, [{ classId: 1, name: 'swim' }], 'other')).toThrow(/predicts class "swim", which this workspace does not have/);
    const splitSetId = (ws.db.prepare('SELECT id FROM split_sets').get() as { id: number }).id;
    const config = parseRunConfig({ name: 'p', data: { splitSetId }, inputs: [{ kind: 'codes', codesKey: 'testcodes' }], model: { family: 'small-cnn' } });
    const m = await prepareData(ws, config, { signal: new AbortController().signal, only: 'val', threads: 1 });
    expect([m.subsets.train.length, m.subsets.val.length, m.subsets.test.length]).toEqual([0, 5, 0]);
  });

  it('fails with a clear message when the run has no model', async () => {
    const ws = workbench.workspace;
    const splitSetId = (ws.db.prepare('SELECT id FROM split_sets').get() as { id: number }).id;
    const { runsOf } = await import('../../../../src-main/training/run/runLifecycle.js');
    const runId = runsOf(ws).create({ name: 'empty', data: { splitSetId }, inputs: [{ kind: 'codes', codesKey: 'testcodes' }], model: { family: 'small-cnn' } }, null);
    const job = await evaluate({ runId, subset: 'test' });
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/has no best model yet/);
  });
});
