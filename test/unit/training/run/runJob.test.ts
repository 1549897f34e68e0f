import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSplitSet } from '../../../../src-main/datasets/splits/service.js';
import type { Events } from '../../../../src-main/ipc/contract.js';
import { onRunEvents } from '../../../../src-main/training/run/runEvents.js';
import { reconcileRunStates, resumeRun, runsOf, startRun } from '../../../../src-main/training/run/runLifecycle.js';
import { closeWorkspaces, demoWorkspace, type TestWorkspace } from '../data/demoWorkspace.js';

let t: TestWorkspace;
let setId: number;
let classIds: number[];
const events: { event: string; payload: unknown }[] = [];

beforeAll(async () => {
  t = await demoWorkspace({ clipsPerClass: 3, size: 32, seconds: 1 });
  setId = createSplitSet(t.ws, { name: 'strat', strategy: 'stratified', params: { ratios: [0.34, 0.33, 0.33] }, seed: 1 }).id;
  classIds = (t.ws.db.prepare('SELECT id FROM classes ORDER BY id LIMIT 2').all() as { id: number }[]).map((r) => r.id);
  onRunEvents(t.ws, (event, payload) => events.push({ event, payload }));
}, 120_000);

afterAll(async () => {
  delete process.env.MWB_TRAINER_FAULT;
  await closeWorkspaces();
});

const config = (epochs: number, name = 'tiny run'): Record<string, unknown> => ({
  name,
  data: { splitSetId: setId, classIds },
  inputs: [{ kind: 'rgb-frame', size: 16, frames: 2 }],
  model: { family: 'small-cnn', config: { inputSize: 16, widths: [3, 4, 4], denseUnits: 4, classes: 2 } },
  training: { epochs, batchSize: 2, seed: 5, optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 1e-3 }, clipNorm: 5 },
});

describe('training.run job', () => {
  let doneRun = 0;

  it('prepares, trains in a child process and records backend, metrics, best epoch and size', async () => {
    const { runId, jobId } = startRun(t.ws, t.runner, config(2));
    const job = await t.runner.wait(jobId);
    expect(job.state, job.error ?? '').toBe('done');
    const runs = runsOf(t.ws);
    const row = runs.mustGet(runId);
    expect(row.state).toBe('done');
    expect(['wasm', 'cpu']).toContain((JSON.parse(row.backend!) as { rung: string }).rung);
    expect(row.epochs_done).toBe(2);
    expect(row.best_epoch).toBeGreaterThanOrEqual(1);
    expect(row.params).toBeGreaterThan(0);
    expect(row.size_bytes).toBeGreaterThan(0);
    expect(JSON.parse(row.labels!)).toHaveLength(2);
    const series = runs.metricsSeries(runId);
    expect(series.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(series.epochs[0]!.valAcc).not.toBeNull();
    expect(series.iters.length).toBeGreaterThanOrEqual(2);
    const dir = runs.dirOf(runId);
    for (const f of ['manifest.json', 'config.json', 'labels.json', 'best/model.json', 'checkpoints/checkpoint.json']) expect(existsSync(join(dir, f)), f).toBe(true);
    const mine = events.filter((e) => (e.payload as { runId: number }).runId === runId);
    expect(mine.some((e) => e.event === 'runs:progress' && (e.payload as Events['runs:progress']).kind === 'epoch')).toBe(true);
    expect(mine.some((e) => e.event === 'runs:changed')).toBe(true);
    // The live events carry every step the database holds, in order: the live curve is complete.
    const streamed = mine.flatMap((e) => {
      const p = e.payload as Events['runs:progress'];
      return e.event === 'runs:progress' && p.kind === 'iter' ? p.points : [];
    });
    expect(streamed).toEqual(series.iters);
    doneRun = runId;
  });

  it('a crash of the training process fails the run with its message; this process and the database stay intact', async () => {
    const before = runsOf(t.ws).metricsSeries(doneRun);
    process.env.MWB_TRAINER_FAULT = 'exit@0';
    try {
      const { runId, jobId } = startRun(t.ws, t.runner, config(1, 'crashing run'));
      const job = await t.runner.wait(jobId);
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(/training process exited with code 3/);
      const row = runsOf(t.ws).mustGet(runId);
      expect(row.state).toBe('failed');
      expect(row.error).toMatch(/exited with code 3/);
    } finally {
      delete process.env.MWB_TRAINER_FAULT;
    }
    expect(t.ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(runsOf(t.ws).mustGet(doneRun).state).toBe('done');
    expect(runsOf(t.ws).metricsSeries(doneRun)).toEqual(before);
  });

  it('a cancelled run stops, and resumes from its checkpoint to the end', async () => {
    const { runId, jobId } = startRun(t.ws, t.runner, config(8, 'resumed run')); // enough epochs that the cancel lands inside the run
    await new Promise<void>((resolve) => {
      const off = onRunEvents(t.ws, (event, payload) => {
        if (event === 'runs:progress' && (payload as Events['runs:progress']).runId === runId && (payload as Events['runs:progress']).kind === 'epoch') {
          off();
          resolve();
        }
      });
    });
    const job = await t.runner.cancelSettled(jobId, 30_000);
    expect(job.state).toBe('cancelled');
    const runs = runsOf(t.ws);
    expect(runs.mustGet(runId).state).toBe('cancelled');
    const doneBefore = runs.mustGet(runId).epochs_done;
    expect(doneBefore).toBeGreaterThanOrEqual(1);
    expect(reconcileRunStates(t.ws)).toEqual([]);
    const { jobId: again } = resumeRun(t.ws, t.runner, runId);
    expect((await t.runner.wait(again)).state).toBe('done');
    const row = runs.mustGet(runId);
    expect(row.state).toBe('done');
    expect(row.epochs_done).toBe(8);
    const series = runs.metricsSeries(runId);
    expect(series.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const keys = series.iters.map((i) => `${i.epoch}:${i.iter}`);
    expect(new Set(keys).size).toBe(keys.length); // the repeated epoch's partial iterations were replaced
  });

  it('a run left training by a stopped app takes its job\'s final state, and delete refuses it until then', () => {
    const runs = runsOf(t.ws);
    const runId = runs.create(config(1, 'orphan'), null);
    const jobId = t.ws.jobs.create('training.run', 'Train run', { runId });
    runs.setJob(runId, jobId);
    runs.setState(runId, 'training');
    expect(() => runs.delete(runId)).toThrow(/is training: cancel it before deleting it/);
    t.ws.jobs.finish(jobId, 'interrupted', { error: 'Interrupted: the workspace was closed while this job was running' });
    expect(reconcileRunStates(t.ws)).toEqual([runId]);
    expect(runs.mustGet(runId)).toMatchObject({ state: 'interrupted', error: expect.stringMatching(/Interrupted/) });
    runs.delete(runId);
  });

  it('delete refuses a training run and removes a finished one with its folder', () => {
    const runs = runsOf(t.ws);
    const dir = runs.dirOf(doneRun);
    runs.delete(doneRun);
    expect(runs.get(doneRun)).toBeNull();
    expect(existsSync(dir)).toBe(false);
    expect(() => runs.delete(999)).toThrow(/No run 999/);
  });
});
