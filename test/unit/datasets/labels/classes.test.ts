import { afterEach, describe, expect, it } from 'vitest';
import { LabelSession } from '../../../../src-main/datasets/labels/session.js';
import { removeTempDirs } from '../../../helpers/coreFixtures.js';
import { closeFixtures, labelFixture, labelOf } from './fixture.js';

afterEach(() => {
  closeFixtures();
  removeTempDirs();
});

const counts = (s: LabelSession): Record<string, number> => Object.fromEntries(s.ws.classes.list().map((c) => [c.name, c.clipCount]));

describe('class operations', () => {
  it('adds, renames and recolours a class; labels follow the rename', () => {
    const f = labelFixture(3);
    const s = new LabelSession(f.ws);
    const { classId } = s.addClass('  Wave ');
    const added = s.classInfo(classId);
    expect(added).toMatchObject({ name: 'Wave', clipCount: 0 });
    expect(() => s.addClass('wave')).toThrow(/already exists/);
    s.update([f.clipIds[0]!], { label: 'wave' });
    s.renameClass(classId, 'hand_wave');
    expect(labelOf(f.ws, f.clipIds[0]!)).toBe('hand_wave');
    expect(() => s.renameClass(classId, 'RUN')).toThrow(/already exists; merge/);
    s.recolorClass(classId, '#AABBCC');
    expect(s.classInfo(classId).color).toBe('#aabbcc');
    s.undo();
    s.undo();
    expect(s.classInfo(classId)).toMatchObject({ name: 'Wave', color: added.color });
  });

  it('merges a class into another and undoes the merge in one step', () => {
    const f = labelFixture(9);
    const s = new LabelSession(f.ws);
    const out = s.mergeClasses(f.classIds.walk!, f.classIds.run!);
    expect(out.moved).toBe(3);
    expect(counts(s)).toEqual({ jump: 3, run: 6 });
    s.undo();
    expect(counts(s)).toEqual({ jump: 3, run: 3, walk: 3 });
    expect(s.classInfo(f.classIds.walk!).color).toBe('#f28e2b');
    s.redo();
    expect(counts(s)).toEqual({ jump: 3, run: 6 });
  });

  it('deletes a class, moving its clips to a destination or leaving them unlabelled', () => {
    const f = labelFixture(9);
    const s = new LabelSession(f.ws);
    s.deleteClass(f.classIds.jump!, f.classIds.walk!);
    expect(counts(s)).toEqual({ run: 3, walk: 6 });
    const out = s.deleteClass(f.classIds.run!, null);
    expect(out.moved).toBe(3);
    expect(counts(s)).toEqual({ walk: 6 });
    expect(labelOf(f.ws, f.clipIds[0]!)).toBeNull();
    s.undo();
    s.undo();
    expect(counts(s)).toEqual({ jump: 3, run: 3, walk: 3 });
    expect(() => s.deleteClass(999, null)).toThrow(/No class 999/);
  });

  it('undoes adding a class by removing it again', () => {
    const f = labelFixture(1);
    const s = new LabelSession(f.ws);
    const { classId } = s.addClass('swim');
    s.undo();
    expect(() => s.classInfo(classId)).toThrow(/No class/);
    s.redo();
    expect(s.classInfo(classId).name).toBe('swim');
  });
});
