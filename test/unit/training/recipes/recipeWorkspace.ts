/**
 * A generated demo workspace opened through the same core the CLI uses (createWorkbench ->
 * Workbench -> JobRunner), plus helpers that start a built-in recipe shrunk to a tiny size, wait
 * for its `training.run` job, evaluate it with the `training.evaluate` job and check what every
 * finished run must have (state, backend, per-epoch metrics, an evaluation whose confusion matrix
 * counts the clips evaluated). Real SQLite, real ffmpeg, real child training processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { createWorkbench } from '../../../../src-main/core.js';
import { EvaluationsRepo } from '../../../../src-main/db/repos/evaluationsRepo.js';
import { createSplitSet } from '../../../../src-main/datasets/splits/service.js';
import type { EvaluationMetrics } from '../../../../src-main/ipc/contract.js';
import { loadModelDir } from '../../../../src-main/training/models/modelFiles.js';
import '../../../../src-main/training/models/index.js';
import { fillRecipe } from '../../../../src-main/training/run/recipes.js';
import { runsOf, startRun } from '../../../../src-main/training/run/runLifecycle.js';
import type { Workbench } from '../../../../src-main/workspace/workbench.js';

/** The workspace of one test file. */
export interface RecipeWorkspace {
  wb: Workbench;
  root: string;
  /** Stratified split set: 2 train, 1 val, 1 test clip per class. */
  setId: number;
  /** Every class id, by id (the 8 demo classes). */
  classIds: number[];
}

/** Clips per class the demo makes (2 train, 1 val, 1 test). */
export const CLIPS_PER_CLASS = 4;

