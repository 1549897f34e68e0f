import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/db/connection.js';
import { MIGRATIONS } from '../../../../src-main/db/migrations.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { closeTestDbs, track } from '../../../helpers/testDb.js';

afterEach(() => {
  closeTestDbs();
  removeTempDirs();
});

describe('migration 3 (labeling)', () => {
  it('upgrades a version-2 workspace, indexing its existing tags, and keeps the tag index in step', () => {
    const file = join(tempDir('mwb-m3-'), 'workspace.sqlite');
    const v2 = openDatabase(file, MIGRATIONS.slice(0, 2));
    v2.prepare("INSERT INTO media (id, path) VALUES (1, '/v.mp4')").run();
    v2.prepare(`INSERT INTO clips (media_id, name, start_s, end_s, tags) VALUES (1, 'a', 0, 1, '["night","blurry"]'),
      (1, 'b', 1, 2, 'not json'), (1, 'c', 2, 3, '[]')`).run();
    v2.close();

    const db = track(openDatabase(file, MIGRATIONS.slice(0, 3)));
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    const index = (): unknown[] => db.prepare('SELECT tag, clip_id FROM clip_tags ORDER BY tag').all();
    expect(index()).toEqual([{ tag: 'blurry', clip_id: 1 }, { tag: 'night', clip_id: 1 }]);
    db.prepare(`UPDATE clips SET tags = '["x"]' WHERE id = 3`).run();
    db.prepare(`INSERT INTO clips (media_id, name, start_s, end_s, tags) VALUES (1, 'd', 3, 4, '["x","y"]')`).run();
    db.prepare('DELETE FROM clips WHERE id = 1').run();
    expect(index()).toEqual([{ tag: 'x', clip_id: 3 }, { tag: 'x', clip_id: 4 }, { tag: 'y', clip_id: 4 }]);
    for (const t of ['edit_batches', 'clip_history', 'class_history', 'clip_links', 'clip_tags']) {
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?").get(t)).toEqual({ n: 1 });
    }
  });
});
