import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportPreview, ImportReport, RelinkResult } from '../../../src-main/ipc/contract.js';
import { FIXTURES } from '../../helpers/fixtures.js';
import { runMwb } from '../../helpers/cli.js';
import { cleanTempDirs, tempDir, tinyVideo } from './importTestUtils.js';

afterEach(() => cleanTempDirs());

/** Runs mwb, expects success, parses its stdout as JSON. */
function mwbJson<T>(args: string[], appData: string): T {
  const r = runMwb(args, appData);
  expect(r.stderr).not.toMatch(/^mwb:/m);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout.trim()) as T;
}

describe('mwb import / info / media / relink', () => {
  it('imports a folder and a manifest, then reports counts, split sets, media and relinks', () => {
    const appData = tempDir();
    const root = tempDir();
    const ws = join(tempDir(), 'my ws');
    const good = tinyVideo(join(root, 'Wave', 'good clip.mp4'), 1);
    const other = tinyVideo(join(root, 'Clap', 'other.mp4'), 2);
    const bad = join(root, 'Clap', 'bad.mp4');
    writeFileSync(bad, 'not a video');
    const report = mwbJson<ImportReport>(['import', 'folder', root, '--workspace', ws, '--json'], appData);
    expect(report).toMatchObject({ created: { count: 3 }, probe: { ok: 2, failed: 1 } });
    expect(report.unreadable.files).toEqual([{ path: bad, error: expect.stringContaining('ffprobe could not read it') }]);

    const manifest = join(root, 'split.csv');
    writeFileSync(manifest, `path,label,split\n"${good}",Wave,train\n${other},Clap,test\nmissing.mp4,Clap,test\n`);
    const text = runMwb(['import', 'csv', manifest, '--workspace', ws, '--no-probe'], appData);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/skipped\s+2 already in the workspace/);
    expect(text.stdout).toMatch(/split set split: train 1, val 0, test 1, unused 0/);
    expect(text.stdout).toContain('missing: missing.mp4');

    const info = mwbJson<Record<string, unknown>>(['info', ws, '--json'], appData);
    // Two imports, plus the media.scrub job the first one's probe queued for its 2 readable videos.
    expect(info).toEqual({ media: 3, clips: 3, classes: 2, jobs: 3, mediaErrors: 1,
      splitSets: [{ name: 'split', locked: false, subsets: { train: 1, val: 0, test: 1, unused: 0 } }] });

    const media = mwbJson<Record<string, unknown>[]>(['media', ws, '--json'], appData);
    expect(media.find((m) => m.path === good)).toMatchObject({ kind: 'video', status: 'ok', duration: 0.3, fps: 10, frameCount: 3, width: 32, height: 32, codec: 'h264', error: null });
    expect(media.find((m) => m.path === bad)).toMatchObject({ status: 'error', duration: null, error: expect.stringContaining(bad) });

    const moved = tempDir();
    renameSync(good, join(moved, 'moved.mp4'));
    const relinked = mwbJson<RelinkResult>(['relink', ws, moved, '--json'], appData);
    expect(relinked).toEqual({ relinked: [{ id: expect.any(Number), from: good, to: join(moved, 'moved.mp4') }], stillMissing: [], changed: [] });
  });

  it('--dry-run prints the plan without creating the workspace; bad options fail clearly', () => {
    const appData = tempDir();
    const ws = join(tempDir(), 'ws');
    const preview = mwbJson<ImportPreview>(['import', 'ucf101', tempDir(), '--splits-dir', join(FIXTURES, 'splits', 'ucf101'),
      '--workspace', ws, '--dry-run', '--json'], appData);
    expect(preview.splitSets).toEqual([{ name: 'ucf101-split1', strategy: 'official', listed: { train: 9537, val: 0, test: 3783, unused: 0 }, subsets: { train: 0, val: 0, test: 0, unused: 0 } }]);
    expect(preview.problems.counts).toEqual({ missing: 13320 });
    expect(preview.problems.first).toHaveLength(200);
    expect(runMwb(['info', ws], appData).stderr).toMatch(/is not a workspace/);

    const bad = runMwb(['import', 'stanford40', tempDir(), '--workspace', ws, '--val-count', 'many'], appData);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/"many" is not a whole number/);
    const noLists = runMwb(['import', 'hmdb51', tempDir(), '--workspace', ws, '--dry-run'], appData);
    expect(noLists.status).toBe(1);
    expect(noLists.stderr).toMatch(/<class>_test_split1\.txt lists not found in .* pass splitsDir \(--splits-dir\)/);
  });
});
