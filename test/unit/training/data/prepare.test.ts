import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../../src-main/ipc/contract.js';
import { readNpy, readNpyHeader } from '../../../../src-main/media/npy.js';
import { createSplitSet } from '../../../../src-main/datasets/splits/service.js';
import { FlowCache, flowCacheKey } from '../../../../src-main/motion/flow/flowCache.js';
import { evenlySpacedVolume, stackChannels } from '../../../../src-main/motion/flow/stacks.js';
import { inputSpecSchema, type InputSpecInput } from '../../../../src-main/training/data/inputSpec.js';
import { prepareData, sourceClips } from '../../../../src-main/training/data/prepare.js';
import { flowKeyParts, stackStarts } from '../../../../src-main/training/data/sources/flowSources.js';
import type { DataManifest } from '../../../../src-main/training/data/types.js';
import { parseRunConfig, type RunConfigInput } from '../../../../src-main/training/run/config.js';
import { VIDEO_FIXTURES } from '../../../helpers/fixtures.js';
import { closeWorkspaces, demoWorkspace, runJob, type TestWorkspace } from './demoWorkspace.js';

let t: TestWorkspace;
let strat: number;
let kfold: number;

beforeAll(async () => {
  t = await demoWorkspace({ clipsPerClass: 3, size: 32, seconds: 1 }); // 8 classes x 3 clips, 25 frames each
  strat = createSplitSet(t.ws, { name: 'strat', strategy: 'stratified', params: { ratios: [0.34, 0.33, 0.33] }, seed: 1 }).id;
  kfold = createSplitSet(t.ws, { name: 'k3', strategy: 'kfold', params: { folds: 3 }, seed: 1 }).id;
}, 120_000);

afterAll(closeWorkspaces);

function config(data: RunConfigInput['data'], ...inputs: InputSpecInput[]): ReturnType<typeof parseRunConfig> {
  return parseRunConfig({ name: 'test', data, inputs, model: { family: 'small-cnn' } });
}

async function prepare(data: RunConfigInput['data'], inputs: InputSpecInput[], progress?: (p: JobProgress) => void): Promise<DataManifest> {
  return prepareData(t.ws, config(data, ...inputs), { signal: new AbortController().signal, progress, threads: 2 });
}

/** clip id -> subset (and fold) of a set, from the database. */
function assignments(setId: number): Map<number, { subset: string; fold: number | null }> {
  const rows = t.ws.db.prepare('SELECT clip_id, subset, fold FROM split_assignments WHERE split_set_id = ?').all(setId) as
    { clip_id: number; subset: string; fold: number | null }[];
  return new Map(rows.map((r) => [r.clip_id, { subset: r.subset, fold: r.fold }]));
}

const FRAME = { kind: 'rgb-frame', size: 16, frames: 2 } as const;

