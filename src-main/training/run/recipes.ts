/**
 * Built-in recipes: run-config templates reproducing the settings of the five published systems
 * (S000-S004 in DESIGN.md), so a researcher picks a split set and starts a paper's experiment.
 * A template lacks `data.splitSetId`; where it needs something only the user has (a finished
 * teacher or stream run, a weights file, a code set, class lists), the field holds a placeholder
 * (0, '' or []) and `needs` names the field and what to put there (always the class count,
 * `model.config.classes`, which the model must match). `fillRecipe` fills both.
 * `modelFamilyInfos` lists the families beside them: together, the catalogue of what can be trained.
 */
import type { ModelFamilyInfo, RecipeInfo, RecipeSlotInfo } from '../../ipc/contract.js';
import { listModelFamilies, type ModelFamily } from '../models/families/index.js';
import { parseRunConfig, type RunConfig, type RunConfigInput } from './config.js';

type Template = Omit<RunConfigInput, 'data'> & { data?: Partial<RunConfigInput['data']> };

/** A value the user supplies, at `path` in the template. */
interface Slot {
  path: (string | number)[];
  /** A run id, a file path, a code-set key, a list of class ids, or a number (class count, code size). */
  kind: RecipeSlotInfo['kind'];
  label: string;
  describe: string;
  /** The placeholder already works: the core fills it (the class count from the data). */
  optional?: boolean;
  /** A run need's model family: weights are copied by layer name, so another family's run cannot fit. */
  family?: string;
}

interface Recipe {
  id: string;
  system: string;
  title: string;
  description: string;
  template: Template;
  slots: Slot[];
}

const farneback = { method: 'farneback' } as const; // S001's parameters are the defaults
const tvl1 = { method: 'tvl1' } as const;
const adamaxS000 = { type: 'adamax', lr: 1e-3, weightDecay: 1e-3 } as const;
const sgdS003 = { type: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 5e-4 } as const;
const halveEvery4 = { kind: 'step', everyEpochs: 4, factor: 0.5 } as const;
const crops = { randomCrop: { scale: [0.8, 1] as [number, number] }, flip: true };

const runSlot = (path: Slot['path'], label: string, family: string, describe: string): Slot => ({ path, kind: 'run', label, family, describe });
/** Every classifier's output size: the model must score exactly the run's classes. */
const classesSlot = (path: Slot['path'] = ['model', 'config', 'classes']): Slot => ({ path, kind: 'count', label: 'Classes', optional: true,
  describe: 'the number of classes the run trains on; 0 = the classes with train clips in the split set (or data.classIds)' });
const pretrained = (backbone: string, index = 0): Slot => ({ path: ['init', index, 'from', 'path'], kind: 'file', label: 'ImageNet weights',
  describe: `ImageNet weights for ${backbone} as a TF.js model.json or Keras .h5 file (none ship with the app)` });

/** S000: one recipe per backbone x frozen/fine-tuned on DVS 3-frame stacks. */
const S000_BACKBONES: [id: string, title: string, size: number][] = [
  ['resnet18', 'ResNet-18', 224], ['resnet50', 'ResNet-50', 224], ['vgg19', 'VGG-19', 224],
  ['densenet121', 'DenseNet-121', 224], ['inceptionv3', 'Inception v3', 299],
];

function s000(): Recipe[] {
  return S000_BACKBONES.flatMap(([family, title, size]) => (['frozen', 'unfrozen'] as const).map((mode): Recipe => ({
    id: `S000-${family}-${mode}`,
    system: 'S000',
    title: `DVS stacks, ${title} ${mode === 'frozen' ? 'frozen (head only)' : 'fine-tuned'}`,
    description: `Liu & Wen: binary event frames, 3 consecutive stacked as one 3-channel ${size}px image, into ${title} with a new head; `
      + `${mode === 'frozen' ? 'only the head trains' : 'every layer trains'}. Adamax lr 1e-3, weight decay 1e-3, batch 32, 3 epochs.`,
    template: {
      name: `S000 ${title} ${mode}`, recipe: `S000-${family}-${mode}`,
      inputs: [{ kind: 'dvs-stack3', size, windowMs: 50, stacks: 8 }],
      model: { family, config: { inputSize: size, channels: 3, classes: 0, freeze: { mode: mode === 'frozen' ? 'head-only' : 'none' } } },
      training: { epochs: 3, batchSize: 32, optimizer: adamaxS000 },
      init: [{ from: { kind: 'file', path: '' } }],
    },
    slots: [classesSlot(), pretrained(title)],
  })));
}

