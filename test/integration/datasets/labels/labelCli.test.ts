import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../../../src-main/workspace/workspace.js';
import { runMwb } from '../../../helpers/cli.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';

afterEach(() => removeTempDirs());

function workspace(): string {
  const dir = join(tempDir('mwb-label-cli-'), 'ws');
  const ws = Workspace.open(dir);
  ws.classes.ensure('run');
  ws.classes.ensure('walk');
  const m = ws.media.upsert('/videos/a.mp4');
  ws.clips.upsert({ mediaId: m, name: 'a_whole' });
  ws.clips.upsert({ mediaId: ws.media.upsert('/videos/b.mp4'), name: 'b_whole' });
  ws.clips.upsert({ mediaId: m, name: 'a_part', start: 0, end: 1 });
  ws.close();
  return dir;
}

const rows = (dir: string): unknown[] => {
  const db = new Database(join(dir, 'workspace.sqlite'), { readonly: true });
  try {
    return db.prepare(`SELECT k.name, c.name AS label, k.status FROM clips k LEFT JOIN classes c ON c.id = k.class_id ORDER BY k.id`).all();
  } finally {
    db.close();
  }
};

describe('mwb label', () => {
  it('labels by id, name or media path, audited; --negative and --exclude set the status', () => {
    const dir = workspace();
    const appData = tempDir('mwb-appdata-');
    expect(runMwb(['label', dir, '--clip', '1', '--class', 'walk'], appData)).toMatchObject({ status: 0, stdout: expect.stringMatching(/1 of 1 clip\(s\) changed/) });
    expect(runMwb(['label', dir, '--clip', '/videos/b.mp4', '--clip', 'a_part', '--negative'], appData).status).toBe(0);
    expect(runMwb(['label', dir, '--clip', 'a_whole', '--exclude'], appData).status).toBe(0);
    expect(rows(dir)).toEqual([
      { name: 'a_whole', label: 'walk', status: 'excluded' },
      { name: 'b_whole', label: null, status: 'negative' },
      { name: 'a_part', label: null, status: 'negative' },
    ]);
    const db = new Database(join(dir, 'workspace.sqlite'), { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM edit_batches WHERE source = 'cli'").get()).toEqual({ n: 3 });
    db.close();
  });

  it('explains an ambiguous media path and an unknown class, changing nothing', () => {
    const dir = workspace();
    const appData = tempDir('mwb-appdata-');
    expect(runMwb(['label', dir, '--clip', '/videos/a.mp4', '--class', 'run'], appData).stderr).toMatch(/has 2 clips \(ids 1, 3\); pass --clip <id>/);
    expect(runMwb(['label', dir, '--clip', '1', '--class', 'swim'], appData).stderr).toMatch(/no class "swim"; add it first \(classes: run, walk\)/);
    expect(rows(dir)).toEqual([
      { name: 'a_whole', label: null, status: 'active' }, { name: 'b_whole', label: null, status: 'active' }, { name: 'a_part', label: null, status: 'active' },
    ]);
  });
});
