import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runExport } from '../../../src-main/datasets/export/runExport.js';
import { removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';
import { makeExportWorkspace, type ExportFixture } from './exportFixture.js';
import { clipRows, openTestWorkspace, runImport, subsetsOf } from './importTestUtils.js';

let fx: ExportFixture | null = null;
afterEach(() => {
  fx?.ws.close();
  fx = null;
  removeTempDirs();
});

/** Clips of a workspace as comparable rows: path, label, trim, group, view (by path and start). */
const rows = (ws: ExportFixture['ws']): unknown[] => clipRows(ws).map((c) => [c.path, c.label, c.start, c.end, c.group, c.view]);

describe('exported lists re-imported with the importers', () => {
  it('csv manifest -> manifest importer: the same clips, labels, trims, groups, views and split', async () => {
    fx = await makeExportWorkspace({ realVideos: true });
    const out = tempDir();
    await runExport(fx.ws, { format: 'csv', split: 'split1', out });
    const t = openTestWorkspace();
    try {
      // Only files that exist import; the fixture's other three name no file (the importer reports them missing).
      const { report } = await runImport(t.runner, t.ws, 'csv', { file: join(out, 'manifest.csv') }, { probe: false });
      expect(report.missing.count).toBe(3);
      const real = new Set([fx.p.avi, fx.p.short, fx.p.long]);
      expect(rows(t.ws)).toEqual(rows(fx.ws).filter((r) => real.has((r as string[])[0]!)));
      const theirs = subsetsOf(t.ws, 'manifest');
      expect([...theirs.entries()].sort()).toEqual([...subsetsOf(fx.ws, 'split1').entries()].filter(([p]) => real.has(p)).sort());
    } finally {
      await t.close();
    }
  });

  it('ucf101 lists -> UCF101 importer: the same train/test clips with the same labels and groups', async () => {
    fx = await makeExportWorkspace({ realVideos: true });
    const out = tempDir();
    await runExport(fx.ws, { format: 'ucf101', split: 'split1', out });
    const t = openTestWorkspace();
    try {
      await runImport(t.runner, t.ws, 'ucf101', { root: fx.root, splitsDir: out, splits: [1] }, { probe: false });
      const subsets = subsetsOf(t.ws, 'ucf101-split1');
      expect([...subsets.entries()].sort()).toEqual([[fx.p.short, 'test'], [fx.p.avi, 'train']].sort());
      const imported = clipRows(t.ws).filter((c) => subsets.has(c.path)).map((c) => [c.path, c.label, c.group]);
      expect(imported.sort()).toEqual([[fx.p.avi, 'ApplyEyeMakeup', 'g01'], [fx.p.short, 'PoolCleaning', 'g02']].sort());
    } finally {
      await t.close();
    }
  });
});