const middle224 = { kind: 'rgb-frame', size: 224, frames: 1, strategy: 'middle' } as const;
const flows16 = { kind: 'flow-volume', size: 224, frames: 16, flow: farneback } as const;
const smallCnn224 = { inputSize: 224, channels: 3, classes: 0 };
const cnn3d16 = { frames: 16, size: 224, channels: 2, classes: 0 };
const adamS001 = { epochs: 16, batchSize: 32, optimizer: { type: 'adam', lr: 1e-3 }, schedule: halveEvery4 } as const;

const S001: Recipe[] = [
  {
    id: 'S001-spatial', system: 'S001', title: 'Spatial CNN on still images (middle frame, 224)',
    description: 'INFOMCV two-stream, step 1: the custom CNN (conv/BN/max-pool + dense + dropout) trained on Stanford-40 images at 224px; Adam, lr halved every 4 epochs.',
    template: { name: 'S001 spatial (Stanford-40)', recipe: 'S001-spatial', inputs: [middle224], augment: crops,
      model: { family: 'small-cnn', config: smallCnn224 }, training: adamS001 },
    slots: [classesSlot()],
  },
  {
    id: 'S001-transfer', system: 'S001', title: 'Spatial transfer to TV-HI (frozen conv, new head)',
    description: 'INFOMCV step 2: the Stanford-40 CNN transferred to TV Human Interactions middle frames; its conv blocks copied and frozen, a new dense head trains.',
    template: { name: 'S001 spatial transfer (TV-HI)', recipe: 'S001-transfer', inputs: [middle224],
      model: { family: 'small-cnn', config: { ...smallCnn224, freeze: { mode: 'head-only' } } }, training: { ...adamS001, epochs: 12 },
      init: [{ from: { kind: 'run', runId: 0 }, sourcePrefix: 'block', targetPrefix: 'block' }] },
    slots: [classesSlot(), runSlot(['init', 0, 'from', 'runId'], 'Spatial run', 'small-cnn', 'the finished S001 spatial (Stanford-40) run to transfer from')],
  },
  {
    id: 'S001-flow-3dcnn', system: 'S001', title: '3D CNN on 16 Farneback flows (16x224x224x2)',
    description: 'INFOMCV temporal stream: 16 evenly spaced Farneback flow fields (pyr_scale 0.5, levels 3, winsize 5, iterations 3, poly_n 5, poly_sigma 1.2) as a volume into a 3-layer 3D CNN.',
    template: { name: 'S001 flow 3D CNN', recipe: 'S001-flow-3dcnn', inputs: [flows16],
      model: { family: 'cnn3d', config: cnn3d16 }, training: { ...adamS001, batchSize: 8 } },
    slots: [classesSlot()],
  },
  {
    id: 'S001-two-stream-mid', system: 'S001', title: 'Two-stream mid fusion (concatenated features, new head)',
    description: 'INFOMCV step 4: the transferred spatial CNN and the flow 3D CNN, frozen, their features concatenated into a new dense head.',
    template: { name: 'S001 two-stream', recipe: 'S001-two-stream-mid', inputs: [middle224, flows16],
      model: { family: 'two-stream-mid', config: { classes: 0, freezeStreams: true, streams: [
        // stream configs as the stream runs trained them, minus their heads (the streams end at their features)
        { family: 'small-cnn', config: { inputSize: 224, channels: 3 }, name: 'rgb' }, { family: 'cnn3d', config: { frames: 16, size: 224, channels: 2 }, name: 'flow' }] } },
      training: { ...adamS001, epochs: 8, batchSize: 8 },
      init: [{ from: { kind: 'run', runId: 0 }, targetPrefix: 'rgb_' }, { from: { kind: 'run', runId: 0 }, targetPrefix: 'flow_' }] },
    slots: [classesSlot(),
      runSlot(['init', 0, 'from', 'runId'], 'RGB stream run', 'small-cnn', 'the finished S001 spatial transfer run (RGB stream)'),
      runSlot(['init', 1, 'from', 'runId'], 'Flow stream run', 'cnn3d', 'the finished S001 flow 3D CNN run (flow stream)')],
  },
];

