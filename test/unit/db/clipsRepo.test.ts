import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src-main/db/connection.js';
import { ClassesRepo } from '../../../src-main/db/repos/classesRepo.js';
import { ClipsRepo } from '../../../src-main/db/repos/clipsRepo.js';
import { MediaRepo } from '../../../src-main/db/repos/mediaRepo.js';
import { removeTempDirs } from '../../helpers/coreFixtures.js';
import { closeTestDbs, openTestDb } from '../../helpers/testDb.js';

let db: Db;
let media: MediaRepo;
let clips: ClipsRepo;
let classes: ClassesRepo;
let m: number;
beforeEach(() => {
  db = openTestDb().db;
  media = new MediaRepo(db);
  clips = new ClipsRepo(db);
  classes = new ClassesRepo(db);
  m = media.upsert('/v/a.mp4');
});
afterEach(() => {
  closeTestDbs();
  removeTempDirs();
});

const names = (search: string): string[] => clips.page({ offset: 0, limit: 100, search }).items.map((c) => c.name);

describe('ClipsRepo', () => {
  it('upserts a span idempotently, including open-ended spans', () => {
    const a = clips.upsert({ mediaId: m, name: 'a', start: 1, end: 2 });
    expect(clips.upsert({ mediaId: m, name: 'renamed', start: 1, end: 2 })).toBe(a);
    const whole = clips.upsert({ mediaId: m, name: 'whole' });
    expect(clips.upsert({ mediaId: m, name: 'whole again', start: 0, end: null })).toBe(whole);
    expect(clips.upsert({ mediaId: m, name: 'b', start: 1, end: 3 })).not.toBe(a);
    expect(clips.count()).toBe(3);
    expect(clips.get(a)?.name).toBe('a');
    expect(clips.get(123456)).toBeNull();
  });

  it('rejects a span that ends before it starts', () => {
    expect(() => clips.upsert({ mediaId: m, name: 'bad', start: 5, end: 4 })).toThrow(/CHECK/);
  });

  it('pages in name-then-id order with offset, limit and total', () => {
    for (const n of ['delta', 'alpha', 'charlie', 'bravo', 'alpha']) {
      clips.upsert({ mediaId: m, name: n, start: clips.count(), end: clips.count() + 1 });
    }
    const all = clips.page({ offset: 0, limit: 100 });
    expect(all.total).toBe(5);
    expect(all.items.map((c) => c.name)).toEqual(['alpha', 'alpha', 'bravo', 'charlie', 'delta']);
    expect(all.items[0]!.id).toBeLessThan(all.items[1]!.id);
    const page = clips.page({ offset: 2, limit: 2 });
    expect(page).toMatchObject({ total: 5, offset: 2 });
    expect(page.items.map((c) => c.name)).toEqual(['bravo', 'charlie']);
    expect(clips.page({ offset: 10, limit: 2 })).toEqual({ total: 5, offset: 10, items: [] });
  });

  it('searches names and labels case-insensitively, with the total of matches', () => {
    const wave = classes.ensure('Wave');
    clips.upsert({ mediaId: m, name: 'person01_run', start: 0, end: 1 });
    clips.upsert({ mediaId: m, name: 'person02_x', classId: wave, start: 1, end: 2 });
    clips.upsert({ mediaId: m, name: 'RUNNING man', start: 2, end: 3 });
    expect(names('run').sort()).toEqual(['RUNNING man', 'person01_run']);
    expect(names('wav')).toEqual(['person02_x']);
    expect(clips.page({ offset: 0, limit: 1, search: 'run' }).total).toBe(2);
  });

  it('treats % _ and \\ in the search text literally', () => {
    for (const [i, n] of ['100%', '1000', 'a_b', 'axb', 'back\\slash', 'backslash'].entries()) {
      clips.upsert({ mediaId: m, name: n, start: i, end: i + 1 });
    }
    expect(names('%')).toEqual(['100%']);
    expect(names('0%')).toEqual(['100%']);
    expect(names('_')).toEqual(['a_b']);
    expect(names('a_b')).toEqual(['a_b']);
    expect(names('\\')).toEqual(['back\\slash']);
  });

  it('reports duration, label, colour and thumbnail key', () => {
    const jump = classes.ensure('jump');
    const span = clips.upsert({ mediaId: m, name: 'span', classId: jump, start: 1.5, end: 4 });
    const whole = clips.upsert({ mediaId: m, name: 'whole' });
    expect(clips.get(whole)).toMatchObject({ duration: null, thumbKey: null, label: null, mediaStatus: 'pending' });
    media.setProbe(m, { status: 'ok', duration: 10, fps: 25, frameCount: 250, width: 64, height: 48,
      codec: 'h264', rotation: 0, sizeBytes: 1, fingerprint: 'f' });
    media.setThumbnail(m, '/ws/cache/thumbs/1.jpg');
    expect(clips.get(whole)).toMatchObject({ duration: 10, start: 0, end: null, thumbKey: `thumb/${m}` });
    expect(clips.get(span)).toMatchObject({
      duration: 2.5, label: 'jump', classColor: classes.list()[0]!.color, mediaId: m, mediaStatus: 'ok',
    });
  });
});
