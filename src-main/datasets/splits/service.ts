/**
 * Split sets as the UI, the CLI and training use them: create by a strategy, duplicate, lock,
 * delete, move clips by hand, list with content hashes. Every write to a locked set is refused.
 */
import type { SplitCreateRequest, SplitSetInfo, SplitStrategyInfo, SplitSubset } from '../../ipc/contract.js';
import type { Workspace } from '../../workspace/workspace.js';
import { seededRandom } from '../stratify.js';
import { contentHashOf, storedContentHash } from './contentHash.js';
import {
  checkNewName, clipCount, deleteSetRow, getSet, getSetByName, insertSet, listSets, readAssignments, readClips,
  subsetCounts, writeAssignments, writeLocked, writeParams, type ClipRow, type SplitSetRow,
} from './store.js';
import './strategies/all.js';
import { getSplitStrategy, hasSplitStrategy, listSplitStrategies, parseSplitParams } from './strategies/registry.js';
import type { Assignment, Assignments, SplitClip, SplitContext } from './types.js';

/** A user-facing refusal (the bridge reports it as `bad_input`). */
function refuse(message: string): Error {
  return Object.assign(new Error(message), { code: 'bad_input' });
}

/** Clips a generated split decides: active labelled clips and negatives; the rest are stored as `unused`. */
export function isEligible(c: ClipRow): boolean {
  return c.status === 'negative' || (c.status === 'active' && c.classId != null);
}

/** The registered strategies for the New split dialog. */
export function splitStrategies(): SplitStrategyInfo[] {
  return listSplitStrategies().map((s) => ({ id: s.id, title: s.title, description: s.description, fields: [...s.fields], usesSeed: s.usesSeed }));
}

/** Keys of a set's params the service writes itself (not the strategy's). */
const SERVICE_KEYS = new Set(['overrides', 'duplicatedFrom']);

/** A set's params without the service's own keys, as its strategy validates them. */
export function strategyParamsOf(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => !SERVICE_KEYS.has(k)));
}

/** One line saying how a set was made; imported sets whose params no strategy knows are described from them. */
export function describeSet(row: SplitSetRow): string {
  if (hasSplitStrategy(row.strategy)) {
    const s = getSplitStrategy(row.strategy);
    const parsed = s.paramsSchema.safeParse(strategyParamsOf(row.params));
    if (parsed.success) return s.describe(parsed.data) + (s.usesSeed && row.seed != null ? `, seed ${row.seed}` : '');
  }
  const p = row.params;
  const dataset = typeof p.dataset === 'string' ? p.dataset : null;
  if (dataset) return `official ${dataset}${p.split != null ? ` split ${String(p.split)}` : ''} lists, as imported`;
  return `imported (${row.strategy})`;
}

/** Number of manual overrides recorded in a set's params. */
function overridesOf(params: Record<string, unknown>): Record<string, string> {
  const o = params.overrides;
  return o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, string>) : {};
}

/** Everything the Splits screen lists about one set (`hash` when the caller already has it). */
function infoOf(ws: Workspace, row: SplitSetRow, counts: Record<SplitSubset, number> | undefined, clips: number, hash?: string): SplitSetInfo {
  const subsets = counts ?? { train: 0, val: 0, test: 0, unused: 0 };
  const assigned = subsets.train + subsets.val + subsets.test + subsets.unused;
  const maxFold = (ws.db.prepare('SELECT max(fold) AS f FROM split_assignments WHERE split_set_id = ?').get(row.id) as { f: number | null }).f;
  return {
    id: row.id, name: row.name, strategy: row.strategy, locked: row.locked, subsets,
    params: row.params, seed: row.seed, createdAt: row.createdAt,
    contentHash: hash ?? storedContentHash(ws.db, row.id),
    folds: maxFold == null ? null : maxFold + 1,
    unassigned: Math.max(0, clips - assigned),
    overrides: Object.keys(overridesOf(row.params)).length,
    description: describeSet(row),
  };
}

/** Every split set of the workspace, by name. */
export function listSplitSets(ws: Workspace): SplitSetInfo[] {
  const counts = subsetCounts(ws.db);
  const clips = clipCount(ws.db);
  return listSets(ws.db).map((row) => infoOf(ws, row, counts.get(row.id), clips));
}

/** One set's info; throws `not_found`. */
export function splitSetInfo(ws: Workspace, id: number, hash?: string): SplitSetInfo {
  return infoOf(ws, getSet(ws.db, id), subsetCounts(ws.db, id).get(id), clipCount(ws.db), hash);
}

/** Resolves a set given by name (CLI) to its id. */
export function splitSetId(ws: Workspace, name: string): number {
  return getSetByName(ws.db, name).id;
}

function toSplitClip(c: ClipRow): SplitClip {
  return { id: c.id, classId: c.classId, group: c.group, mediaId: c.mediaId };
}

/**
 * Makes a split set: validates the strategy's params, runs it on the workspace's clips (ascending
 * id; eligible ones only unless it copies a list) with mulberry32 seeded by `seed`, stores clips it
 * left out as `unused`, and writes everything in one transaction.
 */
