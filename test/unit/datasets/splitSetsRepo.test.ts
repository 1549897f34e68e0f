import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipsRepo } from '../../../src-main/db/repos/clipsRepo.js';
import { ImportsRepo } from '../../../src-main/db/repos/importsRepo.js';
import { MediaRepo } from '../../../src-main/db/repos/mediaRepo.js';
import { SplitSetsRepo } from '../../../src-main/db/repos/splitSetsRepo.js';
import type { Db } from '../../../src-main/db/connection.js';
import { removeTempDirs } from '../../helpers/coreFixtures.js';
import { closeTestDbs, openTestDb } from '../../helpers/testDb.js';

let db: Db;
let sets: SplitSetsRepo;
let clips: ClipsRepo;
let media: MediaRepo;

beforeEach(() => {
  db = openTestDb().db;
  sets = new SplitSetsRepo(db);
  clips = new ClipsRepo(db);
  media = new MediaRepo(db);
});

afterEach(() => {
  closeTestDbs();
  removeTempDirs();
});

describe('split sets (migration 2)', () => {
  it('creates a set once by name and counts assignments per subset', () => {
    const a = sets.ensure({ name: 'ucf101-split1', strategy: 'official', params: { split: 1 } });
    expect(a).toEqual({ id: expect.any(Number), created: true, locked: false });
    expect(sets.ensure({ name: 'ucf101-split1', strategy: 'other' })).toEqual({ ...a, created: false });
    const m = media.upsert('/v/a.mp4');
    const [c1, c2, c3] = [0, 1, 2].map((s) => clips.upsert({ mediaId: m, name: `a${s}`, start: s, end: s + 1 }));
    expect(sets.assign(a.id, c1!, 'train')).toBe('created');
    expect(sets.assign(a.id, c2!, 'test')).toBe('created');
    expect(sets.assign(a.id, c3!, 'unused', 2)).toBe('created');
    expect(sets.assign(a.id, c1!, 'train')).toBe('same');
    expect(sets.assign(a.id, c2!, 'val')).toBe('updated');
    expect(sets.subsetOf(a.id, c2!)).toBe('val');
    expect(sets.summaries()).toEqual([{ id: a.id, name: 'ucf101-split1', strategy: 'official', locked: false, subsets: { train: 1, val: 1, test: 0, unused: 1 } }]);
  });

  it('never changes a locked set, and drops assignments with their clip or set', () => {
    const s = sets.ensure({ name: 'frozen', strategy: 'official' }).id;
    const m = media.upsert('/v/b.mp4');
    const c = clips.upsert({ mediaId: m, name: 'b' });
    sets.assign(s, c, 'train');
    sets.setLocked(s, true);
    expect(sets.assign(s, c, 'test')).toBe('locked');
    expect(sets.subsetOf(s, c)).toBe('train');
    expect(sets.ensure({ name: 'frozen', strategy: 'x' }).locked).toBe(true);
    expect(() => db.prepare("INSERT INTO split_assignments (split_set_id, clip_id, subset) VALUES (?, ?, 'holdout')").run(s, c)).toThrow(/CHECK/);
    db.prepare('DELETE FROM clips WHERE id = ?').run(c);
    expect(sets.summaries()[0]!.subsets.train).toBe(0);
    const other = sets.ensure({ name: 'gone', strategy: 'x' }).id;
    sets.assign(other, clips.upsert({ mediaId: m, name: 'b2' }), 'val');
    db.prepare('DELETE FROM split_sets WHERE id = ?').run(other);
    expect((db.prepare('SELECT count(*) AS n FROM split_assignments').get() as { n: number }).n).toBe(0);
  });

  it('stores clip group, view, tags and status, and media kind, with checked values', () => {
    const m = media.insert('/v/c.png');
    expect(m.created).toBe(true);
    expect(media.insert('/v/c.png').created).toBe(false);
    expect(media.get(m.id)).toMatchObject({ kind: 'image', changed: false });
    expect(media.get(media.upsert('/v/e.aedat', 'events'))!.kind).toBe('events');
    const c = clips.insert({ mediaId: m.id, name: 'c', group: 'g08', view: 'fr', status: 'negative', tags: ['camera:nm'] });
    expect(clips.insert({ mediaId: m.id, name: 'again' })).toEqual({ id: c.id, created: false });
    expect(clips.get(c.id)).toMatchObject({ group: 'g08', view: 'fr' });
    expect(db.prepare('SELECT status, tags FROM clips WHERE id = ?').get(c.id)).toEqual({ status: 'negative', tags: '["camera:nm"]' });
    expect(() => db.prepare("UPDATE clips SET status = 'maybe'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE media SET kind = 'audio'").run()).toThrow(/CHECK/);
  });

  it('keeps an import\'s cursor and report per job', () => {
    const jobs = db.prepare("INSERT INTO jobs (kind, title, spec) VALUES ('dataset.import', 't', '{}')").run();
    const imports = new ImportsRepo(db);
    const row = imports.forJob(Number(jobs.lastInsertRowid), 'folder', '/data', { root: '/data' });
    expect(row).toMatchObject({ importer: 'folder', root: '/data', cursor: {}, report: null });
    imports.save(row.id, { clips: 500 }, { created: 1 });
    expect(imports.forJob(Number(jobs.lastInsertRowid), 'folder', '/data', {})).toMatchObject({ id: row.id, cursor: { clips: 500 }, report: { created: 1 } });
    expect(imports.list()).toHaveLength(1);
  });
});
