import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHashOf } from '../../../../src-main/datasets/splits/contentHash.js';
import { latestLeakReport } from '../../../../src-main/datasets/splits/leakage/checkJob.js';
import {
  assignClips, createSplitSet, deleteSplitSet, duplicateSplitSet, listSplitSets, lockSplitSet, splitAssignments, splitStrategies,
} from '../../../../src-main/datasets/splits/service.js';
import { splitStats } from '../../../../src-main/datasets/splits/stats.js';
import { dispatch } from '../../../../src-main/ipc/handlers/index.js';
import { createWorkbench } from '../../../../src-main/core.js';
import { Workspace } from '../../../../src-main/workspace/workspace.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';

let ws: Workspace;

/**
 * 3 classes x 20 clips in groups of 4 (g0..g14), clip 1-2 and 3-4 of each group cut from one
 * video; plus 4 negatives, 3 unlabelled and 2 excluded clips (no media on disk: splitting needs none).
 */
function populate(w: Workspace): { ids: number[]; unlabelled: number[]; excluded: number[] } {
  const classes = ['jump', 'run', 'wave'].map((n) => w.classes.ensure(n));
  const ids: number[] = [];
  for (let i = 0; i < 60; i++) {
    const media = w.media.upsert(`/data/v${Math.floor(i / 2)}.mp4`);
    ids.push(w.clips.upsert({ mediaId: media, name: `c${i}`, classId: classes[i % 3]!, start: (i % 2) * 2, end: (i % 2) * 2 + 2, group: `g${Math.floor(i / 4)}` }));
  }
  for (let i = 0; i < 4; i++) ids.push(w.clips.upsert({ mediaId: w.media.upsert(`/data/neg${i}.mp4`), name: `neg${i}`, status: 'negative' }));
  const unlabelled = [0, 1, 2].map((i) => w.clips.upsert({ mediaId: w.media.upsert(`/data/u${i}.mp4`), name: `u${i}` }));
  const excluded = [0, 1].map((i) => w.clips.upsert({ mediaId: w.media.upsert(`/data/x${i}.mp4`), name: `x${i}`, classId: classes[0]!, status: 'excluded' }));
  return { ids, unlabelled, excluded };
}

beforeEach(() => {
  ws = Workspace.open(join(tempDir('mwb-splits-'), 'ws'));
});
afterEach(() => {
  ws.close();
  removeTempDirs();
});