/** Generates the demo dataset (8 classes x 4 clips, 32 px, 1 s at 12 fps) and a stratified split set. */
export async function openRecipeWorkspace(): Promise<RecipeWorkspace> {
  const root = mkdtempSync(join(tmpdir(), 'mwb-recipes-'));
  const wb = createWorkbench(join(root, 'app'));
  await wb.open(join(root, 'ws'));
  const id = wb.jobs.enqueue('demo.generate', { mediaDir: join(root, 'media'), clipsPerClass: CLIPS_PER_CLASS, size: 32, seconds: 1, fps: 12 });
  const job = await wb.jobs.wait(id);
  if (job.state !== 'done') throw new Error(`demo.generate ended ${job.state}: ${job.error ?? ''}`);
  await wb.jobs.idle(); // the thumbnails' probe job
  const ws = wb.workspace;
  const setId = createSplitSet(ws, { name: 'recipes', strategy: 'stratified', params: { ratios: [0.5, 0.25, 0.25] }, seed: 1 }).id;
  const classIds = (ws.db.prepare('SELECT id FROM classes ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  return { wb, root, setId, classIds };
}

/** Disposes the workbench (runner, workspace) and removes the folder. */
export async function closeRecipeWorkspace(r: RecipeWorkspace | undefined): Promise<void> {
  if (!r) return;
  await r.wb.dispose();
  rmSync(r.root, { recursive: true, force: true });
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `base` with `over` merged in: objects merge key by key, arrays and values replace. */
export function merge<T>(base: T, over: unknown): T {
  if (!isPlain(base) || !isPlain(over)) return structuredClone(over) as T;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isPlain(v) && isPlain(out[k]) ? merge(out[k], v) : structuredClone(v);
  return out as T;
}

/** A built-in recipe with its needs filled (validated by fillRecipe), shrunk by `over` to a tiny size. */
export function recipeConfig(id: string, setId: number, needs: unknown[], over: Plain): Plain {
  const config = fillRecipe(id, setId, needs) as unknown as Plain;
  return merge(config, { name: `${id} (tiny)`, ...over });
}

/** Starts a run (as `mwb train --config`) and waits for its job; fails with the job's error. */
export async function train(r: RecipeWorkspace, config: Plain): Promise<number> {
  const { runId, jobId } = startRun(r.wb.workspace, r.wb.jobs, config);
  const job = await r.wb.jobs.wait(jobId);
  expect(job.error, `run ${String(config.name)}`).toBeNull();
  expect(job.state).toBe('done');
  return runId;
}

/** Evaluates a run on a subset with the `training.evaluate` job; returns the stored metrics. */
export async function evaluate(r: RecipeWorkspace, runId: number, subset: 'val' | 'test'): Promise<EvaluationMetrics & { evaluationId: number }> {
  const jobId = r.wb.jobs.enqueue('training.evaluate', { runId, subset });
  const job = await r.wb.jobs.wait(jobId);
  expect(job.error, `evaluation of run ${runId}`).toBeNull();
  expect(job.state).toBe('done');
  const e = new EvaluationsRepo(r.wb.workspace.db).latest(runId, subset)!;
  return { ...e.metrics, evaluationId: e.id };
}

/** Clips of `classIds` assigned to `subset` of the split set. */
export function clipsIn(r: RecipeWorkspace, subset: string, classIds: number[], setId = r.setId): number[] {
  return (r.wb.workspace.db.prepare(`SELECT a.clip_id AS id FROM split_assignments a JOIN clips k ON k.id = a.clip_id
    WHERE a.split_set_id = ? AND a.subset = ? AND k.class_id IN (${classIds.map(() => '?').join(',')}) ORDER BY a.clip_id`)
    .all(setId, subset, ...classIds) as { id: number }[]).map((x) => x.id);
}

/** Checks a confusion matrix: classes x classes, its total = the clips evaluated = `expected`. */
export function expectConfusion(m: EvaluationMetrics, classes: number, expected: number): void {
  expect(m.clips).toBe(expected);
  expect(m.confusion).toHaveLength(classes);
  for (const row of m.confusion) expect(row).toHaveLength(classes);
  expect(m.confusion.flat().reduce((a, b) => a + b, 0)).toBe(expected);
  const correct = m.confusion.reduce((s, row, i) => s + row[i]!, 0);
  expect(m.top1).toBeCloseTo(correct / expected, 6);
}

/**
 * What every finished run has: state 'done', a recorded backend, one metric row set per epoch
 * (train and val), iteration losses, and a test evaluation whose confusion matrix counts exactly
 * the test clips of its classes. Returns the evaluation's metrics.
 */
export async function checkFinishedRun(r: RecipeWorkspace, runId: number, epochs: number, classIds: number[], setId = r.setId): Promise<EvaluationMetrics> {
  const runs = runsOf(r.wb.workspace);
  const row = runs.mustGet(runId);
  expect(row.state).toBe('done');
  expect(row.error).toBeNull();
  const backend = JSON.parse(row.backend!) as { rung: string; label: string };
  expect(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']).toContain(backend.rung);
  expect(backend.label.length).toBeGreaterThan(0);
  expect(row.epochs_done).toBe(epochs);
  expect(JSON.parse(row.labels!)).toHaveLength(classIds.length);
  const series = runs.metricsSeries(runId);
  expect(series.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
  for (const e of series.epochs) {
    expect(Number.isFinite(e.trainLoss)).toBe(true);
    expect(e.valAcc).not.toBeNull();
  }
  expect(series.iters.length).toBeGreaterThanOrEqual(epochs);
  const m = await evaluate(r, runId, 'test');
  expectConfusion(m, classIds.length, clipsIn(r, 'test', classIds, setId).length);
  return m;
}

/** Weights of a saved model by layer name (every tensor as a plain array). */
export async function layerWeights(modelDir: string): Promise<Map<string, number[][]>> {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu'); // reading weights back needs no fast backend
  const model = await loadModelDir(modelDir);
  try {
    return new Map(model.layers.filter((l) => l.getWeights().length).map((l) => [l.name, l.getWeights().map((w) => Array.from(w.dataSync()))]));
  } finally {
    model.dispose();
  }
}

/** The best model folder of a run. */
export function bestOf(r: RecipeWorkspace, runId: number): string {
  return join(runsOf(r.wb.workspace).dirOf(runId), 'best');
}
