import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src-main/db/connection.js';
import { ClipsRepo } from '../../../src-main/db/repos/clipsRepo.js';
import { MediaRepo, type ProbeUpdate } from '../../../src-main/db/repos/mediaRepo.js';
import { removeTempDirs } from '../../helpers/coreFixtures.js';
import { closeTestDbs, openTestDb } from '../../helpers/testDb.js';

const OK: ProbeUpdate = {
  status: 'ok', duration: 4.2, fps: 29.97, frameCount: 126, width: 320, height: 240, codec: 'h264',
  rotation: 90, sizeBytes: 123456, fingerprint: 'abc123',
};

let db: Db;
let media: MediaRepo;
let clips: ClipsRepo;
beforeEach(() => {
  db = openTestDb().db;
  media = new MediaRepo(db);
  clips = new ClipsRepo(db);
});
afterEach(() => {
  closeTestDbs();
  removeTempDirs();
});

describe('MediaRepo', () => {
  it('upserts by path idempotently', () => {
    const a = media.upsert('/videos/a.mp4');
    expect(media.upsert('/videos/a.mp4')).toBe(a);
    const b = media.upsert('/videos/b.mp4');
    expect(b).not.toBe(a);
    expect(media.count()).toBe(2);
    expect(media.byPath('/videos/a.mp4')).toMatchObject({ id: a, status: 'pending', error: null, rotation: 0 });
    expect(media.get(9999)).toBeNull();
    expect(media.byPath('/nope.mp4')).toBeNull();
  });

  it('stores an ok probe in every field and clears an earlier error', () => {
    const id = media.upsert('/videos/a.mp4');
    media.setProbe(id, { status: 'error', error: 'moov atom not found' });
    media.setProbe(id, OK);
    expect(media.get(id)).toEqual({
      id, path: '/videos/a.mp4', status: 'ok', error: null, duration: 4.2, fps: 29.97, frameCount: 126,
      width: 320, height: 240, codec: 'h264', rotation: 90, sizeBytes: 123456, fingerprint: 'abc123',
      kind: 'video', changed: false,
    });
  });

  it('keeps the row, its metadata and its clips when a probe fails', () => {
    const id = media.upsert('/videos/a.mp4');
    media.setProbe(id, OK);
    const clip = clips.upsert({ mediaId: id, name: 'a', start: 1, end: 2 });
    media.setProbe(id, { status: 'missing', error: 'File not found: /videos/a.mp4' });
    expect(media.get(id)).toMatchObject({ status: 'missing', error: 'File not found: /videos/a.mp4', fingerprint: 'abc123' });
    expect(clips.get(clip)).toMatchObject({ mediaStatus: 'missing', mediaError: 'File not found: /videos/a.mp4' });
    expect(clips.count()).toBe(1);
  });

  it('lists pending media and ok media without a thumbnail as needing a probe', () => {
    const pending = media.upsert('/v/pending.mp4');
    const noThumb = media.upsert('/v/nothumb.mp4');
    const complete = media.upsert('/v/complete.mp4');
    const broken = media.upsert('/v/broken.mp4');
    media.setProbe(noThumb, OK);
    media.setProbe(complete, OK);
    media.setThumbnail(complete, '/ws/cache/thumbs/3.jpg');
    media.setProbe(broken, { status: 'error', error: 'not a video' });
    expect(media.needingProbe()).toEqual([pending, noThumb]);
    expect(media.thumbnailPath(complete)).toBe('/ws/cache/thumbs/3.jpg');
    expect(media.thumbnailPath(noThumb)).toBeNull();
  });

  it('deleting a media row deletes its clips (foreign keys on)', () => {
    const a = media.upsert('/v/a.mp4');
    const b = media.upsert('/v/b.mp4');
    clips.upsert({ mediaId: a, name: 'a1', start: 0, end: 1 });
    clips.upsert({ mediaId: a, name: 'a2', start: 1, end: 2 });
    const keep = clips.upsert({ mediaId: b, name: 'b1' });
    db.prepare('DELETE FROM media WHERE id = ?').run(a);
    expect(clips.count()).toBe(1);
    expect(clips.get(keep)?.name).toBe('b1');
    expect(() => clips.upsert({ mediaId: 424242, name: 'orphan' })).toThrow(/FOREIGN KEY/);
  });
});
