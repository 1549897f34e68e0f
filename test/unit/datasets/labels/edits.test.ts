import { afterEach, describe, expect, it } from 'vitest';
import { deleteClips, setSpan, snapToFrame, trimClip, updateClips } from '../../../../src-main/datasets/labels/edits.js';
import { removeTempDirs } from '../../../helpers/coreFixtures.js';
import { closeFixtures, labelFixture, labelOf } from './fixture.js';

afterEach(() => {
  closeFixtures();
  removeTempDirs();
});

const history = (f: ReturnType<typeof labelFixture>): { clip_id: number; field: string; old_value: string | null; new_value: string | null; batch_id: number }[] =>
  f.ws.db.prepare('SELECT clip_id, field, old_value, new_value, batch_id FROM clip_history ORDER BY id').all() as never;

describe('clip edits', () => {
  it('commits a label with its audit row, and records nothing for a no-op', () => {
    const f = labelFixture();
    const [a] = f.clipIds;
    const out = updateClips(f.ws.db, [a!], { label: 'walk' });
    expect(out.changed).toBe(1);
    expect(labelOf(f.ws, a!)).toBe('walk');
    expect(history(f)).toEqual([{ clip_id: a, field: 'label', old_value: String(f.classIds.run), new_value: String(f.classIds.walk), batch_id: out.batchId }]);
    const again = updateClips(f.ws.db, [a!], { label: 'WALK' });
    expect(again).toMatchObject({ batchId: null, changed: 0 });
    expect(history(f)).toHaveLength(1);
  });

  it('applies a bulk patch as one batch and aborts it whole on an unknown clip', () => {
    const f = labelFixture();
    const out = updateClips(f.ws.db, f.clipIds, { label: null, status: 'negative', group: 'g08', view: 'front' });
    expect(out.changed).toBe(6);
    const batches = new Set(history(f).map((h) => h.batch_id));
    expect(batches).toEqual(new Set([out.batchId]));
    expect(f.ws.clips.get(f.clipIds[2]!)).toMatchObject({ label: null, status: 'negative', group: 'g08', view: 'front' });
    const before = history(f).length;
    expect(() => updateClips(f.ws.db, [f.clipIds[0]!, 9999], { view: 'side' })).toThrow(/No clip 9999/);
    expect(f.ws.clips.get(f.clipIds[0]!)?.view).toBe('front');
    expect(history(f)).toHaveLength(before);
  });

  it('refuses a class that does not exist without writing anything', () => {
    const f = labelFixture();
    expect(() => updateClips(f.ws.db, [f.clipIds[0]!], { label: 'swim' })).toThrow(/no class "swim".*run/);
    expect(history(f)).toHaveLength(0);
  });

  it('adds and removes tags as a sorted set and keeps the tag index in step', () => {
    const f = labelFixture(3);
    updateClips(f.ws.db, f.clipIds, { addTags: ['occluded', 'blurry'] });
    updateClips(f.ws.db, [f.clipIds[0]!], { removeTags: ['occluded'], addTags: ['blurry'] });
    expect(f.ws.clips.get(f.clipIds[0]!)?.tags).toEqual(['blurry']);
    expect(f.ws.clips.get(f.clipIds[1]!)?.tags).toEqual(['blurry', 'occluded']);
    const index = f.ws.db.prepare('SELECT tag, clip_id FROM clip_tags ORDER BY tag, clip_id').all();
    expect(index).toEqual([
      { tag: 'blurry', clip_id: f.clipIds[0] }, { tag: 'blurry', clip_id: f.clipIds[1] }, { tag: 'blurry', clip_id: f.clipIds[2] },
      { tag: 'occluded', clip_id: f.clipIds[1] }, { tag: 'occluded', clip_id: f.clipIds[2] },
    ]);
    // Adding a tag a clip has already is no change.
    expect(updateClips(f.ws.db, [f.clipIds[0]!], { addTags: ['blurry'] }).changed).toBe(0);
  });

  it('cuts frame-snapped clips out of a media file and audits their creation', () => {
    const f = labelFixture(1);
    const m = f.mediaIds[0]!;
    const a = trimClip(f.ws.db, { mediaId: m, start: 0.41, end: 0.99, label: 'jump' });
    const clip = f.ws.clips.get(a.clipId)!;
    expect(clip).toMatchObject({ start: 0.4, end: 1, label: 'jump', name: 'v00_10-25' });
    expect(clip.start * 25).toBeCloseTo(10, 9);
    expect(history(f).at(-1)).toMatchObject({ clip_id: a.clipId, field: 'created', old_value: null });
    expect(() => trimClip(f.ws.db, { mediaId: m, start: 0.4, end: 1 })).toThrow(/already covers exactly/);
    expect(() => trimClip(f.ws.db, { mediaId: m, start: 1, end: 2.5 })).toThrow(/past the end/);
    expect(() => trimClip(f.ws.db, { mediaId: m, start: 1, end: 1.01 })).toThrow(/at least one frame/);
    expect(() => trimClip(f.ws.db, { mediaId: 999, start: 0, end: 1 })).toThrow(/No media 999/);
  });

  it('moves trim marks with an audit row of the old and new span', () => {
    const f = labelFixture(1);
    const { clipId } = trimClip(f.ws.db, { mediaId: f.mediaIds[0]!, start: 0, end: 1 });
    setSpan(f.ws.db, clipId, 0.2, 1.52);
    expect(f.ws.clips.get(clipId)).toMatchObject({ start: 0.2, end: 1.52 });
    expect(history(f).at(-1)).toMatchObject({ field: 'span', old_value: '[0,1]', new_value: '[0.2,1.52]' });
    expect(snapToFrame(1.519, 25)).toBe(1.52);
  });

  it('never reuses the id of a deleted clip, so histories do not mix', () => {
    const f = labelFixture(1);
    const first = trimClip(f.ws.db, { mediaId: f.mediaIds[0]!, start: 0, end: 1 }).clipId;
    deleteClips(f.ws.db, [first]);
    const second = trimClip(f.ws.db, { mediaId: f.mediaIds[0]!, start: 0, end: 1 }).clipId;
    expect(second).toBeGreaterThan(first);
  });

  it('refuses to delete a clip of a locked split set', () => {
    const f = labelFixture(2);
    const set = f.ws.splitSets.ensure({ name: 'official', strategy: 'lists' });
    f.ws.splitSets.assign(set.id, f.clipIds[0]!, 'test');
    f.ws.splitSets.setLocked(set.id, true);
    expect(() => deleteClips(f.ws.db, f.clipIds)).toThrow(/locked split set "official"/);
    expect(f.ws.clips.count()).toBe(2);
  });
});
