import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbench } from '../../../src-main/core.js';
import type { CodeLayerInfo, CodeSetInfo, CodesPca } from '../../../src-main/ipc/contract.js';
import { dispatch } from '../../../src-main/ipc/handlers/index.js';
import { selectBackend } from '../../../src-main/training/backends/ladder.js';
import { buildModel, getModelFamily, parseModelConfig } from '../../../src-main/training/models/index.js';
import { saveModelDir } from '../../../src-main/training/models/modelFiles.js';
import { runsOf } from '../../../src-main/training/run/runLifecycle.js';
import type { Workbench } from '../../../src-main/workspace/workbench.js';

// The code-set channels on a real workspace: demo clips (ffmpeg), a "finished" run whose best
// model is a tiny small-cnn, extraction through the job queue, then list and PCA.
let root: string;
let workbench: Workbench;
let runId: number;
let clipIds: number[];
const modelConfig = { inputSize: 24, widths: [4, 6, 8], denseUnits: 8, classes: 8 };
const input = { frames: 3, size: 24, strategy: 'uniformFirstSeconds', seconds: 1 } as const;

const run = (channel: string, args: unknown): ReturnType<typeof dispatch> =>
  dispatch(channel as never, args, { workbench, host: { mode: 'browser', modeReason: null } });

async function call<T>(channel: string, args: unknown): Promise<T> {
  const r = await run(channel, args);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.result as T;
}

beforeAll(async () => {
  await selectBackend();
  root = mkdtempSync(join(tmpdir(), 'mwb-codes-ipc-'));
  workbench = createWorkbench(join(root, 'app'));
  await workbench.open(join(root, 'ws'));
  const demo = await workbench.jobs.wait(workbench.jobs.enqueue('demo.generate', { mediaDir: join(root, 'media'), clipsPerClass: 1, size: 24, seconds: 1 }));
  expect(demo.error).toBeNull();
  const ws = workbench.workspace;
  clipIds = (ws.db.prepare('SELECT id FROM clips ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  const split = Number(ws.db.prepare("INSERT INTO split_sets (name, strategy) VALUES ('s', 'manual')").run().lastInsertRowid);
  clipIds.forEach((id, i) => ws.db.prepare('INSERT INTO split_assignments (split_set_id, clip_id, subset) VALUES (?, ?, ?)').run(split, id, i < 3 ? 'val' : 'train'));
  const runs = runsOf(ws);
  runId = runs.create({ name: 'backbone', data: { splitSetId: split }, inputs: [{ kind: 'rgb-frame', size: 24 }], model: { family: 'small-cnn', config: modelConfig }, training: { epochs: 1, batchSize: 4 } }, null);
  runs.setState(runId, 'done');
  const model = buildModel('small-cnn', modelConfig).model;
  await saveModelDir(model, join(runs.dirOf(runId), 'best'));
  model.dispose();
}, 120_000);

afterAll(async () => {
  await workbench?.dispose();
  rmSync(root, { recursive: true, force: true });
});

async function extract(args: Record<string, unknown>): Promise<string> {
  const { jobId } = await call<{ jobId: number }>('codes:extract', args);
  const job = await workbench.jobs.wait(jobId);
  expect(job.error).toBeNull();
  return (JSON.parse(workbench.workspace.jobs.get(jobId)!.result!) as { key: string }).key;
}

describe('codes handlers', () => {
  it('validate payloads and say what is missing', async () => {
    expect(await run('codes:pca', { key: 'k', subset: 'val' })).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(/together/) } });
    expect(await run('codes:extract', { source: { kind: 'run', runId }, input: { ...input, frames: 0 } })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await run('codes:layers', { runId: 999 })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/999/) } });
    expect(await run('codes:extract', { source: { kind: 'run', runId: 999 }, input })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Run 999/) } });
    expect(await run('codes:pca', { key: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/extract one/) } });
    expect(await call('codes:list', undefined)).toEqual([]);
  });

  it('list the run model\'s layers with the feature layer first, extract codes, list them and plot their PCA', async () => {
    const layers = await call<CodeLayerInfo[]>('codes:layers', { runId });
    const feature = getModelFamily('small-cnn').featureLayer!(parseModelConfig('small-cnn', modelConfig));
    expect(layers[0]).toMatchObject({ name: feature, feature: true });
    expect(layers.filter((l) => l.feature)).toHaveLength(1);
    expect(layers.every((l) => l.size === l.shape.reduce((a, b) => a * b, 1) && l.className !== 'InputLayer')).toBe(true);
    const conv = layers.find((l) => l.className === 'Conv2D')!;

    const key = await extract({ source: { kind: 'run', runId }, input });
    const other = await extract({ source: { kind: 'run', runId }, layer: conv.name, input, clipIds: clipIds.slice(0, 2) });
    const sets = await call<CodeSetInfo[]>('codes:list', undefined);
    expect(sets.map((s) => s.key)).toEqual([other, key]); // newest first
    expect(sets[1]).toMatchObject({ source: { kind: 'run', runId, runName: 'backbone' }, layer: feature, shape: [3, layers[0]!.size], clips: clipIds.length,
      input: { kind: 'rgb-frame', frames: 3, size: 24, strategy: 'uniformFirstSeconds', seconds: 1 } });
    expect(sets[0]).toMatchObject({ layer: conv.name, shape: [3, conv.size], clips: 2 });

    const p = await call<CodesPca>('codes:pca', { key });
    expect(p).toMatchObject({ key, points: clipIds.length, dims: layers[0]!.size });
    expect(p.classes).toHaveLength(8); // the demo's 8 classes, one clip each
    const pts = p.classes.flatMap((c) => c.points);
    expect(pts.map((q) => q.clipId).sort((a, b) => a - b)).toEqual(clipIds);
    expect(p.explained[0]!).toBeGreaterThan(0);
    expect(p.explained[0]!).toBeGreaterThanOrEqual(p.explained[1]!);
    expect(p.explained[0]! + p.explained[1]!).toBeLessThanOrEqual(1 + 1e-9);
    // projections of centred data: each axis sums to 0
    expect(Math.abs(pts.reduce((s, q) => s + q.x, 0))).toBeLessThan(1e-6);
    expect(Math.abs(pts.reduce((s, q) => s + q.y, 0))).toBeLessThan(1e-6);

    const split = (workbench.workspace.db.prepare('SELECT id FROM split_sets').get() as { id: number }).id;
    const val = await call<CodesPca>('codes:pca', { key, splitSetId: split, subset: 'val' });
    expect(val.classes.flatMap((c) => c.points.map((q) => q.clipId)).sort((a, b) => a - b)).toEqual(clipIds.slice(0, 3));
    expect(await run('codes:pca', { key: other, splitSetId: split, subset: 'test' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/0 clip\(s\) in the test subset/) } });
  });
});
