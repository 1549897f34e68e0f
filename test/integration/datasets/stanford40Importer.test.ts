import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planImport } from '../../../src-main/datasets/importers/registry.js';
import type { ImportPlan } from '../../../src-main/datasets/importers/plan.js';
import { FIXTURES } from '../../helpers/fixtures.js';
import { cleanTempDirs, clipRows, openTestWorkspace, runImport, subsetsOf, tempDir, tinyImage } from './importTestUtils.js';

const LISTS = join(FIXTURES, 'splits', 'stanford40');

afterEach(() => cleanTempDirs());

/** Val clips' names of a plan's only split set. */
function valNames(plan: ImportPlan): string[] {
  return plan.splitSets[0]!.assignments.filter((a) => a.subset === 'val').map((a) => plan.clips[a.clip]!.name).sort();
}

describe('Stanford-40 importer', () => {
  it('imports the listed images that exist as image clips with the official split', async () => {
    const root = tempDir();
    const images = join(root, 'JPEGImages');
    mkdirSync(images);
    const one = tinyImage(join(images, 'applauding_177.jpg')); // first train line (CRLF list)
    for (const n of ['applauding_119.jpg', 'watching_TV_106.jpg']) copyFileSync(one, join(images, n));
    const testImage = tinyImage(join(images, 'applauding_254.jpg'));
    copyFileSync(one, join(images, 'not_listed_001.jpg'));
    const t = openTestWorkspace();
    try {
      const { report } = await runImport(t.runner, t.ws, 'stanford40', { root, splitsDir: LISTS });
      expect(report.created.count).toBe(4);
      expect(report.missing.count).toBe(200 + 307 - 4);
      expect(report.ignored.files).toEqual([join(images, 'not_listed_001.jpg')]);
      expect(report.probe).toEqual({ ok: 4, failed: 0 });
      expect(report.splitSets[0]).toMatchObject({ name: 'stanford40-official', assigned: { train: 3, val: 0, test: 1, unused: 0 } });
      expect(clipRows(t.ws).map((c) => [c.name, c.label, c.kind])).toEqual([
        ['applauding_119', 'applauding', 'image'], ['applauding_177', 'applauding', 'image'],
        ['applauding_254', 'applauding', 'image'], ['watching_TV_106', 'watching_TV', 'image'],
      ]);
      expect(subsetsOf(t.ws, 'stanford40-official').get(testImage)).toBe('test');
      expect(t.ws.media.list().every((m) => m.status === 'ok' && m.frameCount === 1 && m.width === 32)).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('counts every list line and draws a stratified, seeded validation subset from train', async () => {
    const opts = { root: tempDir(), splitsDir: LISTS, includeMissing: true };
    const plain = await planImport('stanford40', opts);
    expect(plain.splitSets[0]!.listed).toEqual({ train: 200, val: 0, test: 307, unused: 0 });
    expect(plain.clips).toHaveLength(507);

    const a = await planImport('stanford40', { ...opts, valCount: 20, seed: 7 });
    const set = a.splitSets[0]!;
    const count = (subset: string, label: string): number =>
      set.assignments.filter((x) => x.subset === subset && a.clips[x.clip]!.label === label).length;
    expect([count('val', 'applauding'), count('val', 'watching_TV')]).toEqual([10, 10]); // 100 train each
    expect([count('train', 'applauding'), count('test', 'watching_TV')]).toEqual([90, 123]);
    expect(set.params.validation).toEqual({ count: 20, fraction: null, from: 'train', stratifiedBy: 'class', seed: 7 });
    expect(valNames(await planImport('stanford40', { ...opts, valCount: 20, seed: 7 }))).toEqual(valNames(a));
    expect(valNames(await planImport('stanford40', { ...opts, valCount: 20, seed: 8 }))).not.toEqual(valNames(a));
    expect(valNames(await planImport('stanford40', { ...opts, valFraction: 0.1 }))).toHaveLength(20);

    await expect(planImport('stanford40', { ...opts, valCount: 500 })).rejects.toThrow(/valCount 500 is more than the 200 train images/);
    await expect(planImport('stanford40', { ...opts, valCount: 5, valFraction: 0.1 })).rejects.toThrow(/valCount or valFraction, not both/);
  });

  it('takes the class list from actions.txt when it is there', async () => {
    const lists = tempDir();
    for (const f of ['applauding_train.txt', 'applauding_test.txt']) copyFileSync(join(LISTS, f), join(lists, f));
    writeFileSync(join(lists, 'actions.txt'), 'action_name\tnumber_of_images\napplauding\t284\nwaving_hands\t210\n');
    const plan = await planImport('stanford40', { root: tempDir(), splitsDir: lists });
    expect(plan.splitSets[0]!.listed).toEqual({ train: 100, val: 0, test: 184, unused: 0 });
    expect(plan.problems.filter((p) => p.kind === 'missing' && p.file.endsWith('.txt')).map((p) => p.file))
      .toEqual([join(lists, 'waving_hands_train.txt'), join(lists, 'waving_hands_test.txt')]);
  });
});
