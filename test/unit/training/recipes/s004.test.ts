/**
 * S004 (two-stream review + Siamese) as built-in recipes, end to end at a tiny size: temporal
 * CNN on stacked TV-L1 flow, spatial ResNet-18 from (stand-in) ImageNet weights, their late
 * fusion by mean and by a linear SVM, a Siamese run on multi-view linked clips, and a multi-task
 * run with two class groups.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvaluationsRepo, type StoredPrediction } from '../../../../src-main/db/repos/evaluationsRepo.js';
import { linkClips } from '../../../../src-main/datasets/labels/links.js';
import { fuseRuns } from '../../../../src-main/training/eval/fuseRuns.js';
import { buildModel } from '../../../../src-main/training/models/index.js';
import { saveModelDir } from '../../../../src-main/training/models/modelFiles.js';
import { runsOf } from '../../../../src-main/training/run/runLifecycle.js';
import {
  checkFinishedRun, clipsIn, closeRecipeWorkspace, evaluate, expectConfusion, openRecipeWorkspace, recipeConfig, train, type RecipeWorkspace,
} from './recipeWorkspace.js';

let r: RecipeWorkspace;
let four: number[];
let imagenet: string;
const EPOCHS = 2;
// The recipes' SGD (momentum 0.9, wd 5e-4, step schedule) with an lr for batch 4.
const tinyTraining = { epochs: EPOCHS, batchSize: 4, optimizer: { lr: 0.01 } };
const stack = { kind: 'flow-stack', size: 16, length: 2, stacks: 2, flow: { method: 'tvl1' } };
const flowCnn = { size: 16, length: 2, convWidths: [3, 3, 4, 4, 4], denseUnits: [8, 6], dropout: 0.1 };
const resnet = { inputSize: 32, channels: 3, baseWidth: 2 };
const frames = { kind: 'rgb-frame', size: 32, frames: 2, strategy: 'uniform' };

beforeAll(async () => {
  r = await openRecipeWorkspace();
  four = r.classIds.slice(0, 4);
  // Stand-in for ImageNet weights (none ship with the app): a ResNet-18 of the same tiny shape with another head.
  await tf.setBackend('cpu');
  const { model } = buildModel('resnet18', { ...resnet, classes: 10 });
  imagenet = join(r.root, 'imagenet');
  await saveModelDir(model, imagenet);
  model.dispose();
}, 120_000);
afterAll(() => closeRecipeWorkspace(r));

/** Each clip's probabilities are a distribution over the 4 classes. */
function expectDistributions(preds: StoredPrediction[]): void {
  for (const p of preds) {
    expect(p.probs).toHaveLength(4);
    for (const v of p.probs) expect(v).toBeGreaterThanOrEqual(0);
    expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(p.predicted).toBe(p.probs.indexOf(Math.max(...p.probs)));
  }
}

