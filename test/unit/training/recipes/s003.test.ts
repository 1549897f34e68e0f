/**
 * S003 (FTSnet) as built-in recipes, end to end at a tiny size: a 3D ResNet-18 flow teacher
 * (TV-L1), then an RGB student distilled from it (CE + alpha x MSE on 'features'), evaluated on
 * RGB alone: its evaluation computes no flow.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceClips } from '../../../../src-main/training/data/prepare.js';
import { inputCacheKey, inputFilePath } from '../../../../src-main/training/data/sources/registry.js';
import type { DataManifest } from '../../../../src-main/training/data/types.js';
import { runsOf } from '../../../../src-main/training/run/runLifecycle.js';
import {
  bestOf, checkFinishedRun, clipsIn, closeRecipeWorkspace, layerWeights, openRecipeWorkspace, recipeConfig, train, type RecipeWorkspace,
} from './recipeWorkspace.js';

let r: RecipeWorkspace;
let four: number[];
const EPOCHS = 2;
// The recipe's SGD (momentum 0.9, wd 5e-4, cosine) with a smaller lr: 0.1 is for batch 16 on full-size clips.
const tinyTraining = { epochs: EPOCHS, batchSize: 4, optimizer: { lr: 0.02 } };
const r3d = { frames: 4, size: 16, baseWidth: 2 };

beforeAll(async () => {
  r = await openRecipeWorkspace();
  four = r.classIds.slice(0, 4);
}, 120_000);
afterAll(() => closeRecipeWorkspace(r));

/** Files under a folder, recursively (0 when it does not exist). */
function filesUnder(dir: string): number {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  } catch {
    return 0;
  }
}

describe('S003 distillation recipes', () => {
  let teacher = 0;

  it('flow teacher: 3D ResNet-18 on a TV-L1 flow volume', async () => {
    const config = recipeConfig('S003-flow-teacher', r.setId, [4], {
      data: { classIds: four }, inputs: [{ kind: 'flow-volume', size: 16, frames: 4, flow: { method: 'tvl1' } }],
      model: { config: { ...r3d, channels: 2, classes: 4 } }, training: tinyTraining,
    });
    expect(config.training).toMatchObject({ optimizer: { type: 'sgd', momentum: 0.9, weightDecay: 5e-4 }, schedule: { kind: 'cosine' } });
    teacher = await train(r, config);
    await checkFinishedRun(r, teacher, EPOCHS, four);
  }, 120_000);

  it('RGB student distilled from the frozen teacher, evaluated on RGB clips only', async () => {
    const config = recipeConfig('S003-distilled', r.setId, [teacher, 4], {
      data: { classIds: four }, inputs: [{ kind: 'rgb-clip', size: 16, frames: 4, strategy: 'uniform' }],
      model: { config: { ...r3d, channels: 3, classes: 4 } }, training: tinyTraining,
    });
    expect(config.objective).toMatchObject({ kind: 'distill', teacherRunId: teacher, teacherLayer: 'features', studentLayer: 'features' });
    const teacherBefore = await layerWeights(bestOf(r, teacher));
    const student = await train(r, config);
    expect(await layerWeights(bestOf(r, teacher))).toEqual(teacherBefore); // the teacher stayed frozen
    const trained = JSON.parse(readFileSync(join(runsOf(r.wb.workspace).dirOf(student), 'manifest.json'), 'utf8')) as DataManifest;
    expect(trained.inputs.map((i) => i.spec.kind)).toEqual(['rgb-clip', 'flow-volume']); // the teacher's flow beside the student's RGB
    expect(trained.modelInputs).toBe(1);

    // Inference needs no flow: with the flow cache and the prepared flow volumes gone, evaluating
    // the student computes neither.
    const ws = r.wb.workspace;
    const flowCache = join(ws.cacheDir, 'flow');
    expect(filesUnder(flowCache)).toBeGreaterThan(0); // training computed the teacher's flow
    const volumes = sourceClips(ws, clipsIn(r, 'test', four)).map((c) => inputFilePath(ws, inputCacheKey(trained.inputs[1]!.spec, c)));
    expect(volumes.every((f) => existsSync(f))).toBe(true);
    rmSync(flowCache, { recursive: true, force: true });
    for (const f of volumes) rmSync(f);
    const m = await checkFinishedRun(r, student, EPOCHS, four);
    expect(filesUnder(flowCache)).toBe(0);
    expect(volumes.filter((f) => existsSync(f))).toEqual([]);
    expect(m.params).toBe(runsOf(ws).mustGet(student).params);
    const weights = await layerWeights(bestOf(r, student));
    expect(weights.get('stem_conv')![0]!.length).toBe(7 * 7 * 7 * 3 * 2); // an RGB network: 3 input channels
  }, 120_000);
});
