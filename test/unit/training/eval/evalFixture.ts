/**
 * A tiny workspace that evaluation can run on without ffmpeg: 3 classes, 15 clips (train 6, val 5,
 * test 4), a split set, and a cached code set ([2, 4] float32 per clip) as the input, plus
 * helpers that create finished runs whose best model is a hand-made dense net over the codes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { saveCodeSet, codeFilePath } from '../../../../src-main/training/data/codes/codeSets.js';
import { writeNpy } from '../../../../src-main/media/npy.js';
import { saveModelDir } from '../../../../src-main/training/models/modelFiles.js';
import { runsOf } from '../../../../src-main/training/run/runLifecycle.js';
import type { Workspace } from '../../../../src-main/workspace/workspace.js';

export const CODES_KEY = 'testcodes';
export const CLASSES = ['walk', 'run', 'jump'];

/** Subset of clip i (0-based): 0-5 train, 6-10 val, 11-14 test. */
const subsetOf = (i: number): string => (i < 6 ? 'train' : i < 11 ? 'val' : 'test');

/** Codes of a clip of class `c`: feature c is high in the first step, feature 3 carries noise. */
function codes(c: number, i: number): Float32Array {
  const x = new Float32Array(8);
  x[c] = 1 + 0.1 * (i % 3);
  x[3] = Math.sin(i);
  x[4 + c] = 0.5;
  return x;
}

/** Fills `ws` with media, classes, clips, a split set and the code set; returns the split set id and class ids. */
export function seedWorkspace(ws: Workspace): { splitSetId: number; classIds: number[]; clipIds: number[] } {
  const classIds = CLASSES.map((n) => ws.classes.ensure(n));
  const db = ws.db;
  const split = Number(db.prepare("INSERT INTO split_sets (name, strategy) VALUES ('s', 'manual')").run().lastInsertRowid);
  const clipIds: number[] = [];
  for (let i = 0; i < 15; i++) {
    const media = Number(db.prepare("INSERT INTO media (path, status, fingerprint) VALUES (?, 'ok', ?)").run(`/nowhere/v${i}.mp4`, `fp${i}`).lastInsertRowid);
    const clip = Number(db.prepare('INSERT INTO clips (media_id, name, class_id) VALUES (?, ?, ?)').run(media, `clip${i}`, classIds[i % 3]).lastInsertRowid);
    db.prepare('INSERT INTO split_assignments (split_set_id, clip_id, subset) VALUES (?, ?, ?)').run(split, clip, subsetOf(i));
    const file = codeFilePath(ws.cacheDir, CODES_KEY, clip);
    mkdirSync(join(file, '..'), { recursive: true });
    writeNpy(file, { dtype: 'f4', shape: [2, 4], data: codes(i % 3, i) });
    clipIds.push(clip);
  }
  saveCodeSet(db, { key: CODES_KEY, source: { kind: 'file', path: '/x', identity: 'x' }, layer: 'fc', input: { kind: 'rgb-frame', size: 16, frames: 2, strategy: 'uniform' },
    shape: [2, 4], clips: 15, jobId: null });
  return { splitSetId: split, classIds, clipIds };
}

/**
 * A finished run whose best model maps codes [2, 4] -> 3 logits with weights `scale` x the
 * identity on the first step's features (so it is right when scale > 0), `noise` mixes in feature 3.
 */
export async function finishedRun(ws: Workspace, splitSetId: number, classIds: number[], name: string, scale: number, noise: number): Promise<number> {
  const runs = runsOf(ws);
  const runId = runs.create({ name, data: { splitSetId, classIds }, inputs: [{ kind: 'codes', codesKey: CODES_KEY }], model: { family: 'small-cnn' }, training: { epochs: 1, batchSize: 4 } }, null);
  runs.setState(runId, 'done');
  runs.setLabels(runId, CLASSES);
  const dir = runs.dirOf(runId);
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 4] }), tf.layers.dense({ units: 3, name: 'classifier' })] });
  const w = new Float32Array(8 * 3);
  for (let c = 0; c < 3; c++) {
    w[c * 3 + c] = scale;
    w[3 * 3 + c] = noise * (c - 1);
  }
  model.setWeights([tf.tensor2d(w, [8, 3]), tf.zeros([3])]);
  await saveModelDir(model, join(dir, 'best'));
  model.dispose();
  writeFileSync(join(dir, 'labels.json'), JSON.stringify(CLASSES.map((n, i) => ({ classId: classIds[i], name: n }))));
  return runId;
}
