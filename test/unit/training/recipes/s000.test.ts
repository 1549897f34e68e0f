/**
 * S000 (Liu & Wen, transfer learning with DVS) as built-in recipes, end to end at a tiny size:
 * events simulated from demo clips (`events.simulate`), imported as event media by the DVS
 * importer (`dataset.import`), 3-frame binary stacks (dvs-stack3) into a tiny ResNet-18 from
 * (stand-in) pretrained weights, frozen (only the new head trains) vs fully fine-tuned.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../../src-main/training/models/index.js';
import { saveModelDir } from '../../../../src-main/training/models/modelFiles.js';
import {
  bestOf, checkFinishedRun, closeRecipeWorkspace, layerWeights, openRecipeWorkspace, recipeConfig, train, type RecipeWorkspace,
} from './recipeWorkspace.js';

let r: RecipeWorkspace;
let two: number[];
let dvsSet: number;
let pretrained: Map<string, number[][]>;
let pretrainedPath: string;
const EPOCHS = 2;
const resnet = { inputSize: 32, channels: 3, baseWidth: 2 };
/** The layers of the new head: what a frozen run trains. */
const HEAD = ['predictions'];

beforeAll(async () => {
  r = await openRecipeWorkspace();
  const ws = r.wb.workspace;
  two = r.classIds.slice(0, 2);
  const videos = ws.db.prepare(`SELECT k.id, k.name, k.class_id AS classId, m.path, c.name AS class, a.subset FROM clips k JOIN media m ON m.id = k.media_id
    JOIN classes c ON c.id = k.class_id JOIN split_assignments a ON a.clip_id = k.id AND a.split_set_id = ?
    WHERE k.class_id IN (?, ?) ORDER BY k.id`).all(r.setId, ...two) as { id: number; name: string; classId: number; path: string; class: string; subset: string }[];
  const eventsRoot = join(r.root, 'events');
  for (const v of videos) {
    const id = r.wb.jobs.enqueue('events.simulate', { video: v.path, out: join(eventsRoot, v.class, `${v.name}.aedat4`), params: { model: 'ideal', seed: 1 } });
    const job = await r.wb.jobs.wait(id);
    if (job.state !== 'done') throw new Error(`events.simulate of ${v.name} ended ${job.state}: ${job.error ?? ''}`);
  }
  const imp = r.wb.jobs.enqueue('dataset.import', { importer: 'dvs', options: { root: eventsRoot } });
  const job = await r.wb.jobs.wait(imp);
  if (job.state !== 'done') throw new Error(`dataset.import ended ${job.state}: ${job.error ?? ''}`);
  // The recordings keep their source clip's subset, in a split set of event clips only.
  dvsSet = ws.splitSets.ensure({ name: 'dvs', strategy: 'manual' }).id;
  const events = ws.db.prepare(`SELECT k.id, k.name, k.class_id FROM clips k JOIN media m ON m.id = k.media_id WHERE m.kind = 'events'`)
    .all() as { id: number; name: string; class_id: number }[];
  expect(events).toHaveLength(videos.length);
  for (const e of events) {
    const v = videos.find((x) => x.name === e.name)!;
    expect(e.class_id).toBe(v.classId); // labelled by its class folder
    ws.splitSets.assign(dvsSet, e.id, v.subset as 'train' | 'val' | 'test');
  }
  // Stand-in for ImageNet weights (none ship with the app): a ResNet-18 of the same tiny shape with another head.
  await tf.setBackend('cpu');
  const { model } = buildModel('resnet18', { ...resnet, classes: 10 });
  const dir = join(r.root, 'imagenet');
  await saveModelDir(model, dir);
  model.dispose();
  pretrainedPath = join(dir, 'model.json');
  pretrained = await layerWeights(dir);
}, 120_000);
afterAll(() => closeRecipeWorkspace(r));

describe('S000 DVS transfer recipes', () => {
  it.each([['frozen', 'head-only'], ['unfrozen', 'none']] as const)('ResNet-18 %s (freeze %s) on simulated-event stacks', async (mode, freeze) => {
    const config = recipeConfig(`S000-resnet18-${mode}`, dvsSet, [2, pretrainedPath], {
      inputs: [{ kind: 'dvs-stack3', size: 32, windowMs: 100, stacks: 2 }],
      model: { config: { ...resnet, classes: 2 } }, training: { epochs: EPOCHS, batchSize: 4 },
    });
    expect(config).toMatchObject({ model: { family: 'resnet18', config: { freeze: { mode: freeze } } },
      training: { optimizer: { type: 'adamax', lr: 1e-3, weightDecay: 1e-3 } }, init: [{ from: { kind: 'file', path: pretrainedPath } }] });
    const id = await train(r, config);
    await checkFinishedRun(r, id, EPOCHS, two, dvsSet);
    const trained = await layerWeights(bestOf(r, id));
    const backbone = [...trained.keys()].filter((n) => !HEAD.includes(n));
    expect(backbone.length).toBeGreaterThan(10);
    for (const n of backbone) expect(pretrained.has(n), n).toBe(true);
    const same = backbone.filter((n) => JSON.stringify(trained.get(n)) === JSON.stringify(pretrained.get(n)));
    if (freeze === 'head-only') expect(same).toEqual(backbone); // bit for bit the pretrained weights
    else expect(same.filter((n) => /conv/.test(n))).toEqual([]); // every conv layer trained
    expect(trained.get('predictions')![1]).toHaveLength(2);
  }, 120_000);
});
