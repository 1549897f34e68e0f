import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../../../src-main/media/npy.js';
import { selectBackend } from '../../../../src-main/training/backends/ladder.js';
import { codeFilePath, getCodeSet } from '../../../../src-main/training/data/codes/codeSets.js';
import type { CodesJobResult } from '../../../../src-main/training/data/codes/codesJob.js';
import { subModel } from '../../../../src-main/training/data/codes/codesWorker.js';
import { inputSpecSchema } from '../../../../src-main/training/data/inputSpec.js';
import { sourceClips } from '../../../../src-main/training/data/prepare.js';
import { getInputSource } from '../../../../src-main/training/data/sources/index.js';
import { inputCacheKey, inputFilePath } from '../../../../src-main/training/data/sources/registry.js';
import { buildModel } from '../../../../src-main/training/models/index.js';
import { saveModelDir } from '../../../../src-main/training/models/modelFiles.js';
import { installSeededMathRandom } from '../../../../src-main/training/trainer/seededRandom.js';
import { WorkerPool } from '../../../../src-main/jobs/workerPool.js';
import { closeWorkspaces, demoWorkspace, runJob, type TestWorkspace } from './demoWorkspace.js';

let t: TestWorkspace;
let model: tf.LayersModel;
let modelDir: string;
let clipIds: number[];
const input = inputSpecSchema.parse({ kind: 'rgb-frame', size: 24, frames: 3 });

beforeAll(async () => {
  await selectBackend(); // the same rung the job's worker thread picks
  t = await demoWorkspace({ clipsPerClass: 1, size: 24, seconds: 1 });
  // Seeded initialisers: with unseeded ones the small dense layer's ReLUs were now and then all dead
  // for a clip, making its codes all zero and the "not trivially zero" check below fail at random.
  const seeded = installSeededMathRandom(7);
  try {
    model = buildModel('small-cnn', { inputSize: 24, widths: [4, 6, 8], classes: 8 }).model;
  } finally {
    seeded.restore();
  }
  modelDir = join(t.root, 'backbone');
  await saveModelDir(model, modelDir);
  clipIds = (t.ws.db.prepare('SELECT id FROM clips ORDER BY id LIMIT 3').all() as { id: number }[]).map((r) => r.id);
}, 120_000);

afterAll(async () => {
  model?.dispose();
  await closeWorkspaces();
});

describe('training.codes', () => {
  it('writes [T, D] codes per clip equal to a forward pass of the sub-model, with a code_sets row', async () => {
    const job = await runJob(t, 'training.codes', { source: { kind: 'file', path: join(modelDir, 'model.json') }, input, clipIds });
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    const r = job.result as CodesJobResult;
    const penultimate = model.layers[model.layers.length - 2]!.name; // the layer feeding the class scores
    const sub = subModel(model, penultimate);
    const d = (sub.outputs[0]!.shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
    expect(r).toMatchObject({ layer: penultimate, shape: [3, d], written: 3, existing: 0, failed: [] });
    expect(getCodeSet(t.ws.db, r.key)).toMatchObject({ layer: penultimate, input, shape: [3, d], clips: 3, source: { kind: 'file' } });
    for (const clip of sourceClips(t.ws, clipIds)) {
      const frames = readNpy(inputFilePath(t.ws, inputCacheKey(input, clip)));
      expect(frames.shape).toEqual([3, 24, 24, 3]);
      const x = tf.tidy(() => tf.tensor4d(Float32Array.from(frames.data as Uint8Array, (v) => v / 255), [3, 24, 24, 3]));
      const y = sub.predict(x) as tf.Tensor;
      const want = await y.data();
      y.dispose();
      x.dispose();
      const codes = readNpy(codeFilePath(t.ws.cacheDir, r.key, clip.clipId));
      expect(codes).toMatchObject({ dtype: 'f4', shape: [3, d] });
      (codes.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
      expect(Math.max(...(codes.data as Float32Array).map(Math.abs))).toBeGreaterThan(0);
    }
  });

  it('resumes (cached clips are skipped), takes another layer into another key, and feeds the codes input', async () => {
    const spec = { source: { kind: 'file', path: modelDir }, input, clipIds };
    const first = (await runJob(t, 'training.codes', spec)).result as CodesJobResult;
    expect(first).toMatchObject({ written: 0, existing: 3 });
    const conv = model.layers.find((l) => l.getClassName() === 'Conv2D' && l.name !== model.layers[0]!.name)!.name;
    const other = await runJob(t, 'training.codes', { ...spec, layer: conv, clipIds: clipIds.slice(0, 1) });
    expect(other.state).toBe('done');
    expect((other.result as CodesJobResult).key).not.toBe(first.key);
    expect((other.result as CodesJobResult).shape[1]).not.toBe(first.shape[1]); // a feature map, flattened
    const bad = await runJob(t, 'training.codes', { ...spec, layer: 'nope' });
    expect(bad.state).toBe('failed');
    expect(bad.error).toMatch(/no layer "nope"/);

    const source = getInputSource('codes');
    const codes = inputSpecSchema.parse({ kind: 'codes', codesKey: first.key });
    expect(source.shape(codes, { ws: t.ws })).toEqual(first.shape);
    const extra = (t.ws.db.prepare('SELECT id FROM clips ORDER BY id DESC LIMIT 1').get() as { id: number }).id;
    const pool = new WorkerPool({ size: 1 });
    try {
      const out = await source.prepare({ ws: t.ws, signal: new AbortController().signal, pool, clipDone: () => {} }, codes, sourceClips(t.ws, [...clipIds, extra]));
      expect(out.slice(0, 3)).toEqual(clipIds.map((id) => ({ file: codeFilePath(t.ws.cacheDir, first.key, id), views: 1, cached: true })));
      expect(out[3]).toEqual({ error: expect.stringMatching(/has no codes in code set .*run "Extract codes"/) });
    } finally {
      await pool.dispose();
    }
  });
});