const SEQ_HEADS: [family: string, title: string][] = [
  ['seq-average', 'Average (mean code -> 2-layer MLP)'], ['seq-rnn', 'vanilla RNN'], ['seq-lstm', 'LSTM'], ['seq-birnn', 'bidirectional RNN'],
];

const S002: Recipe[] = SEQ_HEADS.map(([family, title]) => ({
  id: `S002-${family}`, system: 'S002', title: `Sequence head over CNN codes: ${title}`,
  description: `Giel & Diaz: 10 frames evenly over the first 2 s, per-frame codes from a pretrained CNN's penultimate layer `
    + `(a code-extraction job caches them), then ${title}${family === 'seq-average' ? '' : ' predicting per time step, softmax averaged'}.`,
  template: { name: `S002 ${title}`, recipe: `S002-${family}`, inputs: [{ kind: 'codes', codesKey: '' }],
    model: { family, config: { steps: 10, codeSize: 0, classes: 0 } },
    training: { epochs: 20, batchSize: 32, optimizer: { type: 'adam', lr: 1e-3 }, earlyStopping: { metric: 'val_loss', patience: 4 } } },
  slots: [classesSlot(),
    { path: ['inputs', 0, 'codesKey'], kind: 'codes', label: 'Code set', describe: 'a code set: extract penultimate-layer codes of 10 frames over the first 2 s '
      + '(rgb-frame, frames 10, strategy uniformFirstSeconds, seconds 2) from a trained or imported backbone' },
    { path: ['model', 'config', 'codeSize'], kind: 'count', label: 'Code size', describe: 'the code size D of that code set (filled in when you pick it)' }],
}));

const clip112 = { kind: 'rgb-clip', size: 112, frames: 16, strategy: 'uniform' } as const;
const flow112 = { kind: 'flow-volume', size: 112, frames: 16, flow: tvl1 } as const;
const r3d = (channels: number): Record<string, unknown> => ({ frames: 16, size: 112, channels, classes: 0 });
const s003Training = { epochs: 30, batchSize: 16, optimizer: sgdS003, schedule: { kind: 'cosine', minLr: 1e-4 } } as const;

const S003: Recipe[] = [
  {
    id: 'S003-flow-teacher', system: 'S003', title: 'Flow teacher: 3D ResNet-18 on TV-L1 flow (112 crops)',
    description: 'FTSnet step 1: the teacher, a 3D ResNet-18 on TV-L1 flow volumes with 112px crops, cross-entropy; SGD momentum 0.9, wd 5e-4, lr 0.1.',
    template: { name: 'S003 flow teacher', recipe: 'S003-flow-teacher', inputs: [flow112], augment: crops,
      model: { family: 'resnet3d18', config: r3d(2) }, training: s003Training },
    slots: [classesSlot()],
  },
  {
    id: 'S003-rgb', system: 'S003', title: 'RGB baseline: 3D ResNet-18 on RGB clips',
    description: 'FTSnet table, RGB row: the same network on RGB clips without distillation (fuse it with the flow teacher for the two-stream row).',
    template: { name: 'S003 RGB', recipe: 'S003-rgb', inputs: [clip112], augment: crops, model: { family: 'resnet3d18', config: r3d(3) }, training: s003Training },
    slots: [classesSlot()],
  },
  {
    id: 'S003-distilled', system: 'S003', title: 'Distilled RGB student (CE + alpha * MSE to the flow teacher)',
    description: 'FTSnet step 2: an RGB 3D ResNet-18 trained with cross-entropy plus alpha x MSE between its features and the frozen flow teacher\'s; inference needs no flow.',
    template: { name: 'S003 distilled student', recipe: 'S003-distilled', inputs: [clip112], augment: crops,
      model: { family: 'resnet3d18', config: r3d(3) }, training: s003Training,
      objective: { kind: 'distill', teacherRunId: 0, teacherLayer: 'features', studentLayer: 'features', alpha: 1 } },
    slots: [runSlot(['objective', 'teacherRunId'], 'Teacher run', 'resnet3d18', 'the finished S003 flow teacher run'), classesSlot()],
  },
];

