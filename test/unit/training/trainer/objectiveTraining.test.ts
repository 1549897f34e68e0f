import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../src-main/training/backends/ladder.js';
import { buildModel } from '../../../../src-main/training/models/index.js';
import { saveModelDir } from '../../../../src-main/training/models/modelFiles.js';
import type { FromTrainer } from '../../../../src-main/training/trainer/protocol.js';
import { SeededRandom } from '../../../../src-main/training/trainer/seededRandom.js';
import { trainRun } from '../../../../src-main/training/trainer/trainLoop.js';
import type { RunConfig } from '../../../../src-main/training/run/config.js';
import { removeSyntheticRuns, SIZE, syntheticRun, tinyConfig } from './fixtures.js';

beforeAll(async () => {
  await selectBackend({ force: 'wasm' });
});
afterAll(removeSyntheticRuns);

/** Runs the loop in this process (the child process is tested elsewhere) and returns its messages. */
async function run(runDir: string, config: RunConfig, teacherDir: string | null = null): Promise<FromTrainer[]> {
  const got: FromTrainer[] = [];
  await trainRun({ type: 'train', runDir, config, resume: false, teacherDir, initDirs: {} }, { send: (m) => got.push(m), cancelled: () => false, rng: new SeededRandom(1) });
  return got;
}

const finalOf = (ms: FromTrainer[]): FromTrainer => ms.at(-1)!;
const head = { inputSize: SIZE, widths: [4, 4, 6], denseUnits: 8, dropout: 0 };

describe('objectives in the training loop', () => {
  it('distillation trains the student against a frozen teacher on the teacher inputs', async () => {
    const { runDir } = syntheticRun({ teacher: true });
    const teacherDir = join(runDir, '..', 'teacher');
    const teacher = buildModel('small-cnn', { ...head, classes: 2 }).model;
    await saveModelDir(teacher, join(teacherDir, 'best'));
    const before = teacher.getWeights().map((w) => Array.from(w.dataSync()));
    teacher.dispose();
    const config = tinyConfig({ epochs: 1 }, { objective: { kind: 'distill', teacherRunId: 1, teacherLayer: 'fc', studentLayer: 'fc', alpha: 0.5 },
      model: { family: 'small-cnn', config: { ...head, classes: 2 } } });
    const got = await run(runDir, config, teacherDir);
    expect(finalOf(got)).toMatchObject({ type: 'done', epochs: 1 });
    expect(got.filter((m) => m.type === 'iter').every((m) => m.type === 'iter' && Number.isFinite(m.loss))).toBe(true);
    const { loadModelDir } = await import('../../../../src-main/training/models/modelFiles.js');
    const reloaded = await loadModelDir(join(teacherDir, 'best'));
    expect(reloaded.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before); // the teacher stayed frozen
    reloaded.dispose();
    await expect(run(runDir, config, null)).rejects.toThrow(/teacher/);
  });

  it('Siamese pairs train one shared-weight model with contrastive + softmax loss', async () => {
    const { runDir } = syntheticRun({ link: true });
    const config = tinyConfig({ epochs: 1 }, { objective: { kind: 'siamese', margin: 1, dissimilarPerSimilar: 2, embeddingLayer: 'fc', softmaxWeight: 1 },
      model: { family: 'small-cnn', config: { ...head, classes: 2 } } });
    const got = await run(runDir, config);
    expect(finalOf(got)).toMatchObject({ type: 'done', epochs: 1 });
    // 2 classes x 2 link groups of 2 clips = 4 similar pairs, 2 dissimilar each: 12 pairs in batches of 4
    expect(got.filter((m) => m.type === 'iter')).toHaveLength(3);
  });

  it('multi-task trains one head per task, each sample through its own', async () => {
    const { runDir } = syntheticRun({ classes: 4, perClass: 2 });
    const config = tinyConfig({ epochs: 2, optimizer: { type: 'adam', lr: 0.02 } }, {
      objective: { kind: 'multitask', tasks: [{ name: 'a', classIds: [1, 2] }, { name: 'b', classIds: [3, 4] }] },
      model: { family: 'multitask', config: { backbone: { family: 'small-cnn', config: { ...head, classes: 2 } }, tasks: [{ name: 'a', classes: 2 }, { name: 'b', classes: 2 }] } },
    });
    const got = await run(runDir, config);
    expect(finalOf(got)).toMatchObject({ type: 'done', epochs: 2 });
    const epochs = got.flatMap((m) => (m.type === 'epoch' ? [m.summary] : []));
    expect(epochs[1]!.val).not.toBeNull();
    const wrong = tinyConfig({ epochs: 1 }, { objective: { kind: 'multitask', tasks: [{ name: 'a', classIds: [1, 2] }, { name: 'b', classIds: [3, 9] }] }, model: config.model });
    await expect(run(runDir, wrong)).rejects.toThrow(/Class 4 is in no task/);
  });

  it('a model whose class count differs from the data is refused with the fix', async () => {
    const { runDir } = syntheticRun();
    await expect(run(runDir, tinyConfig({ epochs: 1 }, {}, 5))).rejects.toThrow(/scores 5 classes but the data has 2.*classes to 2/);
  });
});

describe('init sources', () => {
  it('a run\'s best model initialises a new model by layer name; a source matching nothing is an error', async () => {
    const { applyInitSources } = await import('../../../../src-main/training/trainer/initWeights.js');
    const { runDir } = syntheticRun();
    const src = buildModel('small-cnn', { ...head, classes: 2 }).model;
    await saveModelDir(src, join(runDir, 'best'));
    const dst = buildModel('small-cnn', { ...head, classes: 2 }).model;
    const reports = await applyInitSources(dst, [{ from: { kind: 'run', runId: 4 }, sourcePrefix: 'block', targetPrefix: 'block' }], { 4: runDir });
    expect(reports[0]!.matched).toContain('block1_conv');
    expect(reports[0]!.matched).not.toContain('classifier');
    expect(Array.from(dst.getLayer('block2_conv').getWeights()[0]!.dataSync())).toEqual(Array.from(src.getLayer('block2_conv').getWeights()[0]!.dataSync()));
    await expect(applyInitSources(dst, [{ from: { kind: 'run', runId: 4 }, sourcePrefix: 'nothing_', targetPrefix: '' }], { 4: runDir })).rejects.toThrow(/matched no layer/);
    await expect(applyInitSources(dst, [{ from: { kind: 'run', runId: 5 }, sourcePrefix: '', targetPrefix: '' }], {})).rejects.toThrow(/run 5 has no folder/);
    src.dispose();
    dst.dispose();
  });
});
