import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbench } from '../../../src-main/core.js';
import { EvaluationsRepo } from '../../../src-main/db/repos/evaluationsRepo.js';
import type { ModelFamilyInfo, RecipeInfo, RunDetail, RunSummary } from '../../../src-main/ipc/contract.js';
import { dispatch } from '../../../src-main/ipc/handlers/index.js';
import type { Workbench } from '../../../src-main/workspace/workbench.js';
import { finishedRun, seedWorkspace } from '../training/eval/evalFixture.js';

let root: string;
let workbench: Workbench;
let splitSetId: number;
let classIds: number[];

const run = (channel: string, args: unknown): ReturnType<typeof dispatch> =>
  dispatch(channel as never, args, { workbench, host: { mode: 'browser', modeReason: null } });

async function call<T>(channel: string, args: unknown): Promise<T> {
  const r = await run(channel, args);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.result as T;
}

async function evaluated(runId: number, subset: string): Promise<void> {
  const { jobId } = await call<{ jobId: number }>('runs:evaluate', { runId, subset });
  const job = await workbench.jobs.wait(jobId);
  expect(job.error).toBeNull();
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'mwb-runs-ipc-'));
  workbench = createWorkbench(join(root, 'app'));
  await workbench.open(join(root, 'ws'));
  ({ splitSetId, classIds } = seedWorkspace(workbench.workspace));
});
afterAll(async () => {
  await workbench.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('runs handlers', () => {
  it('validate payloads before anything runs', async () => {
    expect(await run('runs:evaluate', { runId: 1, subset: 'everything' })).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(/subset/) } });
    expect(await run('runs:fuse', { runIds: [1], subset: 'test', method: 'mean' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await run('runs:get', { runId: 'x' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await run('runs:get', { runId: 999 })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/999/) } });
  });

  it('reject a bad run config naming the field, and start a good one', async () => {
    const bad = await run('runs:start', { config: { name: 'x', data: { splitSetId }, inputs: [{ kind: 'rgb-frame', size: 4 }], model: { family: 'small-cnn' } } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/inputs\.0\.size/) } });
    const noData = await run('runs:start', { config: { name: 'x', inputs: [{ kind: 'codes', codesKey: 'k' }], model: { family: 'small-cnn' } } });
    expect(noData).toMatchObject({ ok: false, error: { message: expect.stringMatching(/data/) } });
    const missingSet = await run('runs:start', { config: { name: 'x', data: { splitSetId: 77 }, inputs: [{ kind: 'codes', codesKey: 'k' }], model: { family: 'small-cnn' } } });
    expect(missingSet).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Split set 77/) } });
  });

  it('size the classifier from the data when the config leaves classes out or at the recipes\' 0', async () => {
    for (const config of [{}, { classes: 0 }]) {
      const started = await run('runs:start', { config: { name: 'auto classes', data: { splitSetId },
        inputs: [{ kind: 'codes', codesKey: 'none' }], model: { family: 'seq-average', config: { steps: 2, codeSize: 3, ...config } } } });
      expect(started, JSON.stringify(started)).toMatchObject({ ok: true });
      const { runId, jobId } = (started as unknown as { ok: true; result: { runId: number; jobId: number } }).result;
      workbench.jobs.cancel(jobId);
      const detail = await run('runs:get', { runId });
      expect((detail as unknown as { ok: true; result: { config: { model: { config: { classes: number } } } } }).result.config.model.config.classes)
        .toBe(classIds.length);
    }
  });

  it('list recipes that parse and model families with defaults', async () => {
    const recipes = await call<RecipeInfo[]>('runs:recipes', undefined);
    expect(recipes.length).toBeGreaterThan(15);
    expect(recipes.find((r) => r.id === 'S003-distilled')!.needs[0]).toMatch(/^objective\.teacherRunId/);
    const families = await call<ModelFamilyInfo[]>('training:families', undefined);
    const small = families.find((f) => f.id === 'small-cnn')!;
    expect(small.defaults).toMatchObject({ inputSize: expect.any(Number) });
    expect(small.inputs[0]!.shape.length).toBe(3);
  });

  it('fuse two evaluated runs (mean, weighted, SVM) into late-fusion runs with valid probabilities', async () => {
    const ws = workbench.workspace;
    const a = await finishedRun(ws, splitSetId, classIds, 'strong', 3, 0.2);
    const b = await finishedRun(ws, splitSetId, classIds, 'noisy', 0.3, 2);
    const noEval = await run('runs:fuse', { runIds: [a, b], subset: 'test', method: 'mean' });
    expect(noEval).toMatchObject({ ok: false, error: { message: expect.stringMatching(/has no evaluation on the test subset/) } });
    await evaluated(a, 'test');
    await evaluated(b, 'test');
    const svmNoVal = await run('runs:fuse', { runIds: [a, b], subset: 'test', method: 'svm' });
    expect(svmNoVal).toMatchObject({ ok: false, error: { message: expect.stringMatching(/SVM fusion is fitted on the validation subset/) } });
    await evaluated(a, 'val');
    await evaluated(b, 'val');

    const evals = new EvaluationsRepo(ws.db);
    for (const method of ['mean', 'weighted', 'svm'] as const) {
      const fused = await call<{ runId: number; evaluationId: number }>('runs:fuse', { runIds: [a, b], subset: 'test', method, weights: [3, 1] });
      const detail = await call<RunDetail>('runs:get', { runId: fused.runId });
      expect(detail).toMatchObject({ family: 'late-fusion', state: 'done', labels: ['walk', 'run', 'jump'] });
      expect(detail.config).toMatchObject({ model: { config: { runIds: [a, b], method } } });
      expect(detail.evaluations[0]!.metrics.clips).toBe(4);
      for (const p of evals.storedPredictions(fused.evaluationId)) {
        expect(p.probs.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
        for (const v of p.probs) expect(v >= 0 && v <= 1).toBe(true);
      }
    }
    const list = await call<RunSummary[]>('runs:list', undefined);
    expect(list.filter((r) => r.family === 'late-fusion')).toHaveLength(3);
    const fusedId = list.find((r) => r.family === 'late-fusion')!.id;
    expect(await run('runs:evaluate', { runId: fusedId, subset: 'test' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/late fusion/) } });
    expect(await run('runs:export', { runId: fusedId, dir: join(root, 'x') })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/late fusion/) } });
  });

  it('rename, predictions filter and delete', async () => {
    const ws = workbench.workspace;
    const id = await finishedRun(ws, splitSetId, classIds, 'wrong-way', -3, 0);
    await evaluated(id, 'test');
    const renamed = await call<RunSummary>('runs:update', { runId: id, name: 'inverted', notes: 'predicts the wrong class' });
    expect(renamed).toMatchObject({ name: 'inverted', notes: 'predicts the wrong class', latestEval: { subset: 'test', top1: 0 } });
    const evalId = (await call<RunDetail>('runs:get', { runId: id })).evaluations[0]!.id;
    expect(await call<unknown[]>('runs:predictions', { evaluationId: evalId, only: 'wrong', limit: 2 })).toHaveLength(2);
    expect(await run('runs:predictions', { evaluationId: 12345 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await call('runs:delete', { runId: id });
    expect(await run('runs:get', { runId: id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await run('runs:import', { dir: join(root, 'nope') })).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/is not a folder/) } });
  });
});