describe('split sets service', () => {
  it('creates stratified sets: eligible clips split, the rest unused, same seed = same content hash', () => {
    const { unlabelled, excluded } = populate(ws);
    const a = createSplitSet(ws, { name: 'strat', strategy: 'stratified', params: { ratios: [0.6, 0.2, 0.2] }, seed: 7 });
    expect(a).toMatchObject({ name: 'strat', strategy: 'stratified', locked: false, seed: 7, folds: null, unassigned: 0, overrides: 0,
      params: { ratios: [0.6, 0.2, 0.2] }, description: 'stratified by class, 0.60/0.20/0.20, seed 7' });
    // 64 eligible (60 labelled + 4 negatives): 20 per class -> 12/4/4, negatives 4 -> 2.4/0.8/0.8.
    expect(a.subsets.train + a.subsets.val + a.subsets.test).toBe(64);
    expect(a.subsets.unused).toBe(5);
    const assignments = splitAssignments(ws, a.id);
    for (const id of [...unlabelled, ...excluded]) expect(assignments.get(id)).toEqual({ subset: 'unused', fold: null });
    expect(a.contentHash).toBe(contentHashOf(assignments));
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const b = createSplitSet(ws, { name: 'strat again', strategy: 'stratified', params: { ratios: [60, 20, 20] }, seed: 7 });
    expect(b.contentHash).toBe(a.contentHash);
    const c = createSplitSet(ws, { name: 'other seed', strategy: 'stratified', params: { ratios: [0.6, 0.2, 0.2] }, seed: 8 });
    expect(c.contentHash).not.toBe(a.contentHash);
    expect(listSplitSets(ws).map((s) => s.name)).toEqual(['other seed', 'strat', 'strat again']);
  });

  it('group and k-fold sets keep groups and source videos on one side; stats show achieved vs target', () => {
    populate(ws);
    const g = createSplitSet(ws, { name: 'grp', strategy: 'group', params: { ratios: [0.6, 0.2, 0.2] }, seed: 1 });
    const stats = splitStats(ws, g.id);
    expect(stats.parts.map((p) => [p.key, p.target])).toEqual([['train', 0.6], ['val', 0.2], ['test', 0.2], ['unused', 0]]);
    expect(stats.groups).toEqual({ total: 15, straddling: 0 });
    expect(stats.sources.straddling).toBe(0);
    expect(stats.achieved.slice(0, 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(stats.achieved[3]).toBe(0);
    expect(stats.maxClassDeviation).not.toBeNull();
    expect(stats.classes.map((c) => c.name)).toEqual(['jump', 'run', 'wave', '(negative)', '(unlabelled)']);
    expect(stats.classes.find((c) => c.name === 'jump')!.total).toBe(22); // 20 + 2 excluded (unused)

    const k = createSplitSet(ws, { name: 'k5', strategy: 'kfold', params: { folds: 5, testRatio: 0.2 }, seed: 3 });
    expect(k.folds).toBe(5);
    const ks = splitStats(ws, k.id);
    expect(ks.parts.map((p) => p.label)).toEqual(['Fold 1', 'Fold 2', 'Fold 3', 'Fold 4', 'Fold 5', 'Test', 'Unused']);
    expect(ks.groups.straddling).toBe(0);
    expect(ks.warnings.some((w) => w.message === 'run has only 2 clips in fold 3 (fewer than 5)' || /in fold \d/.test(w.message))).toBe(true);
  });

  it('warns about classes with too few clips in a subset, errors for none', () => {
    const cls = ws.classes.ensure('rare');
    const common = ws.classes.ensure('common');
    for (let i = 0; i < 3; i++) ws.clips.upsert({ mediaId: ws.media.upsert(`/r${i}.mp4`), name: `r${i}`, classId: cls });
    for (let i = 0; i < 40; i++) ws.clips.upsert({ mediaId: ws.media.upsert(`/c${i}.mp4`), name: `c${i}`, classId: common });
    const s = createSplitSet(ws, { name: 's', strategy: 'stratified', params: {}, seed: 0 });
    const stats = splitStats(ws, s.id, 3);
    expect(stats.warnings.filter((w) => w.className === 'common')).toEqual([]);
    const rare = stats.warnings.filter((w) => w.className === 'rare');
    // 3 clips at 0.70/0.15/0.15 = 2.1/0.45/0.45: 2 in train, 1 in val or test, none in the other.
    expect(rare.map((w) => w.level)).toEqual(['error', 'warning', 'warning']);
    expect(rare.map((w) => w.message)).toContain('rare has only 2 clips in train (fewer than 3)');
    expect(rare[0]!.message).toMatch(/^rare has no clips in (val|test)$/);
  });

  it('duplicate copies assignments; a locked set refuses moves and deletion; manual overrides are recorded', () => {
    const { ids } = populate(ws);
    const s = createSplitSet(ws, { name: 'base', strategy: 'stratified', params: {}, seed: 2 });
    const locked = lockSplitSet(ws, s.id, true);
    expect(locked.locked).toBe(true);
    expect(() => assignClips(ws, s.id, [ids[0]!], 'test')).toThrow(/"base" is locked .*duplicate it to edit a copy/);
    expect(() => deleteSplitSet(ws, s.id)).toThrow(/locked/);
    const copy = duplicateSplitSet(ws, s.id, '  base copy ');
    expect(copy).toMatchObject({ name: 'base copy', locked: false, contentHash: s.contentHash, seed: 2,
      params: { duplicatedFrom: { id: s.id, name: 'base', contentHash: s.contentHash } } });
    const moved = assignClips(ws, copy.id, [ids[0]!, ids[1]!], 'test');
    expect(moved.overrides).toBe(2);
    expect(moved.description).toBe('stratified by class, 0.70/0.15/0.15, seed 2'); // overrides do not hide how it was made
    expect(splitStats(ws, copy.id).parts.map((p) => p.target)).toEqual([0.7, 0.15, 0.15, 0]); // + unused
    expect(moved.params.overrides).toEqual({ [ids[0]!]: 'test', [ids[1]!]: 'test' });
    expect(splitAssignments(ws, copy.id).get(ids[0]!)).toEqual({ subset: 'test', fold: null });
    expect(moved.contentHash === s.contentHash).toBe(splitAssignments(ws, s.id).get(ids[0]!)!.subset === 'test' && splitAssignments(ws, s.id).get(ids[1]!)!.subset === 'test');
    expect(() => duplicateSplitSet(ws, s.id, 'base copy')).toThrow('A split set named "base copy" already exists; choose another name');
    expect(lockSplitSet(ws, s.id, false).locked).toBe(false);
    expect(deleteSplitSet(ws, s.id)).toEqual({ id: s.id });
    expect(listSplitSets(ws).map((x) => x.name)).toEqual(['base copy']);
  });

  it('k-fold overrides need a fold for train; unknown clips and sets are not_found', () => {
    const { ids } = populate(ws);
    const k = createSplitSet(ws, { name: 'k', strategy: 'kfold', params: { folds: 3 }, seed: 0 });
    expect(() => assignClips(ws, k.id, [ids[0]!], 'train')).toThrow('Split set "k" has 3 folds: choose a fold from 1 to 3 for train');
    expect(assignClips(ws, k.id, [ids[0]!], 'train', 2).params.overrides).toEqual({ [ids[0]!]: 'train:2' });
    expect(() => assignClips(ws, k.id, [ids[0]!], 'val', 1)).toThrow('Only train clips of a k-fold set have a fold');
    expect(() => assignClips(ws, k.id, [99_999], 'val')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => splitStats(ws, 12345)).toThrow(expect.objectContaining({ code: 'not_found', message: 'There is no split set with id 12345 in this workspace' }));
  });

  it('official copies an imported set exactly (same content hash); errors name what to do', () => {
    const { ids } = populate(ws);
    const imported = ws.splitSets.ensure({ name: 'ucf101-split1', strategy: 'official', params: { dataset: 'UCF101', split: 1 } });
    ids.slice(0, 10).forEach((id, i) => ws.splitSets.assign(imported.id, id, i < 7 ? 'train' : 'test'));
    const list = listSplitSets(ws);
    expect(list[0]).toMatchObject({ name: 'ucf101-split1', description: 'official UCF101 split 1 lists, as imported', unassigned: 59 });
    const copy = createSplitSet(ws, { name: 'mine', strategy: 'official', params: { source: 'ucf101-split1' }, seed: 5 });
    expect(copy).toMatchObject({ seed: null, contentHash: list[0]!.contentHash, subsets: { train: 7, val: 0, test: 3, unused: 0 } });
    expect(copy.description).toBe('official split copied from ucf101-split1');
    expect(() => createSplitSet(ws, { name: 'x', strategy: 'official', params: { source: 'nope' } }))
      .toThrow('There is no split set named "nope" in this workspace; there are: mine, ucf101-split1');
    expect(() => createSplitSet(ws, { name: 'mine', strategy: 'group', params: {} })).toThrow(/already exists/);
    expect(() => createSplitSet(ws, { name: 'y', strategy: 'random', params: {} })).toThrow(/Unknown split strategy "random"/);
    expect(splitStrategies().map((s) => [s.id, s.fields])).toEqual([
      ['stratified', ['ratios']], ['group', ['ratios']], ['kfold', ['folds', 'testRatio']], ['official', ['source']]]);
  });

  it('refuses to split a workspace without clips or without labels', () => {
    expect(() => createSplitSet(ws, { name: 'a', strategy: 'stratified', params: {} })).toThrow(/no clips to split/);
    ws.clips.upsert({ mediaId: ws.media.upsert('/a.mp4'), name: 'a' });
    expect(() => createSplitSet(ws, { name: 'a', strategy: 'stratified', params: {} })).toThrow('None of the 1 clips has a class (or is a negative), so there is nothing to split; label clips first');
  });
});

describe('splits channels', () => {
  it('serve the whole flow through dispatch: create, stats, assign, lock, check job, findings', async () => {
    const appData = tempDir('mwb-app-');
    const workbench = createWorkbench(appData);
    try {
      await workbench.open(join(tempDir('mwb-ws-'), 'ws'));
      const { ids } = populate(workbench.workspace);
      const ctx = { workbench, host: { mode: 'browser' as const, modeReason: null } };
      const call = async <T>(channel: Parameters<typeof dispatch>[0], args: unknown): Promise<T> => {
        const r = await dispatch(channel, args, ctx);
        if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
        return r.result as T;
      };
      expect(await dispatch('splits:create', { name: '', strategy: 'group', params: {} }, ctx)).toMatchObject({ ok: false, error: { code: 'validation' } });
      expect(await dispatch('splits:create', { name: 'g', strategy: 'group', params: { ratios: [0, 1, 1] } }, ctx))
        .toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringContaining('train share must be above 0') } });
      const set = await call<{ id: number; contentHash: string }>('splits:create', { name: 'g', strategy: 'group', params: {}, seed: 4 });
      expect((await call<{ parts: unknown[] }>('splits:stats', { id: set.id })).parts.length).toBe(4);
      expect(await call<null>('splits:findings', { id: set.id })).toBeNull();
      const { jobId } = await call<{ jobId: number }>('splits:check', { id: set.id, nearDuplicates: false });
      expect((await workbench.jobs.wait(jobId)).state).toBe('done');
      const report = await call<{ findings: unknown[]; contentHash: string; nearDuplicates: { checked: boolean } }>('splits:findings', { id: set.id });
      expect(report).toMatchObject({ findings: [], contentHash: set.contentHash, nearDuplicates: { checked: false } });
      expect(workbench.jobs.info(jobId).title).toBe('Leakage check of split set "g"');
      await call('splits:lock', { id: set.id, locked: true });
      expect(await dispatch('splits:assign', { id: set.id, clipIds: [ids[0]], subset: 'val' }, ctx)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
      expect(await dispatch('splits:delete', { id: 999 }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(latestLeakReport(workbench.workspace, set.id)?.splitSetId).toBe(set.id);
    } finally {
      await workbench.dispose();
    }
  });
});
