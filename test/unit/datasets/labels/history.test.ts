import { afterEach, describe, expect, it } from 'vitest';
import { clipHistory } from '../../../../src-main/datasets/labels/history.js';
import { LabelSession } from '../../../../src-main/datasets/labels/session.js';
import { removeTempDirs } from '../../../helpers/coreFixtures.js';
import { closeFixtures, labelFixture, labelOf } from './fixture.js';

afterEach(() => {
  closeFixtures();
  removeTempDirs();
});

describe('clip history', () => {
  it('lists every change newest first with readable values', () => {
    const f = labelFixture(2);
    const s = new LabelSession(f.ws);
    const a = f.clipIds[0]!;
    s.update([a], { label: 'walk' });
    s.update([a], { group: 'g08', addTags: ['b', 'a'] });
    s.setSpan(a, 0.2, 1.4);
    const h = clipHistory(f.ws.db, a);
    expect(h.map((e) => [e.field, e.oldValue, e.newValue, e.source])).toEqual([
      ['span', '0–end', '0.2–1.4 s', 'span'],
      ['tags', '', 'a, b', 'label'],
      ['group', null, 'g08', 'label'],
      ['label', 'run', 'walk', 'label'],
    ]);
    expect(h[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('reverts any one change as a new undoable edit', () => {
    const f = labelFixture(1);
    const s = new LabelSession(f.ws);
    const a = f.clipIds[0]!;
    s.update([a], { label: 'walk' });
    s.update([a], { view: 'left' });
    const labelChange = clipHistory(f.ws.db, a).find((e) => e.field === 'label')!;
    s.revert(labelChange.id);
    expect(f.ws.clips.get(a)).toMatchObject({ label: 'run', view: 'left' });
    expect(clipHistory(f.ws.db, a)[0]).toMatchObject({ field: 'label', oldValue: 'walk', newValue: 'run', source: 'revert' });
    s.undo();
    expect(labelOf(f.ws, a)).toBe('walk');
  });

  it('names a deleted class in old entries and refuses to revert to it', () => {
    const f = labelFixture(3);
    const s = new LabelSession(f.ws);
    const a = f.clipIds[0]!;
    s.update([a], { label: 'walk' });
    s.deleteClass(f.classIds.run!, null);
    const entry = clipHistory(f.ws.db, a).find((e) => e.source === 'label')!;
    expect(entry.oldValue).toBe('run (deleted)');
    expect(() => s.revert(entry.id)).toThrow(/class no longer exists/);
  });

  it('reverting a trim removes the clip', () => {
    const f = labelFixture(1);
    const s = new LabelSession(f.ws);
    const { clipId } = s.trim({ mediaId: f.mediaIds[0]!, start: 0, end: 0.4 });
    const created = clipHistory(f.ws.db, clipId)[0]!;
    expect(created).toMatchObject({ field: 'created', oldValue: null, newValue: 'v00_0-10 (0–0.4 s)' });
    s.revert(created.id);
    expect(f.ws.clips.get(clipId)).toBeNull();
  });
});
