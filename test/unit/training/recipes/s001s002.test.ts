/**
 * S001 (INFOMCV two-stream) and S002 (RNNs over CNN codes) as built-in recipes, end to end at a
 * tiny size on one generated demo workspace: spatial CNN -> transfer (frozen conv) -> 3D CNN on a
 * flow volume -> two-stream mid fusion from both; codes from the spatial run -> sequence heads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodesJobResult } from '../../../../src-main/training/data/codes/codesJob.js';
import { getCodeSet } from '../../../../src-main/training/data/codes/codeSets.js';
import { runsOf } from '../../../../src-main/training/run/runLifecycle.js';
import {
  bestOf, checkFinishedRun, closeRecipeWorkspace, layerWeights, openRecipeWorkspace, recipeConfig, train, type RecipeWorkspace,
} from './recipeWorkspace.js';

let r: RecipeWorkspace;
let four: number[];
const EPOCHS = 2;
const tinyTraining = { epochs: EPOCHS, batchSize: 4 };
const middle16 = { kind: 'rgb-frame', size: 16, frames: 1, strategy: 'middle' };
const flows4 = { kind: 'flow-volume', size: 16, frames: 4, flow: { method: 'farneback' } };
const smallCnn = { inputSize: 16, channels: 3, widths: [3, 4, 4], denseUnits: 6, dropout: 0 };
const cnn3d = { frames: 4, size: 16, channels: 2, filters: [2, 2, 3], denseUnits: 6, dropout: 0 };

beforeAll(async () => {
  r = await openRecipeWorkspace();
  four = r.classIds.slice(0, 4);
}, 120_000);
afterAll(() => closeRecipeWorkspace(r));

const runs = { spatial: 0, transfer: 0, flow: 0 };

describe('S001 two-stream recipes', () => {
  it('spatial small CNN on middle frames (all 8 classes, the "Stanford-40" pre-training)', async () => {
    const config = recipeConfig('S001-spatial', r.setId, [8], {
      inputs: [middle16], model: { config: { ...smallCnn, classes: 8 } }, training: tinyTraining,
    });
    runs.spatial = await train(r, config);
    await checkFinishedRun(r, runs.spatial, EPOCHS, r.classIds);
  }, 120_000);

  it('transfer to 4 classes: conv blocks from the spatial run, frozen bit for bit, new head trained', async () => {
    const config = recipeConfig('S001-transfer', r.setId, [4, runs.spatial], {
      data: { classIds: four }, inputs: [middle16], model: { config: { ...smallCnn, classes: 4 } }, training: tinyTraining,
    });
    expect(config.init).toEqual([{ from: { kind: 'run', runId: runs.spatial }, sourcePrefix: 'block', targetPrefix: 'block' }]);
    runs.transfer = await train(r, config);
    await checkFinishedRun(r, runs.transfer, EPOCHS, four);
    const src = await layerWeights(bestOf(r, runs.spatial));
    const dst = await layerWeights(bestOf(r, runs.transfer));
    const blocks = [...dst.keys()].filter((n) => n.startsWith('block'));
    expect(blocks).toEqual(expect.arrayContaining(['block1_conv', 'block2_conv', 'block3_conv', 'block1_bn']));
    for (const name of blocks) expect(dst.get(name), name).toEqual(src.get(name));
    expect(dst.get('fc')).not.toEqual(src.get('fc')); // the dense head was not copied: it trained from its own init
    expect(dst.get('classifier')![0]!.length).toBe(6 * 4);
  }, 120_000);

  it('3D CNN on a 4 x 16 x 16 x 2 Farneback flow volume', async () => {
    const config = recipeConfig('S001-flow-3dcnn', r.setId, [4], {
      data: { classIds: four }, inputs: [flows4], model: { config: { ...cnn3d, classes: 4 } }, training: tinyTraining,
    });
    runs.flow = await train(r, config);
    await checkFinishedRun(r, runs.flow, EPOCHS, four);
  }, 120_000);

  it('two-stream mid fusion initialised from the transfer and flow runs, streams frozen', async () => {
    const config = recipeConfig('S001-two-stream-mid', r.setId, [4, runs.transfer, runs.flow], {
      data: { classIds: four }, inputs: [middle16, flows4], training: tinyTraining,
      model: { config: { classes: 4, hiddenUnits: 8, dropout: 0.1, streams: [
        { family: 'small-cnn', config: smallCnn, name: 'rgb' }, { family: 'cnn3d', config: cnn3d, name: 'flow' }] } },
    });
    const id = await train(r, config);
    await checkFinishedRun(r, id, EPOCHS, four);
    const fused = await layerWeights(bestOf(r, id));
    for (const [prefix, source] of [['rgb_', runs.transfer], ['flow_', runs.flow]] as const) {
      const src = await layerWeights(bestOf(r, source));
      const names = [...fused.keys()].filter((n) => n.startsWith(prefix));
      expect(names).toEqual(expect.arrayContaining([`${prefix}block1_conv`, `${prefix}block3_conv`, `${prefix}fc`]));
      for (const n of names) expect(fused.get(n), n).toEqual(src.get(n.slice(prefix.length)));
    }
    expect(fused.has('fusion_logits')).toBe(true);
  }, 120_000);
});

describe('S002 sequence heads over CNN codes', () => {
  let key = '';
  let codeSize = 0;
  const STEPS = 4;

  it('extracts per-frame codes from the S001 spatial run\'s feature layer', async () => {
    const input = { kind: 'rgb-frame', size: 16, frames: STEPS, strategy: 'uniformFirstSeconds', seconds: 1 };
    const jobId = r.wb.jobs.enqueue('training.codes', { source: { kind: 'run', runId: runs.spatial }, input });
    const job = await r.wb.jobs.wait(jobId);
    expect(job.error).toBeNull();
    const res = r.wb.jobs.result(jobId).result as CodesJobResult;
    expect(res.failed).toEqual([]);
    expect(res.layer).toBe('fc'); // small-cnn's feature layer: the dense layer before the classifier
    expect(res.shape).toEqual([STEPS, 6]);
    expect(res.written).toBe(r.classIds.length * 4);
    expect(getCodeSet(r.wb.workspace.db, res.key)).toMatchObject({ source: { kind: 'run', runId: runs.spatial }, layer: 'fc' });
    key = res.key;
    codeSize = res.shape[1]!;
  }, 120_000);

  it.each(['seq-average', 'seq-lstm'])('%s trains on the codes and is evaluated', async (family) => {
    const config = recipeConfig(`S002-${family}`, r.setId, [4, key, codeSize], {
      data: { classIds: four }, model: { config: { steps: STEPS, codeSize, units: 6, dropout: 0.1, classes: 4 } }, training: tinyTraining,
    });
    expect(config.inputs).toEqual([{ kind: 'codes', codesKey: key }]);
    const id = await train(r, config);
    const m = await checkFinishedRun(r, id, EPOCHS, four);
    expect(m.params).toBe(runsOf(r.wb.workspace).mustGet(id).params);
  }, 120_000);
});
