import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planImport } from '../../../src-main/datasets/importers/registry.js';
import { TVHI_SET1, TVHI_SET2 } from '../../../src-main/datasets/importers/tvhiImporter.js';
import { cleanTempDirs, clipRows, openTestWorkspace, runImport, subsetsOf, tempDir, tinyVideo } from './importTestUtils.js';

afterEach(() => cleanTempDirs());

/** A TV-HI folder with a few clips of each kind. */
function tvhiRoot(): { root: string; paths: Record<string, string> } {
  const root = tempDir();
  const paths: Record<string, string> = {};
  for (const n of ['handShake_0002', 'handShake_0001', 'kiss_0050', 'negative_0001', 'negative_0002']) {
    paths[n] = tinyVideo(join(root, `${n}.avi`));
  }
  paths.other = tinyVideo(join(root, 'holiday.mp4'));
  writeFileSync(join(root, 'readme.txt'), 'TV Human Interactions');
  return { root, paths };
}

describe('TV Human Interactions importer', () => {
  it('uses the readme sets: 25 + 25 distinct clips per class covering 1..50', () => {
    for (let c = 0; c < 4; c++) {
      const all = [...TVHI_SET1[c]!, ...TVHI_SET2[c]!].sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect([TVHI_SET1[c]!.length, TVHI_SET2[c]!.length]).toEqual([25, 25]);
    }
  });

  it('skips negatives by default and splits positives into the official test (set 1) and train (set 2)', async () => {
    const { root, paths } = tvhiRoot();
    const t = openTestWorkspace();
    try {
      const { report } = await runImport(t.runner, t.ws, 'tvhi', { root }, { probe: false });
      expect(report.created.count).toBe(3);
      expect(report.ignored.files.sort()).toEqual([paths.negative_0001, paths.negative_0002, paths.other].sort());
      expect(report.missing.count).toBe(200 - 3);
      expect(report.missing.files).toContain('hug_0002.avi');
      expect(Object.fromEntries(subsetsOf(t.ws, 'tvhi-official'))).toEqual({
        [paths.handShake_0002!]: 'test', [paths.handShake_0001!]: 'train', [paths.kiss_0050!]: 'train',
      });
      expect(clipRows(t.ws).map((c) => c.label).sort()).toEqual(['handShake', 'handShake', 'kiss']);
    } finally {
      await t.close();
    }
  });

  it('imports negatives as class none, marked negative, outside the official split', async () => {
    const { root, paths } = tvhiRoot();
    const plan = await planImport('tvhi', { root, negatives: 'none' });
    expect(plan.splitSets[0]!.listed).toEqual({ train: 100, val: 0, test: 100, unused: 0 });
    const negatives = plan.clips.filter((c) => c.status === 'negative');
    expect(negatives.map((c) => [c.path, c.label])).toEqual([[paths.negative_0001, 'none'], [paths.negative_0002, 'none']]);
    const assigned = new Set(plan.splitSets[0]!.assignments.map((a) => plan.clips[a.clip]!.path));
    expect(negatives.some((c) => assigned.has(c.path))).toBe(false);
    await expect(planImport('tvhi', { root, negatives: 'maybe' })).rejects.toThrow(/negatives/);
  });
});
