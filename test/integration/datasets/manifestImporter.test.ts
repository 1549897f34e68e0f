import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planImport } from '../../../src-main/datasets/importers/registry.js';
import { cleanTempDirs, clipRows, openTestWorkspace, runImport, subsetsOf, tempDir, tinyVideo } from './importTestUtils.js';

afterEach(() => cleanTempDirs());

/** Three videos (one with a comma and quotes in its name) and a manifest over them, CSV and JSON. */
function manifests(): { dir: string; csv: string; json: string; v: string[] } {
  const dir = tempDir();
  const v = [
    tinyVideo(join(dir, 'videos', 'a.mp4')),
    tinyVideo(join(dir, 'videos', 'b, the "second".mp4')),
    tinyVideo(join(dir, 'elsewhere', 'c.avi')),
  ];
  const csv = join(dir, 'my-split.csv');
  writeFileSync(csv, [
    'path,label,start,end,group,view,split,notes',
    'videos/a.mp4,wave,0,1.5,actor1,front,train,first half',
    'videos/a.mp4,wave,1.5,,actor1,front,validation,',
    `"videos/b, the ""second"".mp4",clap,,,actor2,,test,`,
    `${v[2]},,,,,,,`,
    'videos/missing.mp4,wave,,,,,train,',
    'videos/a.mp4,wave,2,1,,,,',
    'videos/a.mp4,wave,0,1.5,actor1,front,train,again',
    'videos/a.mp4,wave,0,,,,holdout,',
  ].join('\r\n') + '\r\n');
  const json = join(dir, 'my-split.json');
  writeFileSync(json, JSON.stringify({ clips: [
    { path: 'videos/a.mp4', label: 'wave', start: 0, end: 1.5, group: 'actor1', view: 'front', split: 'train' },
    { path: 'videos/a.mp4', label: 'wave', start: 1.5, end: null, group: 'actor1', view: 'front', split: 'val' },
    { path: 'videos/b, the "second".mp4', label: 'clap', group: 'actor2', split: 'test' },
    { path: v[2] },
    { path: 'videos/missing.mp4', label: 'wave', split: 'train' },
  ] }));
  return { dir, csv, json, v };
}

describe('CSV/JSON manifest importer', () => {
  it('imports spans, labels, groups, views and the split column; reports bad, duplicate and missing lines', async () => {
    const { csv, v } = manifests();
    const t = openTestWorkspace();
    try {
      const { report } = await runImport(t.runner, t.ws, 'csv', { file: csv }, { probe: false });
      expect(clipRows(t.ws).map((c) => [c.path, c.name, c.label, c.start, c.end, c.group, c.view])).toEqual([
        [v[2], 'c', null, 0, null, null, null],
        [v[0], 'a [0s-1.5s]', 'wave', 0, 1.5, 'actor1', 'front'],
        [v[0], 'a [1.5s-end]', 'wave', 1.5, null, 'actor1', 'front'],
        [v[1], 'b, the "second"', 'clap', 0, null, 'actor2', null],
      ]);
      expect(report.splitSets).toEqual([{ name: 'my-split', created: true, locked: false, assigned: { train: 1, val: 1, test: 1, unused: 0 } }]);
      expect(report.missing.files).toEqual(['videos/missing.mp4']);
      expect(report.problems.counts).toEqual({ ignored: 1, 'bad-line': 2, duplicate: 1, missing: 1 });
      const messages = report.problems.first.map((p) => p.message);
      expect(messages).toContain('my-split.csv: column "notes" is not one of path, label, start, end, group, view, split; it was ignored');
      expect(messages).toContain('my-split.csv line 7: end "1" is not a time in seconds after start (2); the line was skipped');
      expect(messages).toContain('my-split.csv line 9: split "holdout" is not train, val, test or unused; the line was skipped');
      expect(messages).toContain('my-split.csv:8: videos/a.mp4 from 0 s to 1.5 s is listed twice; the first line was kept');
    } finally {
      await t.close();
    }
  });

  it('reads the same manifest as JSON', async () => {
    const { csv, json } = manifests();
    const fromCsv = await planImport('csv', { file: csv, splitSet: 'S' });
    const fromJson = await planImport('csv', { file: json, splitSet: 'S' });
    expect(fromJson.clips).toEqual(fromCsv.clips);
    expect(fromJson.splitSets).toEqual(fromCsv.splitSets.map((s) => ({ ...s, params: { file: json } })));
    await expect(planImport('csv', { file: join(tempDir(), 'none.csv') })).rejects.toThrow(/Cannot read manifest .*none\.csv/);
  });

  it('re-imports the CSV export to the same clips, labels and split', async () => {
    const { csv } = manifests();
    const first = openTestWorkspace();
    const second = openTestWorkspace();
    try {
      await runImport(first.runner, first.ws, 'csv', { file: csv }, { probe: false });
      const out = tempDir();
      const id = first.runner.enqueue('dataset.export', { format: 'csv', split: 'my-split', out });
      expect((await first.runner.wait(id)).state).toBe('done');
      await runImport(second.runner, second.ws, 'csv', { file: join(out, 'manifest.csv'), splitSet: 'my-split' }, { probe: false });
      const strip = (rows: ReturnType<typeof clipRows>): unknown[] => rows.map(({ path, label, start, end, group, view }) => ({ path, label, start, end, group, view }));
      expect(strip(clipRows(second.ws))).toEqual(strip(clipRows(first.ws)));
      const subsets = (ws: typeof first.ws): unknown[] => ws.db.prepare(`SELECT m.path, k.start_s, a.subset FROM split_assignments a
        JOIN clips k ON k.id = a.clip_id JOIN media m ON m.id = k.media_id ORDER BY m.path, k.start_s`).all();
      expect(subsets(second.ws)).toEqual(subsets(first.ws));
      expect(subsetsOf(second.ws, 'my-split').size).toBe(2); // per path: a.mp4 (two spans) and b
    } finally {
      await first.close();
      await second.close();
    }
  });
});
