/**
 * A recipe's needs (values only the user has: a finished run, a weights file, a code set, class
 * lists, counts) as the New run dialog's fields: each reads and writes its path inside the run
 * config, so the Advanced (JSON) editor and the core see the same values the pickers show.
 */
import type { CodeSetInfo, RecipeInfo, RecipeSlotInfo, RunState, RunSummary } from '../../../src-main/ipc/contract';

type Obj = Record<string | number, unknown>;
const isContainer = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** States whose best checkpoint a recipe can take weights or features from. */
const FINISHED: readonly RunState[] = ['done', 'imported'];

/** Value at a dotted path ("init.0.from.runId"), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let o: unknown = root;
  for (const k of path.split('.')) {
    if (!isContainer(o)) return undefined;
    o = o[k];
  }
  return o;
}

/**
 * Writes `value` at a dotted path in place, creating missing objects (or arrays before a numeric
 * key), so a need can be filled even after the JSON editor removed its branch.
 */
export function setValueAt(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o: Obj = root;
  keys.slice(0, -1).forEach((k, i) => {
    if (!isContainer(o[k])) o[k] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
    o = o[k] as Obj;
  });
  o[keys[keys.length - 1]!] = value;
}

/** A label inside a sentence: "Teacher run" -> "teacher run", but names keep their case ("ImageNet", "RGB"). */
function inSentence(label: string): string {
  const first = label.split(' ')[0] ?? '';
  return /[A-Z]/.test(first.slice(1)) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** Why a need's current value cannot start the run (what to do), or null when it can. */
export function needProblem(slot: RecipeSlotInfo, value: unknown): string | null {
  const what = inSentence(slot.label);
  switch (slot.kind) {
    case 'run':
      return Number.isInteger(value) && (value as number) > 0 ? null : `pick the ${what}`;
    case 'file':
    case 'codes':
      return typeof value === 'string' && value.trim() !== '' ? null : `${slot.kind === 'file' ? 'enter the path of the' : 'pick the'} ${what}`;
    case 'classes':
      return Array.isArray(value) && value.length >= 2 ? null : `pick at least 2 ${what}`;
    case 'count': {
      const min = slot.optional ? 0 : 1;
      return typeof value === 'number' && Number.isInteger(value) && value >= min ? null : `enter the ${what} (a whole number${min ? ' above 0' : ''})`;
    }
  }
}

/** The first unfilled need as a sentence for the disabled Start button, or null when all are filled. */
export function needsReason(slots: readonly RecipeSlotInfo[], config: unknown): string | null {
  const missing = slots.map((s) => needProblem(s, valueAt(config, s.path))).filter((p): p is string => p != null);
  if (!missing.length) return null;
  const first = missing[0]!;
  const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
  return `To start, ${first}${more}.`;
}

/**
 * Runs that fit a run need: finished (or imported) ones with a model of the need's family,
 * newest first. Late-fusion runs have no layers to take, so they never fit.
 */
export function fittingRuns(runs: readonly RunSummary[], slot: RecipeSlotInfo): RunSummary[] {
  return runs
    .filter((r) => FINISHED.includes(r.state) && r.family !== 'late-fusion' && (!slot.family || r.family === slot.family))
    .sort((a, b) => b.id - a.id);
}

/** A run as a picker option: "tiny cnn · small-cnn · val acc 81.2%". */
export function runChoiceText(r: RunSummary): string {
  const metric = r.bestMetric == null ? 'no best metric'
    : r.bestMetricName === 'val_acc' ? `val acc ${(r.bestMetric * 100).toFixed(1)}%` : `val loss ${r.bestMetric.toFixed(3)}`;
  return `${r.name} · ${r.family} · ${metric}`;
}

/** A code set as a picker option: "backbone · features · [10, 64] · 96 clips". */
export function codeSetChoiceText(s: CodeSetInfo): string {
  const source = s.source.kind === 'run' ? s.source.runName ?? `deleted run ${s.source.runId ?? ''}`.trim() : s.source.path ?? 'model folder';
  return `${source} · ${s.layer} · [${s.shape.join(', ')}] · ${s.clips} clips`;
}

/**
 * The values choosing a code set implies beside its key: the code size need and, where the model
 * has one, its sequence length, both read from the set's [T, D] shape (a mismatch fails training).
 */
export function codeSetValues(slots: readonly RecipeSlotInfo[], config: unknown, set: CodeSetInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const codes = slots.find((s) => s.kind === 'codes');
  if (codes) out[codes.path] = set.key;
  const [steps, size] = set.shape;
  const codeSize = slots.find((s) => s.kind === 'count' && s.path.endsWith('.codeSize'));
  if (codeSize && size != null) out[codeSize.path] = size;
  if (steps != null && typeof valueAt(config, 'model.config.steps') === 'number') out['model.config.steps'] = steps;
  return out;
}

/** What "Use in new run" on a code set opens: the first recipe that trains on codes, with the set chosen. */
export interface NewRunPreset {
  recipeId: string;
  /** Values by dotted config path. */
  values: Record<string, unknown>;
}

/** The New run preset for a code set, or null when no recipe trains on codes. */
export function codeSetPreset(recipes: readonly RecipeInfo[], set: CodeSetInfo): NewRunPreset | null {
  const recipe = recipes.find((r) => r.slots.some((s) => s.kind === 'codes'));
  return recipe ? { recipeId: recipe.id, values: codeSetValues(recipe.slots, recipe.template, set) } : null;
}

/** Which need a config path's error belongs to: the need at that path or above it. */
export function needOfPath(slots: readonly RecipeSlotInfo[], path: string): RecipeSlotInfo | null {
  return slots.find((s) => path === s.path || path.startsWith(`${s.path}.`)) ?? null;
}
