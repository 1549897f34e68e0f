import { describe, expect, it } from 'vitest';
import type { CodeSetInfo, RecipeInfo, RecipeSlotInfo, RunSummary } from '../../../src-main/ipc/contract';
import { runErrors } from '../../../src-renderer/src/components/runs/runConfigForm';
import {
  codeSetChoiceText, codeSetPreset, codeSetValues, fittingRuns, needOfPath, needProblem, needsReason, runChoiceText, setValueAt, valueAt,
} from '../../../src-renderer/src/lib/recipeNeeds';

const classes: RecipeSlotInfo = { path: 'model.config.classes', kind: 'count', label: 'Classes', describe: 'the class count; 0 = from the data', optional: true };
const teacher: RecipeSlotInfo = { path: 'objective.teacherRunId', kind: 'run', label: 'Teacher run', describe: 'the finished teacher', optional: false, family: 'resnet3d18' };
const stream: RecipeSlotInfo = { path: 'init.1.from.runId', kind: 'run', label: 'Flow stream run', describe: 'the flow stream', optional: false };
const weights: RecipeSlotInfo = { path: 'init.0.from.path', kind: 'file', label: 'ImageNet weights', describe: 'a model.json', optional: false };
const codes: RecipeSlotInfo = { path: 'inputs.0.codesKey', kind: 'codes', label: 'Code set', describe: 'a code set', optional: false };
const codeSize: RecipeSlotInfo = { path: 'model.config.codeSize', kind: 'count', label: 'Code size', describe: 'D', optional: false };
const taskA: RecipeSlotInfo = { path: 'objective.tasks.0.classIds', kind: 'classes', label: 'First dataset\'s classes', describe: 'ids', optional: false };

function run(id: number, over: Partial<RunSummary> = {}): RunSummary {
  return {
    id, name: `run ${id}`, recipe: null, family: 'resnet3d18', state: 'done', jobId: null, splitSetId: 1, epochsDone: 2, epochs: 2, bestEpoch: 2,
    bestMetric: 0.8125, bestMetricName: 'val_acc', params: 10, sizeBytes: 40, backend: null, error: null, notes: '', createdAt: '', startedAt: null,
    finishedAt: null, latestEval: null, ...over,
  };
}

const codeSet: CodeSetInfo = {
  key: 'abc123', source: { kind: 'run', runId: 1, runName: 'backbone' }, layer: 'features', input: { kind: 'rgb-frame', size: 16, frames: 4, strategy: 'uniformFirstSeconds', seconds: 1 },
  shape: [4, 24], clips: 24, createdAt: '', jobId: 3,
};

describe('config paths', () => {
  it('reads and writes through objects and arrays, creating what is missing', () => {
    const c: Record<string, unknown> = { init: [{ from: { kind: 'run', runId: 0 } }] };
    setValueAt(c, 'init.0.from.runId', 5);
    setValueAt(c, 'init.1.from.runId', 6);
    setValueAt(c, 'objective.teacherRunId', 7);
    expect(c).toEqual({ init: [{ from: { kind: 'run', runId: 5 } }, { from: { runId: 6 } }], objective: { teacherRunId: 7 } });
    expect(Array.isArray(c.init)).toBe(true);
    expect(valueAt(c, 'init.1.from.runId')).toBe(6);
    expect(valueAt(c, 'init.2.from')).toBeUndefined();
    expect(valueAt(c, 'objective.teacherRunId.x')).toBeUndefined();
  });
});

describe('needProblem / needsReason', () => {
  it('accepts only values the core can start with', () => {
    expect(needProblem(teacher, 0)).toBe('pick the teacher run');
    expect(needProblem(teacher, 3)).toBeNull();
    expect(needProblem(weights, '  ')).toBe('enter the path of the ImageNet weights');
    expect(needProblem({ ...stream, label: 'RGB stream run' }, null)).toBe('pick the RGB stream run');
    expect(needProblem(weights, '/w/model.json')).toBeNull();
    expect(needProblem(codes, '')).toBe('pick the code set');
    expect(needProblem(taskA, [1])).toMatch(/at least 2/);
    expect(needProblem(taskA, [1, 2])).toBeNull();
    // the class count's placeholder 0 works (the core counts the data's classes); a code size does not
    expect(needProblem(classes, 0)).toBeNull();
    expect(needProblem(codeSize, 0)).toMatch(/above 0/);
    expect(needProblem(codeSize, 2.5)).toMatch(/whole number/);
    expect(needProblem(codeSize, '12x')).not.toBeNull();
    expect(needProblem(codeSize, 12)).toBeNull();
  });

  it('names the first missing need and how many more', () => {
    const c = { model: { config: { classes: 0, codeSize: 0 } }, inputs: [{ kind: 'codes', codesKey: '' }] };
    expect(needsReason([classes, codes, codeSize], c)).toBe('To start, pick the code set (and 1 more).');
    setValueAt(c, 'inputs.0.codesKey', 'k');
    expect(needsReason([classes, codes, codeSize], c)).toBe('To start, enter the code size (a whole number above 0).');
    setValueAt(c, 'model.config.codeSize', 8);
    expect(needsReason([classes, codes, codeSize], c)).toBeNull();
    expect(needsReason([], {})).toBeNull();
  });
});