describe('S004 two-stream recipes and late fusion', () => {
  let temporal = 0;
  let spatial = 0;

  it('temporal CNN on 2 stacks of L = 2 TV-L1 flows (4 channels)', async () => {
    const config = recipeConfig('S004-temporal', r.setId, [4], {
      data: { classIds: four }, inputs: [stack], model: { config: { ...flowCnn, classes: 4 } }, training: tinyTraining,
    });
    temporal = await train(r, config);
    await checkFinishedRun(r, temporal, EPOCHS, four);
  }, 120_000);

  it('spatial ResNet-18, all layers fine-tuned from the pretrained file', async () => {
    const config = recipeConfig('S004-spatial-all', r.setId, [4, join(imagenet, 'model.json')], {
      data: { classIds: four }, inputs: [frames], model: { config: { ...resnet, classes: 4 } }, training: tinyTraining,
    });
    spatial = await train(r, config);
    await checkFinishedRun(r, spatial, EPOCHS, four);
  }, 120_000);

  it('late fusion of the two by the mean of softmax and by a linear SVM fitted on val', async () => {
    await evaluate(r, temporal, 'val');
    await evaluate(r, spatial, 'val');
    const evals = new EvaluationsRepo(r.wb.workspace.db);
    const test = clipsIn(r, 'test', four).length;
    const streams = [temporal, spatial].map((id) => new Map(evals.storedPredictions(evals.latest(id, 'test')!.id).map((p) => [p.clipId, p.probs])));

    const mean = await fuseRuns(r.wb.workspace, { runIds: [temporal, spatial], subset: 'test', method: 'mean' });
    const meanPreds = evals.storedPredictions(mean.evaluationId);
    expectDistributions(meanPreds);
    expect(meanPreds).toHaveLength(test);
    for (const p of meanPreds) {
      const a = streams[0]!.get(p.clipId)!, b = streams[1]!.get(p.clipId)!;
      p.probs.forEach((v, i) => expect(v).toBeCloseTo((a[i]! + b[i]!) / 2, 5));
    }
    expectConfusion(evals.get(mean.evaluationId)!.metrics, 4, test);

    const svm = await fuseRuns(r.wb.workspace, { runIds: [temporal, spatial], subset: 'test', method: 'svm' });
    const svmPreds = evals.storedPredictions(svm.evaluationId);
    expect(svmPreds).toHaveLength(test);
    expectDistributions(svmPreds);
    expectConfusion(evals.get(svm.evaluationId)!.metrics, 4, test);
    const runs = runsOf(r.wb.workspace);
    for (const id of [mean.runId, svm.runId]) expect(runs.mustGet(id)).toMatchObject({ state: 'done', family: 'late-fusion' });
    expect(runs.config(svm.runId).model.config).toMatchObject({ method: 'svm', fittedOn: 'val', reportedOn: 'test' });
  }, 120_000);
});

describe('S004 Siamese and multi-task recipes', () => {
  it('Siamese ResNet-18 on multi-view linked clips (the two train clips of each class as two views)', async () => {
    for (const c of four) linkClips(r.wb.workspace.db, clipsIn(r, 'train', [c]));
    const config = recipeConfig('S004-siamese', r.setId, [4], {
      data: { classIds: four }, inputs: [frames], model: { config: { ...resnet, classes: 4 } }, training: tinyTraining,
      objective: { dissimilarPerSimilar: 2 },
    });
    expect(config.objective).toMatchObject({ kind: 'siamese', margin: 1, embeddingLayer: 'avg_pool' });
    const id = await train(r, config);
    await checkFinishedRun(r, id, EPOCHS, four);
    // 4 link groups of 2 clips = 4 similar pairs, 2 dissimilar each: 12 pairs a epoch, 3 batches of 4
    const iters = runsOf(r.wb.workspace).metricsSeries(id).iters;
    expect(iters.filter((i) => i.epoch === 1)).toHaveLength(3);
  }, 120_000);

  it('multi-task flow CNN with two class groups, one softmax head each', async () => {
    const tasks = [four.slice(0, 2), four.slice(2)];
    const config = recipeConfig('S004-multitask', r.setId, tasks, {
      data: { classIds: four }, inputs: [stack], training: tinyTraining,
      model: { config: { backbone: { family: 'flow-cnn', config: { ...flowCnn, classes: 2 } } } },
    });
    expect(config.model).toMatchObject({ family: 'multitask', config: { tasks: [{ name: 'datasetA', classes: 2 }, { name: 'datasetB', classes: 2 }] } });
    const id = await train(r, config);
    await checkFinishedRun(r, id, EPOCHS, four);
    const evals = new EvaluationsRepo(r.wb.workspace.db);
    const preds = evals.storedPredictions(evals.latest(id, 'test')!.id);
    expectDistributions(preds);
    for (const p of preds) { // a clip is scored by its own group's head only
      const other = p.label < 2 ? [2, 3] : [0, 1];
      for (const i of other) expect(p.probs[i]).toBe(0);
    }
  }, 120_000);
});
