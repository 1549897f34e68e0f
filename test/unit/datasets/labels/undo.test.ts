import { afterEach, describe, expect, it } from 'vitest';
import { updateClips } from '../../../../src-main/datasets/labels/edits.js';
import { LabelSession } from '../../../../src-main/datasets/labels/session.js';
import { removeTempDirs } from '../../../helpers/coreFixtures.js';
import { closeFixtures, labelFixture, labelOf } from './fixture.js';

afterEach(() => {
  closeFixtures();
  removeTempDirs();
});

describe('undo / redo', () => {
  it('undoes and redoes label edits in order, each as a new audited batch', () => {
    const f = labelFixture(3);
    const s = new LabelSession(f.ws);
    const [a, b] = f.clipIds as [number, number];
    s.update([a], { label: 'walk' });
    s.update([a], { label: 'jump' });
    s.update([b], { label: 'jump' });
    expect(s.state()).toMatchObject({ canUndo: true, canRedo: false, undoLabel: 'Label "jump" on 1 clip' });
    expect(s.undo().description).toBe('Undo: Label "jump" on 1 clip');
    expect(labelOf(f.ws, b)).toBe('walk');
    s.undo();
    expect(labelOf(f.ws, a)).toBe('walk');
    s.undo();
    expect(labelOf(f.ws, a)).toBe('run');
    expect(s.undo()).toMatchObject({ target: null, description: 'Nothing to undo' });
    s.redo();
    s.redo();
    expect([labelOf(f.ws, a), labelOf(f.ws, b)]).toEqual(['jump', 'walk']);
    expect(s.state()).toMatchObject({ canUndo: true, canRedo: true });
    // Undo after redo reverts the redo; a new edit drops the redo steps.
    s.undo();
    expect(labelOf(f.ws, a)).toBe('walk');
    s.update([b], { status: 'excluded' });
    expect(s.state().canRedo).toBe(false);
    const sources = (f.ws.db.prepare('SELECT source FROM edit_batches ORDER BY id').all() as { source: string }[]).map((r) => r.source);
    expect(sources).toEqual(['label', 'label', 'label', 'undo', 'undo', 'undo', 'redo', 'redo', 'undo', 'label']);
  });

  it('undoes a bulk edit of many clips in one step', () => {
    const f = labelFixture(50);
    const s = new LabelSession(f.ws);
    s.update(f.clipIds, { label: 'walk', addTags: ['review'] });
    expect(f.ws.classes.list().find((c) => c.name === 'walk')?.clipCount).toBe(50);
    const out = s.undo();
    expect(out.changed).toBe(50);
    expect(f.ws.classes.list().map((c) => c.clipCount)).toEqual([16, 17, 17]); // jump, run, walk as before
    expect(f.ws.clips.get(f.clipIds[7]!)?.tags).toEqual([]);
  });

  it('leaves alone a value changed outside the stack since the edit', () => {
    const f = labelFixture(2);
    const s = new LabelSession(f.ws);
    const [a, b] = f.clipIds as [number, number];
    s.update([a, b], { label: 'jump' });
    updateClips(f.ws.db, [b], { label: 'walk' }, 'cli'); // another writer, not on this stack
    const out = s.undo();
    expect(out.description).toMatch(/1 value\(s\) changed since were left alone/);
    expect([labelOf(f.ws, a), labelOf(f.ws, b)]).toEqual(['run', 'walk']);
  });

  it('undoes a trim by deleting the clip and redoes it with the same id', () => {
    const f = labelFixture(1);
    const s = new LabelSession(f.ws);
    const { clipId } = s.trim({ mediaId: f.mediaIds[0]!, start: 0.2, end: 0.6, label: 'run' });
    s.undo();
    expect(f.ws.clips.get(clipId)).toBeNull();
    s.redo();
    expect(f.ws.clips.get(clipId)).toMatchObject({ start: 0.2, end: 0.6, label: 'run' });
  });

  it('brings deleted clips back with their split assignments and links', () => {
    const f = labelFixture(3);
    const s = new LabelSession(f.ws);
    const set = f.ws.splitSets.ensure({ name: 'split1', strategy: 'random' });
    f.ws.splitSets.assign(set.id, f.clipIds[0]!, 'val', 2);
    s.link([f.clipIds[0]!, f.clipIds[1]!]);
    s.update([f.clipIds[0]!], { addTags: ['x'] });
    s.remove([f.clipIds[0]!]);
    expect(f.ws.clips.get(f.clipIds[0]!)).toBeNull();
    expect(f.ws.splitSets.subsetOf(set.id, f.clipIds[0]!)).toBeNull();
    s.undo();
    expect(f.ws.clips.get(f.clipIds[0]!)).toMatchObject({ name: 'clip_00', label: 'run', tags: ['x'], linkGroup: 1 });
    expect(f.ws.splitSets.subsetOf(set.id, f.clipIds[0]!)).toBe('val');
    expect(f.ws.db.prepare('SELECT tag FROM clip_tags WHERE clip_id = ?').all(f.clipIds[0]!)).toEqual([{ tag: 'x' }]);
  });
});
