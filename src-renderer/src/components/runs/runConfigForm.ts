/**
 * The New run dialog's model: the run config (RunConfigInput of training/run/config.ts, kept here
 * as plain JSON because the renderer imports only the contract) is the single source of truth;
 * the form's key fields read and write paths inside it, and the Advanced editor shows all of it.
 */
import type { ModelFamilyInfo, RecipeInfo, RecipeSlotInfo } from '../../../../src-main/ipc/contract';
import { errorMessage } from '../../lib/format';
import { needOfPath } from '../../lib/recipeNeeds';

/** A run config as JSON. */
export type Config = Record<string, unknown>;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The object at `path` inside `root`, created (as {}) where missing. */
function objAt(root: Obj, path: string[]): Obj {
  let o = root;
  for (const k of path) {
    if (!isObj(o[k])) o[k] = {};
    o = o[k] as Obj;
  }
  return o;
}

/** Value at a dotted path ("training.optimizer.lr"), or undefined. */
export function getPath(root: unknown, path: string): unknown {
  let o: unknown = root;
  for (const k of path.split('.')) {
    if (Array.isArray(o)) o = o[Number(k)];
    else if (isObj(o)) o = o[k];
    else return undefined;
  }
  return o;
}

/** The input kind a family's first input most likely is, from its shape (when no recipe says). */
export function guessInput(family: ModelFamilyInfo, size: number): Obj {
  const shape = family.inputs[0]?.shape ?? [size, size, 3];
  const last = shape[shape.length - 1] ?? 3;
  if (shape.length === 2) return { kind: 'codes', codesKey: '' };
  if (shape.length === 4) return last === 2 ? { kind: 'flow-volume', size, frames: shape[0] } : { kind: 'rgb-clip', size, frames: shape[0] };
  if (last !== 3 && last % 2 === 0) return { kind: 'flow-stack', size, length: last / 2 };
  return { kind: 'rgb-frame', size, frames: 1 };
}

/** A config from a built-in recipe's template, on the chosen split set. */
export function configFromRecipe(recipe: RecipeInfo, splitSetId: number | null, name: string): Config {
  const c = clone(recipe.template);
  c.name = name;
  c.recipe = recipe.id;
  objAt(c, ['data']).splitSetId = splitSetId;
  return c;
}

/** A config from a model family's defaults. */
export function configFromFamily(family: ModelFamilyInfo, splitSetId: number | null, name: string): Config {
  const modelConfig = clone(family.defaults);
  const size = typeof modelConfig.inputSize === 'number' ? modelConfig.inputSize : 112;
  return {
    name,
    recipe: null,
    data: { splitSetId },
    inputs: [guessInput(family, size)],
    model: { family: family.id, config: modelConfig },
    training: { epochs: 10, batchSize: 32, optimizer: { type: 'adam', lr: 0.001 } },
  };
}

/** Optimizer defaults (config.ts): Adam 1e-3, Adamax 2e-3, SGD 0.01. */
export const OPTIMIZERS = [
  { id: 'adam', label: 'Adam', lr: 1e-3 },
  { id: 'adamax', label: 'Adamax', lr: 2e-3 },
  { id: 'sgd', label: 'SGD (momentum)', lr: 0.01 },
] as const;

/** The key fields of the form, read from a config (with config.ts' defaults where absent). */
export interface KeyFields {
  epochs: number;
  batchSize: number;
  optimizer: string;
  lr: number;
  inputSize: number | null;
  freeze: string | null;
  freezeStages: number;
}

/** Reads the key fields; `familyDefaults` tells whether the model has a freeze mode when the config sets none. */
export function readFields(c: Config, familyDefaults?: Obj): KeyFields {
  const opt = getPath(c, 'training.optimizer');
  const type = isObj(opt) && typeof opt.type === 'string' ? opt.type : 'adam';
  const size = getPath(c, 'inputs.0.size') ?? getPath(c, 'model.config.inputSize');
  const freeze = getPath(c, 'model.config.freeze') ?? familyDefaults?.freeze;
  return {
    epochs: Number(getPath(c, 'training.epochs') ?? 10),
    batchSize: Number(getPath(c, 'training.batchSize') ?? 32),
    optimizer: type,
    lr: Number(isObj(opt) && opt.lr != null ? opt.lr : OPTIMIZERS.find((o) => o.id === type)?.lr ?? 1e-3),
    inputSize: typeof size === 'number' ? size : null,
    freeze: isObj(freeze) && typeof freeze.mode === 'string' ? freeze.mode : null,
    freezeStages: isObj(freeze) && typeof freeze.stages === 'number' ? freeze.stages : 1,
  };
}