export function createSplitSet(ws: Workspace, req: SplitCreateRequest): SplitSetInfo {
  const strategy = getSplitStrategy(req.strategy);
  const params = parseSplitParams(req.strategy, req.params) as Record<string, unknown>;
  const name = req.name.trim();
  checkNewName(ws.db, name);
  const seed = strategy.usesSeed ? req.seed ?? 0 : null;
  const clips = readClips(ws.db);
  const input = strategy.coversAll ? clips.filter(isEligible) : clips;
  if (!clips.length) throw refuse('This workspace has no clips to split; import a dataset or create the demo first');
  if (strategy.coversAll && !input.length) {
    throw refuse(`None of the ${clips.length} clips has a class (or is a negative), so there is nothing to split; label clips first`);
  }
  const ctx: SplitContext = {
    sourceSet: (source) => {
      const row = getSetByName(ws.db, source);
      return { strategy: row.strategy, assignments: readAssignments(ws.db, row.id) };
    },
  };
  const assignments = strategy.assign(input.map(toSplitClip), params, seededRandom(seed ?? 0), ctx);
  if (strategy.coversAll) for (const c of clips) if (!assignments.has(c.id)) assignments.set(c.id, { subset: 'unused', fold: null });
  if (!assignments.size) throw refuse(`The ${strategy.title} split assigned no clips; check that its source has clips of this workspace`);
  const id = insertSet(ws.db, { name, strategy: strategy.id, params, seed }, assignments);
  return splitSetInfo(ws, id, contentHashOf(assignments));
}

/** Copies a set (assignments, strategy, params, seed) under a new name, unlocked, noting where it came from. */
export function duplicateSplitSet(ws: Workspace, id: number, newName: string): SplitSetInfo {
  const row = getSet(ws.db, id);
  const name = newName.trim();
  checkNewName(ws.db, name);
  const assignments = readAssignments(ws.db, id);
  const params = { ...row.params, duplicatedFrom: { id: row.id, name: row.name, contentHash: contentHashOf(assignments) } };
  const newId = insertSet(ws.db, { name, strategy: row.strategy, params, seed: row.seed }, assignments);
  return splitSetInfo(ws, newId, params.duplicatedFrom.contentHash);
}

/** Locks a set (nothing can change it; training runs reference it by id and content hash) or unlocks it. */
export function lockSplitSet(ws: Workspace, id: number, locked: boolean): SplitSetInfo {
  getSet(ws.db, id);
  writeLocked(ws.db, id, locked);
  return splitSetInfo(ws, id);
}

function lockedMessage(row: SplitSetRow, action: string): string {
  return `Split set "${row.name}" is locked (training runs reference it by its content hash), so it cannot ${action}; `
    + 'duplicate it to edit a copy, or unlock it first';
}

/** Deletes an unlocked set and its assignments. */
export function deleteSplitSet(ws: Workspace, id: number): { id: number } {
  const row = getSet(ws.db, id);
  if (row.locked) throw refuse(lockedMessage(row, 'be deleted'));
  deleteSetRow(ws.db, id);
  return { id };
}

/**
 * Manual override: moves clips to a subset of an unlocked set, recording each move in the set's
 * params (`overrides`: clip id -> `subset` or `train:fold`), so strategy + params + seed +
 * overrides still describe the set exactly. In a k-fold set a clip moved to `train` needs a fold.
 */
export function assignClips(ws: Workspace, id: number, clipIds: readonly number[], subset: SplitSubset, fold: number | null = null): SplitSetInfo {
  const row = getSet(ws.db, id);
  if (row.locked) throw refuse(lockedMessage(row, 'be changed'));
  const folds = splitSetInfo(ws, id).folds;
  let a: Assignment = { subset, fold: null };
  if (folds != null && subset === 'train') {
    if (fold == null || fold < 0 || fold >= folds) throw refuse(`Split set "${row.name}" has ${folds} folds: choose a fold from 1 to ${folds} for train`);
    a = { subset, fold };
  } else if (fold != null) {
    throw refuse(folds == null ? `Split set "${row.name}" has no folds` : 'Only train clips of a k-fold set have a fold');
  }
  const known = new Set(readClips(ws.db).map((c) => c.id));
  const missing = clipIds.filter((c) => !known.has(c));
  if (missing.length) throw Object.assign(new Error(`No clip ${missing.slice(0, 5).join(', ')} in this workspace`), { code: 'not_found' });
  const overrides = { ...overridesOf(row.params) };
  const tag = a.fold == null ? a.subset : `${a.subset}:${a.fold}`;
  for (const c of clipIds) overrides[String(c)] = tag;
  ws.db.transaction(() => {
    const entries: [number, Assignment][] = clipIds.map((c) => [c, a]);
    writeAssignments(ws.db, id, entries);
    writeParams(ws.db, id, { ...row.params, overrides });
  })();
  return splitSetInfo(ws, id);
}

/** Every assignment of a set (training and exporters read it through this). */
export function splitAssignments(ws: Workspace, id: number): Assignments {
  getSet(ws.db, id);
  return readAssignments(ws.db, id);
}