describe('prepareData: clips, labels and subsets', () => {
  it('takes every active labelled clip of the split set, labels by class id, one file per input', async () => {
    const m = await prepare({ splitSetId: strat }, [FRAME]);
    const classes = t.ws.db.prepare('SELECT id, name FROM classes ORDER BY id').all() as { id: number; name: string }[];
    expect(m.labels).toEqual(classes.map((c) => ({ classId: c.id, name: c.name })));
    const a = assignments(strat);
    for (const s of ['train', 'val', 'test'] as const) {
      expect(m.subsets[s].map((r) => r.clipId).sort((x, y) => x - y)).toEqual([...a].filter(([, v]) => v.subset === s).map(([id]) => id).sort((x, y) => x - y));
    }
    expect(m.subsets.train.length).toBeGreaterThanOrEqual(8);
    expect(m.skipped).toEqual([]);
    expect(m.inputs).toEqual([{ spec: inputSpecSchema.parse(FRAME), shape: [16, 16, 3], dtype: 'uint8', flow: false, rgb: true }]);
    const ref = m.subsets.train[0]!;
    const clip = t.ws.clips.get(ref.clipId)!;
    expect(m.labels[ref.label]!.name).toBe(clip.label);
    expect(ref.video).toBe(`media:${clip.mediaId}`);
    expect(ref.views).toBe(2);
    expect(readNpyHeader(ref.files[0]!)).toMatchObject({ dtype: 'u1', shape: [2, 16, 16, 3] });
  });

  it('leaves out negatives, excluded and unlabelled clips, and follows classIds order', async () => {
    const [a, b, c] = [...assignments(strat)].filter(([, v]) => v.subset === 'train').map(([id]) => id);
    const classOfC = (t.ws.db.prepare('SELECT class_id FROM clips WHERE id = ?').get(c) as { class_id: number }).class_id;
    t.ws.db.prepare("UPDATE clips SET status = 'negative' WHERE id = ?").run(a);
    t.ws.db.prepare("UPDATE clips SET status = 'excluded' WHERE id = ?").run(b);
    t.ws.db.prepare('UPDATE clips SET class_id = NULL WHERE id = ?').run(c);
    try {
      const m = await prepare({ splitSetId: strat }, [FRAME]);
      const ids = [...m.subsets.train, ...m.subsets.val, ...m.subsets.test].map((r) => r.clipId);
      for (const id of [a, b, c]) expect(ids).not.toContain(id);
      const [x, y] = (t.ws.db.prepare('SELECT id FROM classes ORDER BY id DESC LIMIT 2').all() as { id: number }[]).map((r) => r.id);
      const two = await prepare({ splitSetId: strat, classIds: [x!, y!] }, [FRAME]);
      expect(two.labels.map((l) => l.classId)).toEqual([x, y]);
      const classOf = (id: number): number => (t.ws.db.prepare('SELECT class_id FROM clips WHERE id = ?').get(id) as { class_id: number }).class_id;
      for (const r of two.subsets.train) expect(classOf(r.clipId)).toBe([x, y][r.label]);
    } finally {
      t.ws.db.prepare("UPDATE clips SET status = 'active' WHERE id IN (?, ?)").run(a, b);
      t.ws.db.prepare('UPDATE clips SET class_id = ? WHERE id = ?').run(classOfC, c);
    }
  });

  it('k-fold: validates on the chosen fold and trains on the others; limits per subset', async () => {
    const m = await prepare({ splitSetId: kfold, fold: 1 }, [FRAME]);
    const a = assignments(kfold);
    const ids = (refs: { clipId: number }[]): number[] => refs.map((r) => r.clipId).sort((x, y) => x - y);
    expect(ids(m.subsets.val)).toEqual([...a].filter(([, v]) => v.fold === 1).map(([id]) => id).sort((x, y) => x - y));
    expect(ids(m.subsets.train)).toEqual([...a].filter(([, v]) => v.subset === 'train' && v.fold !== 1).map(([id]) => id).sort((x, y) => x - y));
    const capped = await prepare({ splitSetId: kfold, fold: 0, limitPerSubset: 5 }, [FRAME]);
    expect(capped.subsets.train).toHaveLength(5);
    expect(new Set(capped.subsets.train.map((r) => r.label)).size).toBe(5); // one per class first
    expect(await prepare({ splitSetId: kfold, fold: 0, limitPerSubset: 5 }, [FRAME])).toEqual(capped);
  });

  it('errors say what to do: unknown split set, fold on a plain set, empty train', async () => {
    await expect(prepare({ splitSetId: 999 }, [FRAME])).rejects.toThrow(/Split set 999 does not exist.*data\.splitSetId/);
    await expect(prepare({ splitSetId: strat, fold: 0 }, [FRAME])).rejects.toThrow(/not a k-fold set; clear data\.fold/);
    const empty = t.ws.splitSets.ensure({ name: 'empty', strategy: 'manual' }).id;
    t.ws.splitSets.assign(empty, 1, 'test');
    await expect(prepare({ splitSetId: empty }, [FRAME])).rejects.toThrow(/no active, labelled clips.* in train; assign clips to train/);
  });
});

