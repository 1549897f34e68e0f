import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHmdbName } from '../../../src-main/datasets/importers/hmdb51Importer.js';
import { planImport } from '../../../src-main/datasets/importers/registry.js';
import { FIXTURES } from '../../helpers/fixtures.js';
import { cleanTempDirs, clipRows, openTestWorkspace, runImport, subsetsOf, tempDir, tinyVideo } from './importTestUtils.js';

const LISTS = join(FIXTURES, 'splits', 'hmdb51');

afterEach(() => cleanTempDirs());

describe('HMDB51 importer', () => {
  it('parses the 153 official lists into three split sets with exact counts', async () => {
    const plan = await planImport('hmdb51', { root: tempDir(), splitsDir: LISTS });
    expect(plan.splitSets.map((s) => s.name)).toEqual(['hmdb51-split1', 'hmdb51-split2', 'hmdb51-split3']);
    expect(plan.splitSets[0]!.listed).toEqual({ train: 3570, val: 0, test: 1530, unused: 1666 });
    for (const s of plan.splitSets) expect(s.listed.train + s.listed.test + s.listed.unused).toBe(6766);
    expect(plan.problems.filter((p) => p.kind === 'missing')).toHaveLength(6766); // each video once, not once per split
    expect(plan.problems.filter((p) => p.kind !== 'missing')).toEqual([]);
  });

  it('imports present videos with class, source group, view, tags and all three subsets', async () => {
    const root = tempDir();
    const names = {
      train: 'April_09_brush_hair_u_nm_np1_ba_goo_0.avi',
      unused: 'Aussie_Brunette_Brushing_Hair_II_brush_hair_u_nm_np1_ba_goo_4.avi',
      test: 'Aussie_Brunette_Brushing_Long_Hair_brush_hair_u_nm_np1_ba_med_3.avi',
      odd: 'Brushing_Her_Hair__[_NEW_AUDIO_]_UPDATED!!!!_brush_hair_h_cm_np1_le_goo_3.avi',
      cartwheel: '(Rad)Schlag_die_Bank!_cartwheel_f_cm_np1_le_med_0.avi',
    };
    const paths = Object.fromEntries(Object.entries(names).map(([k, n]) => {
      const cls = n.includes('cartwheel') ? 'cartwheel' : 'brush_hair';
      return [k, tinyVideo(join(root, cls, n))];
    }));
    const t = openTestWorkspace();
    try {
      const { report } = await runImport(t.runner, t.ws, 'hmdb51', { root, splitsDir: LISTS, splits: [1] }, { probe: false });
      expect(report.created.count).toBe(5);
      expect(report.missing.count).toBe(6766 - 5);
      expect(report.probe).toBeNull();
      expect(report.splitSets).toEqual([{ name: 'hmdb51-split1', created: true, locked: false, assigned: { train: 2, val: 0, test: 1, unused: 2 } }]);
      const s1 = subsetsOf(t.ws, 'hmdb51-split1');
      expect([s1.get(paths.train!), s1.get(paths.test!), s1.get(paths.unused!), s1.get(paths.odd!), s1.get(paths.cartwheel!)])
        .toEqual(['train', 'test', 'unused', 'unused', 'train']);
      const odd = clipRows(t.ws).find((c) => c.path === paths.odd)!;
      expect(odd).toMatchObject({ label: 'brush_hair', group: 'Brushing_Her_Hair__[_NEW_AUDIO_]_UPDATED!!!!', view: 'le' });
      const tags = t.ws.db.prepare('SELECT tags FROM clips WHERE name = ?').get('(Rad)Schlag_die_Bank!_cartwheel_f_cm_np1_le_med_0') as { tags: string };
      expect(JSON.parse(tags.tags)).toEqual(['body:f', 'camera:cm', 'people:np1', 'quality:med']);
    } finally {
      await t.close();
    }
  });

  it('reads source group and view from every official file name', async () => {
    const plan = await planImport('hmdb51', { root: tempDir(), splitsDir: LISTS, splits: '1', includeMissing: true });
    expect(plan.clips).toHaveLength(6766);
    expect(plan.clips.filter((c) => !c.view || !c.group)).toEqual([]);
    expect(new Set(plan.clips.map((c) => c.view))).toEqual(new Set(['fr', 'ba', 'le', 'ri']));
    expect(new Set(plan.clips.map((c) => c.label)).size).toBe(51);
    expect(parseHmdbName('nothing_like_it.avi', 'clap')).toEqual({ group: null, view: null, tags: [] });
  });
});
