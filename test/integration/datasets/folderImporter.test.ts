import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planImport } from '../../../src-main/datasets/importers/registry.js';
import { JobRunner } from '../../../src-main/jobs/runner.js';
import type { ImportReport } from '../../../src-main/ipc/contract.js';
import {
  cleanTempDirs, clipRows, ffmpegChildren, openTestWorkspace, runImport, tempDir, tinyImage, tinyVideo,
} from './importTestUtils.js';

afterEach(() => {
  cleanTempDirs();
  expect(ffmpegChildren()).toEqual([]);
});

/** A class-folder tree with awkward names, links, a link loop and four bad files. */
function awkwardTree(): { root: string; p: Record<string, string> } {
  const root = tempDir();
  const outside = tempDir();
  const p: Record<string, string> = {
    spaces: tinyVideo(join(root, 'Jump Rope', 'my clip (1).mp4')),
    quotes: tinyVideo(join(root, 'Jump Rope', `say "hi" it's.mp4`)),
    unicode: tinyVideo(join(root, 'Écriture', 'café_ß_日本.mp4')),
    still: tinyImage(join(root, 'Walk', 'still.png')),
    linked: join(root, 'Walk', 'linked.mp4'),
    run: join(root, 'Run', 'run1.mp4'),
  };
  symlinkSync(tinyVideo(join(outside, 'elsewhere.mp4')), p.linked!);
  symlinkSync(root, join(root, 'Walk', 'loop'));
  symlinkSync(join(outside, 'nowhere.mp4'), join(root, 'Walk', 'broken.mp4'));
  mkdirSync(join(outside, 'runs'));
  tinyVideo(join(outside, 'runs', 'run1.mp4'));
  symlinkSync(join(outside, 'runs'), join(root, 'Run'));
  symlinkSync(join(outside, 'runs'), join(root, 'Run2'));
  writeFileSync(join(root, 'notes.txt'), 'not media');
  tinyVideo(join(root, 'top.mp4'));
  const bad = join(root, 'Bad');
  mkdirSync(bad);
  const whole = readFileSync(tinyVideo(join(outside, 'whole.mp4')));
  p.truncated = join(bad, 'truncated.mp4');
  writeFileSync(p.truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
  p.empty = join(bad, 'empty.mp4');
  writeFileSync(p.empty, '');
  p.text = join(bad, 'text.mp4');
  writeFileSync(p.text, 'I am a text file with a video extension\n');
  p.image = tinyImage(join(bad, 'image.mp4'), 'png');
  return { root, p };
}

describe('folder-per-class importer', () => {
  it('handles spaces, quotes, non-ASCII names and links, reports the loop, and lists bad files as unreadable', async () => {
    const { root, p } = awkwardTree();
    const t = openTestWorkspace();
    try {
      const { report } = await runImport(t.runner, t.ws, 'folder', { root });
      const rows = clipRows(t.ws);
      expect(rows.map((r) => [r.path, r.label, r.kind]).sort()).toEqual([
        [p.empty, 'Bad', 'video'], [p.image, 'Bad', 'video'], [p.text, 'Bad', 'video'], [p.truncated, 'Bad', 'video'],
        [p.spaces, 'Jump Rope', 'video'], [p.quotes, 'Jump Rope', 'video'], [p.run, 'Run', 'video'],
        [p.linked, 'Walk', 'video'], [p.still, 'Walk', 'image'], [p.unicode, 'Écriture', 'video'],
      ].sort());
      expect(report.created.count).toBe(10);
      expect(report.problems.counts).toEqual({ 'symlink-loop': 1, duplicate: 1, missing: 1, ignored: 2 });
      expect(report.problems.first.find((x) => x.kind === 'symlink-loop')!.message).toBe(`${join(root, 'Walk', 'loop')} links back to ${root} (a symbolic-link loop); it was not followed`);
      expect(report.missing.files).toEqual([join(root, 'Walk', 'broken.mp4')]);
      expect(report.ignored.files.sort()).toEqual([join(root, 'notes.txt'), join(root, 'top.mp4')].sort());
      expect(report.probe).toEqual({ ok: 6, failed: 4 });
      const errors = Object.fromEntries(report.unreadable.files.map((u) => [u.path, u.error]));
      expect(Object.keys(errors).sort()).toEqual([p.empty, p.image, p.text, p.truncated].sort());
      expect(errors[p.empty!]).toBe(`${p.empty} is empty (0 bytes): the copy or download probably failed`);
      expect(errors[p.text!]).toMatch(new RegExp(`^${p.text}: ffprobe could not read it: .*Invalid data`));
      expect(errors[p.truncated!]).toMatch(new RegExp(`^${p.truncated}.*(truncated or damaged|moov atom not found)`));
      expect(errors[p.image!]).toMatch(/is a still image \(png\), not a video, although it is named \.mp4: rename it to \.png/);
      for (const path of [p.quotes!, p.unicode!, p.linked!]) expect(t.ws.media.byPath(path)).toMatchObject({ status: 'ok', width: 32 });
      expect(t.ws.media.countErrors()).toBe(4);

      const again = await runImport(t.runner, t.ws, 'folder', { root });
      expect(again.report).toMatchObject({ created: { count: 0 }, skipped: { count: 10 }, probe: { ok: 6, failed: 4 } });
      expect(again.report.unreadable.count).toBe(4);
      expect(t.ws.counts()).toMatchObject({ media: 10, clips: 10, classes: 5 });
    } finally {
      await t.close();
    }
  });

  it('previews without writing: images can be left out', async () => {
    const { root } = awkwardTree();
    symlinkSync('self.mp4', join(root, 'Walk', 'self.mp4')); // a link to itself
    const plan = await planImport('folder', { root, images: false });
    expect(plan.problems.filter((x) => x.kind === 'symlink-loop').map((x) => x.file).sort())
      .toEqual([join(root, 'Walk', 'loop'), join(root, 'Walk', 'self.mp4')]);
    expect(plan.clips.some((c) => c.kind === 'image')).toBe(false);
    expect(plan.problems.filter((x) => x.kind === 'ignored').map((x) => x.file)).toContain(join(root, 'Walk', 'still.png'));
    await expect(planImport('folder', { root: join(root, 'nope') })).rejects.toThrow(/Folder not found: .*nope/);
    await expect(planImport('folder', { root: join(root, 'notes.txt') })).rejects.toThrow(/is a file, not a folder/);
  });
});

/** A tree of `n` small files in three classes (copies of one video; probing is off in these tests). */
function bigTree(n: number): string {
  const root = tempDir();
  for (let i = 0; i < n; i++) tinyVideo(join(root, `class${i % 3}`, `clip${String(i).padStart(3, '0')}.mp4`));
  return root;
}

describe('import job resumption', () => {
  it('is cancelled between batches and resumed without duplicates; the report covers both runs', async () => {
    const root = bigTree(30);
    const t = openTestWorkspace();
    try {
      const id = t.runner.enqueue('dataset.import', { importer: 'folder', options: { root }, probe: false, batchSize: 2 });
      while (t.ws.clips.count() === 0) await new Promise((r) => setImmediate(r));
      t.runner.cancel(id);
      expect((await t.runner.wait(id)).state).toBe('cancelled');
      const partial = t.ws.clips.count();
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(30);
      expect(partial % 2).toBe(0); // whole batches only

      t.runner.resume(id);
      expect((await t.runner.wait(id)).state).toBe('done');
      const report = JSON.parse(t.ws.jobs.get(id)!.result!) as ImportReport;
      expect(report.created.count).toBe(30);
      expect(report.skipped.count).toBe(0);
      expect(new Set(report.created.files).size).toBe(30);
      expect(t.ws.counts()).toMatchObject({ media: 30, clips: 30, classes: 3 });
    } finally {
      await t.close();
    }
  });

  it('continues after the app stopped mid-import (interrupted job, new runner)', async () => {
    const root = bigTree(12);
    const t = openTestWorkspace();
    try {
      const id = t.runner.enqueue('dataset.import', { importer: 'folder', options: { root }, probe: false, batchSize: 3 });
      while (t.ws.clips.count() === 0) await new Promise((r) => setImmediate(r));
      await t.runner.dispose(); // like quitting the app while the job runs
      expect(t.ws.jobs.get(id)!.state).toBe('interrupted');
      const runner = new JobRunner(t.ws, { jobChanged: () => undefined, clipsChanged: () => undefined });
      try {
        runner.resume(id);
        expect((await runner.wait(id)).state).toBe('done');
        expect((JSON.parse(t.ws.jobs.get(id)!.result!) as ImportReport).created.count).toBe(12);
        expect(t.ws.counts()).toMatchObject({ media: 12, clips: 12 });
      } finally {
        await runner.dispose();
      }
    } finally {
      await t.close();
    }
  });
});
