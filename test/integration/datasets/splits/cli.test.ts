import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeakReport, SplitSetInfo, SplitStats } from '../../../../src-main/ipc/contract.js';
import { runMwb } from '../../../helpers/cli.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { makeLeakWorkspace, type LeakFixture } from './leakFixture.js';

let fx: LeakFixture;
let ws: string;
let appData: string;
beforeAll(async () => {
  fx = await makeLeakWorkspace();
  fx.split('planted', { long1: 'train', long2: 'test', testsrc: 'train', mandel: 'val', eye: 'train', eyeCopy: 'test' });
  ws = fx.ws.path;
  fx.ws.close();
  appData = tempDir('mwb-cli-');
});
afterAll(() => removeTempDirs());

const mwb = (...args: string[]) => runMwb(['split', ...args], appData);

describe('mwb split', () => {
  it('create / list / stats / lock, with --json', () => {
    const created = mwb('create', ws, '--name', 'grp', '--strategy', 'group', '--ratios', '0.6,0.2,0.2', '--seed', '5', '--json');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const set = JSON.parse(created.stdout) as SplitSetInfo;
    expect(set).toMatchObject({ name: 'grp', strategy: 'group', seed: 5, locked: false, params: { ratios: [0.6, 0.2, 0.2] } });
    expect(set.subsets.train + set.subsets.val + set.subsets.test).toBe(9);

    const k = mwb('create', ws, '--name', 'k3', '--strategy', 'kfold', '--folds', '3', '--seed', '1');
    expect(k.status).toBe(0);
    expect(k.stdout).toContain('k3  (3-fold stratified group-aware, seed 1)');
    expect(k.stdout).toMatch(/content hash [0-9a-f]{64}/);

    const stats = JSON.parse(mwb('stats', ws, '--name', 'grp', '--json').stdout) as SplitStats;
    expect(stats.parts.map((p) => p.key)).toEqual(['train', 'val', 'test']);
    expect(stats.groups.straddling).toBe(0);
    expect(stats.classes.map((c) => c.name)).toEqual(['actionA', 'actionB']);
    const table = mwb('stats', ws, '--name', 'grp');
    expect(table.stdout).toMatch(/^class\s+Train\s+Val\s+Test\s+total$/m);
    expect(table.stdout).toContain('groups in more than one subset: 0 of 1; source videos: 0 of 8');

    expect(JSON.parse(mwb('lock', ws, '--name', 'grp', '--json').stdout)).toMatchObject({ locked: true });
    const refused = mwb('assign', ws, '--name', 'grp', '--clips', String(fx.ids.eye), '--subset', 'test');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('mwb: Split set "grp" is locked (training runs reference it by its content hash)');
    const list = JSON.parse(mwb('list', ws, '--json').stdout) as SplitSetInfo[];
    expect(list.map((s) => [s.name, s.locked])).toEqual([['grp', true], ['k3', false], ['planted', false]]);
    expect(list[0]!.contentHash).toBe(set.contentHash);
  });

  it('check --json lists findings with their kind and clips; a group split has no metadata leaks', () => {
    const r = mwb('check', ws, '--name', 'planted', '--json', '--fail-on-leak');
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout) as LeakReport;
    expect(report.findings.map((f) => f.kind)).toEqual(['same-source', 'same-group', 'near-duplicate']);
    for (const f of report.findings) {
      expect(f.clips.length).toBe(2);
      for (const c of f.clips) expect(c).toEqual(expect.objectContaining({ clipId: expect.any(Number), subset: expect.any(String), path: expect.any(String) }));
    }
    expect(r.stderr).toContain('[done] Leakage check of split set "planted"');

    const g = mwb('check', ws, '--name', 'grp');
    expect(g.status).toBe(0);
    expect(g.stdout).not.toMatch(/^same-(source|group):/m);
    // The planted set hashed 6 clips; this check reads those from the cache and hashes the other 3.
    expect(g.stdout).toContain('near-duplicates: 3 clip(s) hashed, 6 from the cache, 0 skipped; threshold 10 bits');

    const missing = mwb('check', ws, '--name', 'nope', '--json');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('mwb: There is no split set named "nope" in this workspace; there are: grp, k3, planted');
  });
});