describe('prepareData: input kinds', () => {
  it('rgb-clip holds the same frames as one view; a second prepare does no work', async () => {
    const data = { splitSetId: strat, limitPerSubset: 2 };
    const clip = { kind: 'rgb-clip', size: 16, frames: 2 } as const;
    const m = await prepare(data, [FRAME, clip]);
    expect(m.inputs.map((i) => i.shape)).toEqual([[16, 16, 3], [2, 16, 16, 3]]);
    const ref = m.subsets.val[0]!;
    expect(ref.views).toBe(1); // the clip input has one view: the clip's views are the fewest of its inputs
    const a = readNpy(ref.files[0]!), b = readNpy(ref.files[1]!);
    expect(b.shape).toEqual([1, 2, 16, 16, 3]);
    expect(b.data).toEqual(a.data);
    const mtimes = m.subsets.train.flatMap((r) => r.files).map((f) => statSync(f).mtimeMs);
    const messages: string[] = [];
    const again = await prepare(data, [FRAME, clip], (p) => messages.push(p.message));
    expect(again).toEqual(m);
    expect(messages.at(-1)).toBe(`0 made, ${2 * 6} already cached, 0 skipped`);
    expect(again.subsets.train.flatMap((r) => r.files).map((f) => statSync(f).mtimeMs)).toEqual(mtimes);
  });

  it('flow-stack equals stackChannels of the cached flow; flow-volume its evenly spaced volume', async () => {
    const stack = inputSpecSchema.parse({ kind: 'flow-stack', size: 16, length: 3, stacks: 2 });
    const volume = inputSpecSchema.parse({ kind: 'flow-volume', size: 16, frames: 4 });
    const m = await prepare({ splitSetId: strat, limitPerSubset: 1 }, [stack, volume]);
    expect(m.inputs.map((i) => [i.shape, i.dtype, i.flow])).toEqual([[[16, 16, 6], 'float32', true], [[4, 16, 16, 2], 'float32', true]]);
    expect(m.skipped).toEqual([]);
    const ref = m.subsets.train[0]!;
    expect(ref.views).toBe(1);
    const [clip] = sourceClips(t.ws, [ref.clipId]);
    const cached = new FlowCache(t.ws.cache('flow')).read(flowCacheKey(flowKeyParts(stack as never, clip!)))!;
    expect(cached.flow.count).toBe(24); // 25 frames -> 24 flows
    const stacks = readNpy(ref.files[0]!);
    expect(stacks.shape).toEqual([2, 16, 16, 6]);
    const starts = stackStarts(24, 3, 2);
    expect(starts).toEqual([0, 21]);
    const want = new Float32Array(2 * 16 * 16 * 6);
    starts.forEach((s, i) => want.set(stackChannels(cached.flow, s, 3), i * 16 * 16 * 6));
    expect(stacks.data).toEqual(want);
    expect(Math.max(...(stacks.data as Float32Array).map(Math.abs))).toBeGreaterThan(0.1); // real motion, not zeros
    const vol = readNpy(ref.files[1]!);
    expect(vol.shape).toEqual([1, 4, 16, 16, 2]);
    expect(vol.data).toEqual(evenlySpacedVolume(cached.flow, 4));
    // Distillation: teacher inputs come after the model's, for the same clips.
    const config = parseRunConfig({ name: 'distill', data: { splitSetId: strat, limitPerSubset: 1 }, inputs: [FRAME], model: { family: 'small-cnn' } });
    const d = await prepareData(t.ws, config, { signal: new AbortController().signal, teacherInputs: [volume], threads: 2 });
    expect(d.modelInputs).toBe(1);
    expect(d.inputs.map((i) => i.spec.kind)).toEqual(['rgb-frame', 'flow-volume']);
    expect(d.subsets.train[0]!.files).toEqual([expect.stringContaining('inputs'), ref.files[1]]);
  });

  it('stops when cancelled, leaving no half-written input file', async () => {
    const abort = new AbortController();
    const spec = inputSpecSchema.parse({ kind: 'flow-volume', size: 20, frames: 2 });
    const run = prepareData(t.ws, config({ splitSetId: strat, limitPerSubset: 2 }, spec), {
      signal: abort.signal, threads: 2, progress: (p) => { if (p.done >= 1) abort.abort(new Error('user cancelled')); },
    });
    await expect(run).rejects.toThrow(/user cancelled/);
    expect(readdirSync(t.ws.cache('inputs')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(readdirSync(t.ws.cache('flow')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('a damaged or missing media file lands in skipped with its name while the others prepare', async () => {
    const dir = join(t.root, 'bad');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(join(dir, 'garbage.mp4'), Buffer.alloc(4096, 7));
    copyFileSync(join(VIDEO_FIXTURES, 'pool_cleaning_1s.mp4'), join(dir, 'gone.mp4'));
    const classId = (t.ws.db.prepare('SELECT id FROM classes ORDER BY id LIMIT 1').get() as { id: number }).id;
    const ids = ['garbage', 'gone'].map((n) => {
      const mediaId = t.ws.media.upsert(join(dir, `${n}.mp4`));
      return { mediaId, clipId: t.ws.clips.upsert({ mediaId, name: `bad_${n}`, classId }) };
    });
    expect((await runJob(t, 'media.probe', { mediaIds: ids.map((i) => i.mediaId) })).state).toBe('done');
    expect(t.ws.media.get(ids[0]!.mediaId)!.status).toBe('error');
    expect(t.ws.media.get(ids[1]!.mediaId)!.status).toBe('ok');
    rmSync(join(dir, 'gone.mp4'));
    const set = t.ws.splitSets.ensure({ name: 'with-bad', strategy: 'manual' }).id;
    const good = [...assignments(strat)].filter(([, v]) => v.subset === 'train').slice(0, 3).map(([id]) => id);
    for (const id of [...good, ...ids.map((i) => i.clipId)]) t.ws.splitSets.assign(set, id, 'train');
    const m = await prepare({ splitSetId: set }, [{ kind: 'rgb-frame', size: 24, frames: 1 }]);
    expect(m.subsets.train.map((r) => r.clipId).sort()).toEqual([...good].sort());
    expect(m.skipped.map((s) => s.name).sort()).toEqual(['bad_garbage', 'bad_gone']);
    const garbage = m.skipped.find((s) => s.name === 'bad_garbage')!;
    expect(garbage.error).toMatch(/clip bad_garbage: .*garbage\.mp4 could not be read/);
    expect(m.skipped.find((s) => s.name === 'bad_gone')!.error).toMatch(/bad_gone.*gone\.mp4/);
  });
});
