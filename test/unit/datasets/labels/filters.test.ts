import { afterEach, describe, expect, it } from 'vitest';
import { clipFacets, neighborClip } from '../../../../src-main/datasets/labels/browse.js';
import { LabelSession } from '../../../../src-main/datasets/labels/session.js';
import type { ClipFilter } from '../../../../src-main/ipc/contract.js';
import { removeTempDirs } from '../../../helpers/coreFixtures.js';
import { closeFixtures, labelFixture } from './fixture.js';

afterEach(() => {
  closeFixtures();
  removeTempDirs();
});

function setup() {
  const f = labelFixture(9);
  const s = new LabelSession(f.ws);
  const [c0, c1, c2, c3, c4] = f.clipIds as [number, number, number, number, number];
  s.update([c0, c1], { label: null });
  s.update([c2, c3], { group: 'g08', view: 'front' });
  s.update([c3], { status: 'excluded', addTags: ['blurry'] });
  s.update([c4], { status: 'negative', label: null, addTags: ['blurry', 'dark'] });
  const set = f.ws.splitSets.ensure({ name: 'split1', strategy: 'random' });
  for (const [i, id] of f.clipIds.entries()) f.ws.splitSets.assign(set.id, id, i < 6 ? 'train' : 'test');
  const names = (q: ClipFilter): string[] => f.ws.clips.page({ offset: 0, limit: 100, ...q }).items.map((c) => c.name.slice(5));
  return { f, s, set, names };
}

describe('clip filters', () => {
  it('filters by label (incl. unlabelled), group, view, tag, status, subset and media', () => {
    const { f, set, names } = setup();
    expect(names({ label: '__unlabeled__' })).toEqual(['00', '01', '04']);
    expect(names({ label: 'WALK' })).toEqual(['07']);
    expect(names({ group: 'g08' })).toEqual(['02', '03']);
    expect(names({ view: 'front', status: 'active' })).toEqual(['02']);
    expect(names({ tag: 'blurry' })).toEqual(['03', '04']);
    expect(names({ status: 'negative' })).toEqual(['04']);
    expect(names({ subset: { splitSet: set.id, subset: 'test' } })).toEqual(['06', '07', '08']);
    expect(names({ subset: { splitSet: set.id, subset: 'train' }, label: '__unlabeled__', search: '0' })).toEqual(['00', '01', '04']);
    expect(names({ mediaId: f.mediaIds[5]! })).toEqual(['05']);
    expect(f.ws.clips.page({ offset: 0, limit: 1, tag: 'dark' }).total).toBe(1);
  });

  it('finds the next and previous clip under a filter, wrapping, optionally only unlabelled ones', () => {
    const { f } = setup();
    const id = (i: number): number => f.clipIds[i]!;
    expect(neighborClip(f.ws.db, {}, id(2), 1)?.id).toBe(id(3));
    expect(neighborClip(f.ws.db, {}, id(2), -1)?.id).toBe(id(1));
    expect(neighborClip(f.ws.db, {}, id(8), 1)?.id).toBe(id(0));
    expect(neighborClip(f.ws.db, {}, id(1), 1, true)?.id).toBe(id(4));
    expect(neighborClip(f.ws.db, {}, id(4), 1, true)?.id).toBe(id(0));
    expect(neighborClip(f.ws.db, { group: 'g08' }, id(3), 1)?.id).toBe(id(2));
    expect(neighborClip(f.ws.db, { tag: 'dark' }, id(4), 1)).toBeNull();
  });

  it('reports facets: counts by status, unlabelled, groups, views, tags and split sets', () => {
    const { f } = setup();
    expect(clipFacets(f.ws.db)).toEqual({
      total: 9, unlabeled: 3, status: { active: 7, excluded: 1, negative: 1 },
      groups: [{ value: 'g08', count: 2 }], views: [{ value: 'front', count: 2 }],
      tags: [{ value: 'blurry', count: 2 }, { value: 'dark', count: 1 }],
      splitSets: [{ id: 1, name: 'split1' }],
    });
  });

  it('links clips as views of one moment, merging groups, and dissolves a group left with one clip', () => {
    const { f, s } = setup();
    const id = (i: number): number => f.clipIds[i]!;
    s.link([id(0), id(1)]);
    s.link([id(2), id(3)]);
    s.link([id(1), id(2)]);
    const groups = f.clipIds.slice(0, 4).map((c) => f.ws.clips.get(c)!.linkGroup);
    expect(new Set(groups)).toEqual(new Set([1]));
    s.unlink([id(0), id(1), id(2)]);
    expect(f.clipIds.slice(0, 4).map((c) => f.ws.clips.get(c)!.linkGroup)).toEqual([null, null, null, null]);
    s.undo();
    expect(f.clipIds.slice(0, 4).map((c) => f.ws.clips.get(c)!.linkGroup)).toEqual([1, 1, 1, 1]);
    expect(() => s.link([id(0)])).toThrow(/at least two/);
  });
});
