import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../../src-main/media/npy.js';
import type { DataManifest } from '../../../../src-main/training/data/types.js';
import { evaluateInTrainer } from '../../../../src-main/training/eval/evaluate.js';
import { readProbs } from '../../../../src-main/training/eval/metrics.js';
import { saveModelDir } from '../../../../src-main/training/models/modelFiles.js';
import { parseRunConfig } from '../../../../src-main/training/run/config.js';
import { checkModelFolder, exportModel, installExportedModel, readExportedModel } from '../../../../src-main/training/run/exportModel.js';

let root: string;
const config = parseRunConfig({ name: 'tiny', data: { splitSetId: 1 }, inputs: [{ kind: 'codes', codesKey: 'k' }], model: { family: 'small-cnn' } });
const labels = [{ classId: 11, name: 'walk' }, { classId: 12, name: 'run' }, { classId: 13, name: 'jump' }];

/** A tiny dense model [4] -> 3 logits saved as run A's best model, and a manifest of 4 clips x 2 views. */
async function fixture(): Promise<{ runA: string; manifestPath: string }> {
  const runA = join(root, 'runA');
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 5, activation: 'relu', name: 'fc' }), tf.layers.dense({ units: 3, name: 'classifier' })] });
  await saveModelDir(model, join(runA, 'best'));
  model.dispose();
  const data = join(root, 'data');
  mkdirSync(data, { recursive: true });
  const refs = [0, 1, 2, 3].map((i) => {
    const file = join(data, `clip${i}.npy`);
    writeNpy(file, { dtype: 'f4', shape: [2, 4], data: Float32Array.from({ length: 8 }, (_, k) => Math.sin(i * 8 + k)) });
    return { clipId: 100 + i, label: i % 3, video: `media:${i}`, link: null, files: [file], views: 2 };
  });
  const manifest: DataManifest = {
    labels, inputs: [{ spec: config.inputs[0]!, shape: [4], dtype: 'float32', flow: false, rgb: false }], modelInputs: 1,
    subsets: { train: [], val: [], test: refs }, skipped: [],
  };
  const manifestPath = join(root, 'eval', 'manifest.json');
  mkdirSync(join(root, 'eval'), { recursive: true });
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { runA, manifestPath };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'mwb-export-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('model export and import', () => {
  it('round-trips: the imported run predicts exactly what the exported one did', async () => {
    const { runA, manifestPath } = await fixture();
    const a = await evaluateInTrainer({ type: 'evaluate', runDir: runA, config, checkpoint: 'best', subset: 'test', manifestPath });
    expect(a.viewClipIds).toEqual([100, 100, 101, 101, 102, 102, 103, 103]);
    expect(a.params).toBe(4 * 5 + 5 + 5 * 3 + 3);
    const probsA = readProbs(a.probsFile);
    for (let r = 0; r < 8; r++) expect(probsA.subarray(r * 3, r * 3 + 3).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);

    const out = exportModel({ runDir: runA, name: 'tiny', family: 'small-cnn', config: config as unknown as Record<string, unknown>, labels, backend: { rung: 'cpu' } }, join(root, 'exported'));
    expect(out.files.sort()).toEqual(['labels.json', 'model.json', 'preprocessing.json', 'weights.bin']);
    const pre = JSON.parse(readFileSync(join(out.dir, 'preprocessing.json'), 'utf8')) as Record<string, unknown>;
    expect(pre).toMatchObject({ family: 'small-cnn', augment: 'none', inputs: [{ kind: 'codes' }], backend: { rung: 'cpu' } });

    const read = readExportedModel(out.dir);
    expect(read.labels).toEqual(labels);
    expect(read.model.params).toBe(a.params);
    const runB = join(root, 'runB');
    installExportedModel(read, runB);
    const b = await evaluateInTrainer({ type: 'evaluate', runDir: runB, config, checkpoint: 'best', subset: 'test', manifestPath });
    expect(Array.from(readProbs(b.probsFile))).toEqual(Array.from(probsA));
    expect(b.sizeBytes).toBe(a.sizeBytes);
    expect(() => exportModel({ runDir: runA, name: 't', family: 'small-cnn', config: {}, labels, backend: null }, out.dir)).toThrow(/already holds a model\.json/);
  });

  it('names the missing or damaged file of a bad folder', async () => {
    const { runA } = await fixture();
    const good = exportModel({ runDir: runA, name: 'tiny', family: 'small-cnn', config: config as unknown as Record<string, unknown>, labels, backend: null }, join(root, 'bad1')).dir;
    unlinkSync(join(good, 'labels.json'));
    expect(() => readExportedModel(good)).toThrow(/labels\.json is missing/);

    const trunc = exportModel({ runDir: runA, name: 'tiny', family: 'small-cnn', config: config as unknown as Record<string, unknown>, labels, backend: null }, join(root, 'bad2')).dir;
    truncateSync(join(trunc, 'weights.bin'), 10);
    expect(() => readExportedModel(trunc)).toThrow(/weights\.bin holds 10 bytes but model\.json describes 172/);

    const corrupt = exportModel({ runDir: runA, name: 'tiny', family: 'small-cnn', config: config as unknown as Record<string, unknown>, labels, backend: null }, join(root, 'bad3')).dir;
    writeFileSync(join(corrupt, 'model.json'), '{"modelTopology": ');
    expect(() => readExportedModel(corrupt)).toThrow(/model\.json is not valid JSON/);
    writeFileSync(join(corrupt, 'model.json'), '{}');
    expect(() => checkModelFolder(corrupt)).toThrow(/not a TF\.js Layers model/);

    expect(() => readExportedModel(join(root, 'nowhere'))).toThrow(/is not a folder/);
    expect(() => exportModel({ runDir: join(root, 'empty-run'), name: 'x', family: 'f', config: {}, labels, backend: null }, join(root, 'bad4')))
      .toThrow(/no best model yet/);
  });

  it('evaluates a multi-task model: each row scores its own task\'s classes, zero elsewhere', async () => {
    const runDir = join(root, 'mt');
    const input = tf.input({ shape: [4] });
    const heads = [tf.layers.dense({ units: 2, name: 'task0' }).apply(input), tf.layers.dense({ units: 1 + 1, name: 'task1' }).apply(input)] as tf.SymbolicTensor[];
    const model = tf.model({ inputs: input, outputs: heads });
    await saveModelDir(model, join(runDir, 'best'));
    model.dispose();
    const four = [...labels, { classId: 14, name: 'sit' }];
    writeFileSync(join(runDir, 'labels.json'), JSON.stringify(four));
    const data = join(root, 'mtdata');
    mkdirSync(data, { recursive: true });
    const refs = [0, 1, 2, 3].map((i) => {
      const file = join(data, `c${i}.npy`);
      writeNpy(file, { dtype: 'f4', shape: [1, 4], data: Float32Array.from({ length: 4 }, (_, k) => Math.cos(i + k)) });
      return { clipId: 200 + i, label: i, video: `v${i}`, link: null, files: [file], views: 1 };
    });
    const manifestPath = join(data, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify({ labels: four, inputs: [{ spec: config.inputs[0]!, shape: [4], dtype: 'float32', flow: false, rgb: false }],
      modelInputs: 1, subsets: { train: [], val: [], test: refs }, skipped: [] } satisfies DataManifest));
    const mtConfig = parseRunConfig({ ...config, objective: { kind: 'multitask', tasks: [{ name: 'a', classIds: [11, 13] }, { name: 'b', classIds: [12, 14] }] } });
    const r = await evaluateInTrainer({ type: 'evaluate', runDir, config: mtConfig, checkpoint: 'best', subset: 'test', manifestPath });
    const p = readProbs(r.probsFile);
    for (let row = 0; row < 4; row++) {
      const v = Array.from(p.subarray(row * 4, row * 4 + 4));
      expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      const other = row % 2 === 0 ? [1, 3] : [0, 2]; // labels 0, 2 are task a; 1, 3 task b
      expect(other.map((k) => v[k])).toEqual([0, 0]);
    }
  });

  it('evaluation says when the run has no model or the subset is empty', async () => {
    const { manifestPath } = await fixture();
    await expect(evaluateInTrainer({ type: 'evaluate', runDir: join(root, 'none'), config, checkpoint: 'best', subset: 'test', manifestPath }))
      .rejects.toThrow(/no best model yet/);
    await expect(evaluateInTrainer({ type: 'evaluate', runDir: join(root, 'none'), config, checkpoint: 'last', subset: 'test', manifestPath }))
      .rejects.toThrow(/no checkpoint/);
    await expect(evaluateInTrainer({ type: 'evaluate', runDir: join(root, 'runA'), config, checkpoint: 'best', subset: 'val', manifestPath }))
      .rejects.toThrow(/val subset has no clips/);
  });
});