const frame224 = { kind: 'rgb-frame', size: 224, frames: 10, strategy: 'uniform' } as const;
const resnet224 = { inputSize: 224, channels: 3, classes: 0 };
const s004Training = { epochs: 20, batchSize: 32, optimizer: { type: 'sgd', lr: 1e-2, momentum: 0.9, weightDecay: 5e-4 }, schedule: { kind: 'step', everyEpochs: 8, factor: 0.1 } } as const;

const S004: Recipe[] = [
  ...(['all', 'last'] as const).map((mode): Recipe => ({
    id: `S004-spatial-${mode}`, system: 'S004', title: `Spatial CNN, fine-tune ${mode === 'all' ? 'all layers' : 'the last layer only'}`,
    description: `Two-stream review: ImageNet ResNet-18 on single RGB frames (10 per clip; video prediction = mean of frame probabilities), ${mode === 'all' ? 'every layer fine-tuned' : 'only the last layer trained'}. Fuse with the temporal run (mean or SVM) from the runs list.`,
    template: { name: `S004 spatial (${mode})`, recipe: `S004-spatial-${mode}`, inputs: [frame224], augment: crops,
      model: { family: 'resnet18', config: { ...resnet224, freeze: { mode: mode === 'all' ? 'none' : 'head-only' } } }, training: s004Training,
      init: [{ from: { kind: 'file', path: '' } }] },
    slots: [classesSlot(), pretrained('ResNet-18')],
  })),
  {
    id: 'S004-temporal', system: 'S004', title: 'Temporal CNN on stacked flow (2L channels, L = 10)',
    description: 'Two-stream review: 10 consecutive TV-L1 flow fields stacked as 20 channels into a 2D CNN; 5 stacks per clip averaged. Fuse with the spatial run by the mean of softmax or a linear SVM (runs list > Fuse).',
    template: { name: 'S004 temporal (L=10)', recipe: 'S004-temporal',
      inputs: [{ kind: 'flow-stack', size: 224, length: 10, stacks: 5, flow: tvl1 }], augment: crops,
      model: { family: 'flow-cnn', config: { size: 224, length: 10, classes: 0 } }, training: s004Training },
    slots: [classesSlot()],
  },
  {
    id: 'S004-multitask', system: 'S004', title: 'Multi-task: one backbone, one softmax head per dataset',
    description: 'Two-stream review: two datasets trained jointly on stacked flow; each sample\'s loss is the head of the dataset its class belongs to.',
    template: { name: 'S004 multi-task', recipe: 'S004-multitask', inputs: [{ kind: 'flow-stack', size: 224, length: 10, stacks: 5, flow: tvl1 }], augment: crops,
      model: { family: 'multitask', config: { backbone: { family: 'flow-cnn', config: { size: 224, length: 10 } }, tasks: [] } }, training: s004Training,
      objective: { kind: 'multitask', tasks: [{ name: 'datasetA', classIds: [] }, { name: 'datasetB', classIds: [] }] } },
    slots: [
      { path: ['objective', 'tasks', 0, 'classIds'], kind: 'classes', label: 'First dataset\'s classes', describe: 'the class ids of the first dataset' },
      { path: ['objective', 'tasks', 1, 'classIds'], kind: 'classes', label: 'Second dataset\'s classes', describe: 'the class ids of the second dataset' },
    ],
  },
  {
    id: 'S004-siamese', system: 'S004', title: 'Siamese CNN on multi-view pairs (contrastive + softmax)',
    description: 'Shared-weight ResNet-18 on 1 frame in 10; similar pairs = the same moment from two linked views, dissimilar = other classes at 1:20; contrastive loss with margin 1 plus softmax.',
    template: { name: 'S004 Siamese', recipe: 'S004-siamese', inputs: [{ kind: 'rgb-frame', size: 224, frames: 16, strategy: 'uniform' }],
      model: { family: 'resnet18', config: resnet224 }, training: s004Training,
      objective: { kind: 'siamese', margin: 1, dissimilarPerSimilar: 20, embeddingLayer: 'avg_pool', softmaxWeight: 1 } },
    slots: [classesSlot()],
  },
];

