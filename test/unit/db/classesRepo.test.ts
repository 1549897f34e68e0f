import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src-main/db/connection.js';
import { ClassesRepo } from '../../../src-main/db/repos/classesRepo.js';
import { ClipsRepo } from '../../../src-main/db/repos/clipsRepo.js';
import { MediaRepo } from '../../../src-main/db/repos/mediaRepo.js';
import { removeTempDirs } from '../../helpers/coreFixtures.js';
import { closeTestDbs, openTestDb } from '../../helpers/testDb.js';

let db: Db;
let classes: ClassesRepo;
beforeEach(() => {
  db = openTestDb().db;
  classes = new ClassesRepo(db);
});
afterEach(() => {
  closeTestDbs();
  removeTempDirs();
});

describe('ClassesRepo', () => {
  it('finds a class again regardless of case and surrounding spaces', () => {
    const jump = classes.ensure('Jump');
    expect(classes.ensure('jump')).toBe(jump);
    expect(classes.ensure('  JUMP ')).toBe(jump);
    expect(classes.ensure('wave')).not.toBe(jump);
    expect(classes.count()).toBe(2);
    expect(classes.list().find((c) => c.id === jump)?.name).toBe('Jump'); // the first spelling is kept
  });

  it('treats non-ASCII names case-insensitively too', () => {
    const a = classes.ensure('Été');
    expect(classes.ensure('ÉTÉ')).toBe(a);
    expect(classes.ensure('e\u0301té')).toBe(a); // decomposed accent, same name
    expect(classes.count()).toBe(1);
  });

  it('rejects an empty name', () => {
    expect(() => classes.ensure('   ')).toThrow('A class name cannot be empty');
    expect(classes.count()).toBe(0);
  });

  it('gives classes distinct palette colours in turn, then wraps', () => {
    const ids = Array.from({ length: 11 }, (_, i) => classes.ensure(`class ${String(i).padStart(2, '0')}`));
    const colour = new Map(classes.list().map((c) => [c.id, c.color]));
    const first10 = ids.slice(0, 10).map((id) => colour.get(id));
    expect(new Set(first10).size).toBe(10);
    for (const c of first10) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(colour.get(ids[10]!)).toBe(first10[0]);
  });

  it('lists classes by name with their clip counts', () => {
    const media = new MediaRepo(db);
    const clips = new ClipsRepo(db);
    const m = media.upsert('/v/a.mp4');
    const run = classes.ensure('run');
    const box = classes.ensure('Box');
    classes.ensure('clap');
    for (let i = 0; i < 3; i++) clips.upsert({ mediaId: m, name: `r${i}`, classId: run, start: i, end: i + 1 });
    clips.upsert({ mediaId: m, name: 'b', classId: box, start: 10, end: 11 });
    clips.upsert({ mediaId: m, name: 'unlabelled', start: 20, end: 21 });
    expect(classes.list().map((c) => [c.name, c.clipCount])).toEqual([['Box', 1], ['clap', 0], ['run', 3]]);
  });

  it('unlabels clips when their class is deleted', () => {
    const m = new MediaRepo(db).upsert('/v/a.mp4');
    const clips = new ClipsRepo(db);
    const id = clips.upsert({ mediaId: m, name: 'x', classId: classes.ensure('gone') });
    db.prepare('DELETE FROM classes').run();
    expect(clips.get(id)).toMatchObject({ label: null, classColor: null });
  });
});