describe('run picker', () => {
  it('offers finished runs of the need\'s family, newest first', () => {
    const runs = [run(1), run(2, { state: 'training' }), run(3, { family: 'small-cnn' }), run(4, { state: 'imported' }), run(5, { family: 'late-fusion' }), run(6, { state: 'failed' })];
    expect(fittingRuns(runs, teacher).map((r) => r.id)).toEqual([4, 1]);
    // a need without a family takes any finished run with layers
    expect(fittingRuns(runs, stream).map((r) => r.id)).toEqual([4, 3, 1]);
  });

  it('shows name, family and best metric', () => {
    expect(runChoiceText(run(1))).toBe('run 1 · resnet3d18 · val acc 81.3%');
    expect(runChoiceText(run(1, { bestMetricName: 'val_loss', bestMetric: 0.41234 }))).toBe('run 1 · resnet3d18 · val loss 0.412');
    expect(runChoiceText(run(1, { bestMetric: null }))).toBe('run 1 · resnet3d18 · no best metric');
  });
});

describe('code sets', () => {
  const template = { inputs: [{ kind: 'codes', codesKey: '' }], model: { family: 'seq-average', config: { steps: 10, codeSize: 0, classes: 0 } } };
  const s002: RecipeInfo = { id: 'S002-seq-average', system: 'S002', title: '', description: '', template, needs: ['a', 'b', 'c'], slots: [classes, codes, codeSize] };

  it('choosing a set fills its key, code size and sequence length from its [T, D] shape', () => {
    expect(codeSetValues(s002.slots, template, codeSet)).toEqual({ 'inputs.0.codesKey': 'abc123', 'model.config.codeSize': 24, 'model.config.steps': 4 });
    // a model without a sequence length gets none
    expect(codeSetValues([codes], { model: { config: {} } }, codeSet)).toEqual({ 'inputs.0.codesKey': 'abc123' });
  });

  it('"Use in new run" opens the first recipe that trains on codes', () => {
    const other: RecipeInfo = { ...s002, id: 'S001-spatial', slots: [classes] };
    expect(codeSetPreset([other, s002, { ...s002, id: 'S002-seq-lstm' }], codeSet)).toEqual({
      recipeId: 'S002-seq-average', values: { 'inputs.0.codesKey': 'abc123', 'model.config.codeSize': 24, 'model.config.steps': 4 },
    });
    expect(codeSetPreset([other], codeSet)).toBeNull();
  });

  it('describes a set by its source, layer, shape and clips', () => {
    expect(codeSetChoiceText(codeSet)).toBe('backbone · features · [4, 24] · 24 clips');
    expect(codeSetChoiceText({ ...codeSet, source: { kind: 'run', runId: 9, runName: null } })).toMatch(/^deleted run 9 · /);
    expect(codeSetChoiceText({ ...codeSet, source: { kind: 'file', path: '/m/model.json' } })).toMatch(/^\/m\/model.json · /);
  });
});

describe('server errors on needs', () => {
  it('go next to the need they name; key-field errors keep their fields', () => {
    const slots = [teacher, classes];
    expect(needOfPath(slots, 'objective.teacherRunId')).toBe(teacher);
    expect(needOfPath(slots, 'objective.teacherLayer')).toBeNull();
    const e = runErrors(new Error('Invalid run config: objective.teacherRunId: Number must be greater than 0; training.epochs: too small; objective.alpha: bad'), slots);
    expect(e.fields).toEqual({ 'objective.teacherRunId': 'Number must be greater than 0', epochs: 'too small' });
    expect(e.other).toEqual(['objective.alpha: bad']);
    // a model family's errors are inside model.config
    expect(runErrors(new Error('Invalid config for model family seq-average: codeSize: Expected integer'), [codeSize]).fields).toEqual({ 'model.config.codeSize': 'Expected integer' });
  });
});
