import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLeakageCheck, checkSpecSchema } from '../../../../src-main/datasets/splits/leakage/checkJob.js';
import { createWorkbench } from '../../../../src-main/core.js';
import type { JobInfo } from '../../../../src-main/ipc/contract.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { makeLeakWorkspace, type LeakFixture } from './leakFixture.js';

let fx: LeakFixture;
beforeAll(async () => {
  fx = await makeLeakWorkspace();
});
afterAll(() => {
  fx?.ws.close();
  removeTempDirs();
});

const spec = (splitSetId: number, extra: Record<string, unknown> = {}) => checkSpecSchema.parse({ splitSetId, ...extra });

describe('leakage check on real videos', () => {
  it('finds the planted same-source, same-group and re-encoded duplicate leaks, and nothing else', async () => {
    const id = fx.split('leaky', {
      long1: 'train', long2: 'test', testsrc: 'train', mandel: 'val', eye: 'train', eyeCopy: 'test', life: 'train', cells: 'test', bars: 'val',
    });
    const phases = new Set<string>();
    const report = await runLeakageCheck(fx.ws, spec(id), { progress: (p) => phases.add(p.phase) });
    expect([...phases]).toEqual(['splits.meta', 'splits.hash', 'splits.compare']);
    expect(report.counts).toEqual({ 'same-source': 1, 'same-group': 1, 'near-duplicate': 1 });
    expect(report.findings.map((f) => [f.kind, f.clips.map((c) => c.clipId)])).toEqual([
      ['same-source', [fx.ids.long1, fx.ids.long2]],
      ['same-group', [fx.ids.testsrc, fx.ids.mandel]],
      ['near-duplicate', [fx.ids.eye, fx.ids.eyeCopy]],
    ]);
    const dup = report.findings[2]!;
    expect(dup.distance).toBeLessThanOrEqual(4);
    expect(dup.parts).toEqual(['train', 'test']);
    expect(dup.clips.map((c) => [c.name, c.subset, c.path.split('/').pop()])).toEqual([['eye', 'train', 'eye.mp4'], ['holiday_clip_0042', 'test', 'holiday_clip_0042.mp4']]);
    expect(report.findings[0]!.clips.map((c) => [c.start, c.end])).toEqual([[0, 2], [6, 8]]);
    expect(report.findings[1]!.message).toBe('Group actor1 has clips in train (1) and val (1)');
    expect(report.nearDuplicates).toMatchObject({ checked: true, threshold: 10, framesPerClip: 5, hashed: 9, cached: 0, skipped: [] });
    expect(report.clips).toBe(9);
  });

  it('reports no leaks on a clean split, reusing the cached hashes', async () => {
    const id = fx.split('clean', {
      long1: 'train', long2: 'train', testsrc: 'train', mandel: 'train', eye: 'train', eyeCopy: 'train', life: 'val', cells: 'test', bars: 'test',
    });
    const report = await runLeakageCheck(fx.ws, spec(id));
    expect(report.findings).toEqual([]);
    expect(report.counts).toEqual({ 'same-source': 0, 'same-group': 0, 'near-duplicate': 0 });
    expect(report.nearDuplicates).toMatchObject({ hashed: 0, cached: 9 });
    expect(readdirSync(join(fx.ws.cacheDir, 'phash')).filter((f) => f.endsWith('.json'))).toHaveLength(9);
    // Unused clips take no part: the leaky pairs are fine when one side is unused.
    const unused = fx.split('unused side', { long1: 'train', long2: 'unused', eye: 'test', eyeCopy: 'unused', testsrc: 'val', mandel: 'unused' });
    expect((await runLeakageCheck(fx.ws, spec(unused))).findings).toEqual([]);
  });

  it('a missing video is skipped with its reason, not a failure; metadata rules still run', async () => {
    const m = fx.ws.media.upsert(join(fx.dir, 'gone.mp4'));
    fx.ws.db.prepare("UPDATE media SET status = 'missing' WHERE id = ?").run(m);
    const gone = fx.ws.clips.upsert({ mediaId: m, name: 'gone', classId: 1 });
    const set = fx.ws.splitSets.ensure({ name: 'with missing', strategy: 'official' }).id;
    fx.ws.splitSets.assign(set, gone, 'test');
    fx.ws.splitSets.assign(set, fx.ids.eye, 'train');
    const report = await runLeakageCheck(fx.ws, spec(set));
    expect(report.nearDuplicates.skipped).toEqual([{ clipId: gone, name: 'gone', reason: 'its media file is missing' }]);
    expect(report.findings).toEqual([]);
  });

  it('runs as a cancellable splits.check job with progress', async () => {
    const workbench = createWorkbench(tempDir('mwb-app-'));
    const wsPath = fx.ws.path;
    const setId = (fx.ws.db.prepare("SELECT id FROM split_sets WHERE name = 'leaky'").get() as { id: number }).id;
    fx.ws.close(); // the workbench opens (and locks) the workspace itself
    try {
      await workbench.open(wsPath);
      // A cold cache, so hashing has work to do when the cancel arrives.
      const cache = join(wsPath, 'cache', 'phash');
      for (const f of readdirSync(cache)) rmSync(join(cache, f));
      const seen: JobInfo[] = [];
      let jobId = 0;
      let asked = false;
      const cancelled = new Promise<void>((resolve) => {
        workbench.onEvent((event, payload) => {
          const job = payload as JobInfo;
          if (event !== 'jobs:changed' || job.id !== jobId) return;
          seen.push(job);
          if (!asked && job.progress.phase === 'splits.hash' && job.progress.done >= 1 && job.state === 'running') {
            asked = true;
            void workbench.jobs.cancelSettled(job.id).then(() => resolve());
          }
        });
      });
      jobId = workbench.jobs.enqueue('splits.check', { splitSetId: setId, name: 'leaky' });
      await cancelled;
      expect(workbench.jobs.info(jobId).state).toBe('cancelled');
      expect(seen.some((j) => j.progress.phase === 'splits.hash' && j.progress.total === 9)).toBe(true);
      // Resuming reads what was hashed before the cancel from the cache and finishes.
      workbench.jobs.resume(jobId);
      expect((await workbench.jobs.wait(jobId)).state).toBe('done');
      const report = workbench.jobs.result(jobId).result as { counts: Record<string, number>; nearDuplicates: { cached: number; hashed: number } };
      expect(report.counts).toEqual({ 'same-source': 1, 'same-group': 1, 'near-duplicate': 1 });
      expect(report.nearDuplicates.cached).toBeGreaterThanOrEqual(1);
      expect(report.nearDuplicates.cached + report.nearDuplicates.hashed).toBe(9);
    } finally {
      await workbench.dispose();
    }
  });
});
