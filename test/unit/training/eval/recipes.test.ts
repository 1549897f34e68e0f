import { describe, expect, it } from 'vitest';
import { fillRecipe, listRecipes, modelFamilyInfos, recipeSlots } from '../../../../src-main/training/run/recipes.js';
import { parseRunConfig } from '../../../../src-main/training/run/config.js';
import { getModelFamily, parseModelConfig } from '../../../../src-main/training/models/index.js';

/** A plausible value of each kind of need. */
const sample = { run: 7, file: '/weights/model.json', codes: 'abc123', classes: [1, 2], count: 3 } as const;

describe('recipes', () => {
  const recipes = listRecipes();

  it('covers the five systems with unique ids', () => {
    expect(new Set(recipes.map((r) => r.system))).toEqual(new Set(['S000', 'S001', 'S002', 'S003', 'S004']));
    expect(new Set(recipes.map((r) => r.id)).size).toBe(recipes.length);
    expect(recipes.map((r) => r.id)).toEqual(expect.arrayContaining(['S000-resnet18-frozen', 'S000-resnet18-unfrozen', 'S001-two-stream-mid',
      'S002-seq-birnn', 'S003-distilled', 'S004-temporal', 'S004-siamese', 'S004-multitask']));
  });

  it.each(listRecipes().map((r) => [r.id]))('%s parses once its split set and needs are filled', (id) => {
    const values = recipeSlots(id).map((s) => sample[s.kind]);
    const config = fillRecipe(id, 3, values);
    expect(config.data.splitSetId).toBe(3);
    expect(config.recipe).toBe(id);
    // the listed template itself parses with only the split set and needs set by hand too
    const r = recipes.find((x) => x.id === id)!;
    expect(r.needs.length).toBe(values.length);
    if (r.needs.every((n) => n.startsWith('model.config.'))) expect(parseRunConfig({ ...r.template, data: { splitSetId: 3 } }).name).toBe(config.name);
    // and its model config is valid for its family, which scores the run's classes and takes its inputs
    const family = getModelFamily(config.model.family);
    const modelConfig = parseModelConfig(config.model.family, config.model.config);
    const inputs = family.inputs(modelConfig);
    expect(inputs).toHaveLength(config.inputs.length);
    if (config.objective.kind !== 'multitask') expect(family.classes(modelConfig)).toBe(3);
    const shapes = config.inputs.map((spec) => {
      if (spec.kind === 'codes') return [10, 3]; // codeSize filled with the sample count
      if (spec.kind === 'rgb-frame' || spec.kind === 'dvs-stack3') return [spec.size, spec.size, 3];
      if (spec.kind === 'rgb-clip') return [spec.frames, spec.size, spec.size, 3];
      if (spec.kind === 'flow-stack') return [spec.size, spec.size, 2 * spec.length];
      return [spec.frames, spec.size, spec.size, 2];
    });
    expect(inputs.map((i) => i.shape)).toEqual(shapes);
  });

  it('follows the papers where they are specific', () => {
    const s000 = fillRecipe('S000-resnet18-frozen', 1, [4, '/w.json']);
    expect(s000.training).toMatchObject({ epochs: 3, batchSize: 32, optimizer: { type: 'adamax', lr: 1e-3, weightDecay: 1e-3 } });
    expect(s000.inputs[0]).toMatchObject({ kind: 'dvs-stack3' });
    expect(s000.model.config).toMatchObject({ classes: 4, freeze: { mode: 'head-only' } });
    const s003 = fillRecipe('S003-distilled', 1, [5, 4]);
    expect(s003.training.optimizer).toMatchObject({ type: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
    expect(s003.objective).toMatchObject({ kind: 'distill', teacherRunId: 5 });
    expect(s003.inputs[0]).toMatchObject({ kind: 'rgb-clip', size: 112 });
    expect(fillRecipe('S004-temporal', 1, [4]).inputs[0]).toMatchObject({ kind: 'flow-stack', length: 10 });
  });

  it('sizes the multi-task heads by their class lists', () => {
    const mt = fillRecipe('S004-multitask', 1, [[1, 2, 3], [4, 5]]);
    expect(mt.model.config.tasks).toEqual([{ name: 'datasetA', classes: 3 }, { name: 'datasetB', classes: 2 }]);
  });

  it('lists each need as a field the dialog can offer: where it goes, its kind, and for a run the family that fits', () => {
    const known = new Set(modelFamilyInfos().map((f) => f.id));
    for (const r of recipes) {
      expect(r.slots.map((s) => `${s.path}: ${s.describe}`)).toEqual(r.needs);
      expect(r.slots.map((s) => ({ path: s.path, kind: s.kind }))).toEqual(recipeSlots(r.id));
      for (const s of r.slots) {
        expect(s.label).not.toBe('');
        // only the class count has a placeholder the core can fill
        expect(s.optional).toBe(s.path === 'model.config.classes');
        if (s.kind === 'run') expect(known.has(s.family!)).toBe(true);
      }
    }
    expect(recipes.find((r) => r.id === 'S003-distilled')!.slots[0]).toMatchObject({ kind: 'run', label: 'Teacher run', family: 'resnet3d18' });
    expect(recipes.find((r) => r.id === 'S002-seq-average')!.slots.map((s) => s.kind)).toEqual(['count', 'codes', 'count']);
  });

  it('names the missing need', () => {
    expect(() => fillRecipe('S003-distilled', 1)).toThrow(/objective\.teacherRunId: the finished S003 flow teacher/);
    expect(() => fillRecipe('S003-distilled', 1, [0, 3])).toThrow(/objective\.teacherRunId/);
    expect(() => fillRecipe('nope', 1)).toThrow(/Unknown recipe "nope"/);
  });

  it('lists model families with defaults and inputs', () => {
    const infos = modelFamilyInfos();
    expect(infos.length).toBeGreaterThan(0);
    for (const f of infos) {
      expect(f.defaults).toBeTypeOf('object');
      expect(f.inputs.length).toBeGreaterThan(0);
    }
    // a family with required fields takes only those from its tiny config; the rest keep the real defaults
    const mt = infos.find((f) => f.id === 'multitask');
    if (mt) expect(mt.inputs[0]!.shape[0]).toBeGreaterThan(32); // not the tiny config's size
    expect(infos.find((f) => f.id === 'small-cnn')!.defaults).toMatchObject({ inputSize: 224 });
  });
});
