import { mkdirSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import '../../../src-main/jobs/kinds.js';
import { getImporter, listImporters, parseImportOptions } from '../../../src-main/datasets/importers/registry.js';
import { dispatch } from '../../../src-main/ipc/handlers/index.js';
import type { ImportReport } from '../../../src-main/ipc/contract.js';
import { Workbench } from '../../../src-main/workspace/workbench.js';

describe('importer registry', () => {
  it('lists every importer with form fields that match its options schema exactly', () => {
    const list = listImporters();
    expect(list.map((i) => i.id)).toEqual(['folder', 'ucf101', 'hmdb51', 'stanford40', 'tvhi', 'csv', 'dvs']);
    for (const info of list) {
      const shape = (getImporter(info.id).optionsSchema as unknown as z.ZodObject).shape;
      expect(info.options.map((o) => o.name).sort()).toEqual(Object.keys(shape).sort());
      expect(info.options[0]).toMatchObject({ required: true, type: expect.stringMatching(/^(folder|file)$/) });
      expect(info.options.filter((o) => o.required)).toHaveLength(1);
      expect(info.description.length).toBeGreaterThan(40);
    }
  });

  it('validates options with messages naming the importer and the option', () => {
    expect(parseImportOptions('folder', { root: 'rel/dir' })).toEqual({ root: join(process.cwd(), 'rel/dir'), images: true });
    expect(() => parseImportOptions('folder', {})).toThrow(/Invalid options for the Folder per class importer: root: root \(the folder with one sub-folder per class\) is required/);
    expect(() => parseImportOptions('folder', { root: '/x', rooot: 1 })).toThrow(/rooot/);
    expect(() => parseImportOptions('kinetics', {})).toThrow('Unknown importer "kinetics"; choose one of: folder, ucf101, hmdb51, stanford40, tvhi, csv, dvs');
  });
});

describe('dataset IPC channels', () => {
  it('lists, previews, starts an import and relinks through dispatch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mwb-import-ipc-'));
    const workbench = new Workbench(join(dir, 'app'));
    try {
      const ctx = { workbench, host: { mode: 'browser' as const, modeReason: null } };
      const data = join(dir, 'data');
      mkdirSync(join(data, 'Wave'), { recursive: true });
      const list = await dispatch('import:list', null, ctx);
      expect(list.ok && list.result.length).toBe(7);
      const preview = await dispatch('import:preview', { importer: 'folder', options: { root: data } }, ctx);
      expect(preview).toMatchObject({ ok: true, result: { importer: 'folder', root: data, clips: 0, media: 0, alreadyImported: 0, items: [] } });
      const bad = await dispatch('import:preview', { importer: 'folder', options: {} }, ctx);
      expect(bad).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(/root/) } });
      const missing = await dispatch('import:preview', { importer: 'folder', options: { root: join(dir, 'nope') } }, ctx);
      expect(missing).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/Folder not found/) } });
      expect(await dispatch('import:start', { importer: 'nope', options: {} }, ctx)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
      const started = await dispatch('import:start', { importer: 'folder', options: { root: data } }, ctx);
      if (!started.ok) throw new Error(started.error.message);
      expect((await workbench.jobs.wait(started.result.jobId)).state).toBe('done');
      const report = JSON.parse(workbench.workspace.jobs.get(started.result.jobId)!.result!) as ImportReport;
      expect(report).toMatchObject({ importer: 'folder', root: data, created: { count: 0 } });
      expect(await dispatch('media:relink', { folder: data }, ctx)).toEqual({ ok: true, result: { relinked: [], stillMissing: [], changed: [] } });
      expect(await dispatch('media:relink', { folder: '' }, ctx)).toMatchObject({ ok: false, error: { code: 'validation' } });
    } finally {
      await workbench.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