/** Writes one key field into the config in place (numbers as typed; the core validates them). */
export function writeField(c: Config, field: keyof KeyFields, value: number | string): void {
  const training = objAt(c, ['training']);
  if (field === 'epochs' || field === 'batchSize') training[field] = value;
  else if (field === 'optimizer') {
    const def = OPTIMIZERS.find((o) => o.id === value);
    const old = isObj(training.optimizer) ? training.optimizer : {};
    training.optimizer = { type: value, lr: old.type === value ? old.lr : def?.lr ?? 1e-3, ...(value === 'sgd' ? { momentum: 0.9 } : {}) };
  } else if (field === 'lr') objAt(c, ['training', 'optimizer']).lr = value;
  else if (field === 'inputSize') {
    for (const input of Array.isArray(c.inputs) ? c.inputs : []) if (isObj(input) && 'size' in input) input.size = value;
    const mc = objAt(c, ['model', 'config']);
    if ('inputSize' in mc) mc.inputSize = value;
  } else if (field === 'freeze') {
    objAt(c, ['model', 'config']).freeze = value === 'first-stages' ? { mode: value, stages: readFields(c).freezeStages } : { mode: value };
  } else if (field === 'freezeStages') objAt(c, ['model', 'config']).freeze = { mode: 'first-stages', stages: value };
}

/** Sets the model's class count (where its config has one) to the classes the split set trains on. */
export function writeClasses(c: Config, classes: number): void {
  const mc = getPath(c, 'model.config');
  if (isObj(mc) && typeof mc.classes === 'number' && mc.classes !== classes) mc.classes = classes;
}

/** Which form field a config path's error belongs to (else it is listed under the form). */
export function fieldOfPath(path: string): keyof KeyFields | 'name' | 'split' | null {
  if (path === 'name') return 'name';
  if (path.startsWith('data.splitSetId')) return 'split';
  if (path === 'training.epochs' || path === 'training.batchSize') return path.slice(9) as 'epochs' | 'batchSize';
  if (path === 'training.optimizer.lr') return 'lr';
  if (path.startsWith('training.optimizer')) return 'optimizer';
  if (/^inputs\.\d+\.size$/.test(path) || /(^model\.config\.)?inputSize$/.test(path)) return 'inputSize';
  if (/(^model\.config\.)?freeze/.test(path)) return 'freeze';
  return null;
}

/** Splits the core's validation message ("Invalid run config: a.b: msg; c: msg") into per-path messages. */
export function parseIssues(message: string): { path: string; message: string }[] {
  const body = message.replace(/^[^:]*(run config|model family [\w-]+)[^:]*:\s*/i, '');
  if (body === message) return [];
  // A model family's errors name paths inside `model.config`.
  const prefix = /model family/i.test(message.slice(0, message.length - body.length)) ? 'model.config.' : '';
  return body.split(/;\s+/).map((part) => {
    const i = part.indexOf(': ');
    return i > 0 ? { path: prefix + part.slice(0, i).trim(), message: part.slice(i + 2).trim() } : { path: '', message: part.trim() };
  });
}

/** A failed Start as the dialog shows it: messages beside their fields, the rest in a list. */
export interface RunErrors { fields: Record<string, string>; other: string[] }

/**
 * Maps the core's error for a run config onto the form's fields (the first message per field wins);
 * an error inside a recipe need goes to that need's field, keyed by its path.
 */
export function runErrors(err: unknown, needs: readonly RecipeSlotInfo[] = []): RunErrors {
  const msg = errorMessage(err);
  const issues = parseIssues(msg);
  const out: RunErrors = { fields: {}, other: issues.length ? [] : [msg] };
  for (const i of issues) {
    const f = needOfPath(needs, i.path)?.path ?? fieldOfPath(i.path);
    if (f && !out.fields[f]) out.fields[f] = i.message;
    else out.other.push(i.path ? `${i.path}: ${i.message}` : i.message);
  }
  return out;
}

/** Key rows of a stored config for the run's Configuration tab. */
export function describeConfig(c: Config): [string, string][] {
  const f = readFields(c);
  const inputs = Array.isArray(c.inputs) ? c.inputs.filter(isObj) : [];
  const sched = getPath(c, 'training.schedule');
  const rows: [string, string][] = [
    ['Model family', String(getPath(c, 'model.family') ?? '—')],
    ['Inputs', inputs.map((i) => [i.kind, i.size && `${i.size} px`, i.frames && `${i.frames} frames`, i.length && `L=${i.length}`].filter(Boolean).join(' ')).join(' + ') || '—'],
    ['Split set', `#${String(getPath(c, 'data.splitSetId') ?? '—')}${getPath(c, 'data.fold') != null ? `, fold ${String(getPath(c, 'data.fold'))}` : ''}`],
    ['Epochs × batch', `${f.epochs} × ${f.batchSize}`],
    ['Optimizer', `${f.optimizer}, lr ${f.lr}${getPath(c, 'training.optimizer.weightDecay') ? `, weight decay ${String(getPath(c, 'training.optimizer.weightDecay'))}` : ''}`],
    ['Schedule', isObj(sched) ? Object.entries(sched).map(([k, v]) => (k === 'kind' ? String(v) : `${k} ${String(v)}`)).join(', ') : 'constant'],
    ['Seed', String(getPath(c, 'training.seed') ?? 1)],
    ['Objective', String(getPath(c, 'objective.kind') ?? 'classify')],
  ];
  if (f.freeze) rows.splice(2, 0, ['Frozen', f.freeze === 'first-stages' ? `first ${f.freezeStages} stages` : f.freeze]);
  const init = getPath(c, 'init');
  if (Array.isArray(init) && init.length) rows.push(['Initial weights', init.map((s) => JSON.stringify(getPath(s, 'from'))).join(', ')]);
  return rows;
}