const RECIPES: Recipe[] = [...s000(), ...S001, ...S002, ...S003, ...S004];

/** Every built-in recipe as the new-run dialog and `runs:recipes` list them. */
export function listRecipes(): RecipeInfo[] {
  return RECIPES.map((r) => ({
    id: r.id, system: r.system, title: r.title, description: r.description,
    template: structuredClone(r.template) as Record<string, unknown>,
    needs: r.slots.map((s) => `${s.path.join('.')}: ${s.describe}`),
    slots: r.slots.map((s) => ({ path: s.path.join('.'), kind: s.kind, label: s.label, describe: s.describe, optional: !!s.optional, ...(s.family ? { family: s.family } : {}) })),
  }));
}

/** The kinds of values a recipe needs, in the order of its `needs`. */
export function recipeSlots(id: string): { path: string; kind: Slot['kind'] }[] {
  return recipe(id).slots.map((s) => ({ path: s.path.join('.'), kind: s.kind }));
}

function recipe(id: string): Recipe {
  const r = RECIPES.find((x) => x.id === id);
  if (!r) throw new Error(`Unknown recipe "${id}". Known: ${RECIPES.map((x) => x.id).join(', ')}`);
  return r;
}

/**
 * A recipe's config with the split set and its needs filled (`values[i]` for `needs[i]`: a run id,
 * a file path, a code-set key or a class-id list), validated. Errors name the missing need.
 */
export function fillRecipe(id: string, splitSetId: number, values: unknown[] = []): RunConfig {
  const r = recipe(id);
  if (values.length < r.slots.length) {
    throw new Error(`Recipe ${id} needs ${r.slots[values.length]!.path.join('.')}: ${r.slots[values.length]!.describe}`);
  }
  const t = structuredClone(r.template) as Record<string, unknown>;
  t.data = { ...(t.data as object | undefined), splitSetId };
  r.slots.forEach((s, i) => setPath(t, s.path, values[i]));
  const config = parseRunConfig(t, `config of recipe ${id}`);
  if (config.objective.kind === 'multitask') { // one head per task, sized by its class list
    config.model.config.tasks = config.objective.tasks.map((task) => ({ name: task.name, classes: task.classIds.length }));
  }
  return config;
}

function setPath(obj: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let o = obj as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
}

/**
 * A family's config defaults: its schema's defaults. A family with required fields (the multitask
 * tasks) takes only those fields from its tiny test config, every other field keeps its real default.
 */
export function familyDefaults(f: ModelFamily<unknown>): Record<string, unknown> {
  const full = f.configSchema.safeParse({});
  if (full.success) return full.data as Record<string, unknown>;
  const tiny = f.tinyConfig;
  const required = [...new Set(full.error.issues.map((i) => String(i.path[0] ?? '')))].filter((k) => k in tiny);
  const partial = f.configSchema.safeParse(Object.fromEntries(required.map((k) => [k, tiny[k]])));
  if (partial.success) return partial.data as Record<string, unknown>;
  const whole = f.configSchema.safeParse(tiny);
  return (whole.success ? whole.data : tiny) as Record<string, unknown>;
}

/** Every registered model family with its inputs at the default config (`training:families`, `mwb models`). */
export function modelFamilyInfos(): ModelFamilyInfo[] {
  return listModelFamilies().map((f) => {
    const defaults = familyDefaults(f);
    let inputs: ModelFamilyInfo['inputs'];
    try {
      inputs = f.inputs(defaults).map((i) => ({ name: i.name, shape: i.shape, description: i.description }));
    } catch {
      inputs = []; // a family whose inputs depend on fields the defaults lack lists none
    }
    return { id: f.id, description: f.describe, inputs, defaults };
  });
}
