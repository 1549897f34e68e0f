import { describe, expect, it } from 'vitest';
import type { ImportOptionField } from '../../../src-main/ipc/contract';
import { initialValues, sourceOf, toOptions } from '../../../src-renderer/src/lib/importForm';
import { asImportReport, problemGroups, problemTotal, relativeTo, withoutRoot } from '../../../src-renderer/src/lib/importReport';

const FIELDS: ImportOptionField[] = [
  { name: 'root', type: 'folder', label: 'Dataset folder', required: true },
  { name: 'images', type: 'boolean', label: 'Images', default: true, required: false },
  { name: 'valCount', type: 'integer', label: 'Validation images', required: false },
  { name: 'valFraction', type: 'number', label: 'Validation fraction', required: false },
  { name: 'seed', type: 'integer', label: 'Seed', default: 1, required: false },
  { name: 'negatives', type: 'choice', label: 'Negatives', choices: ['skip', 'none'], default: 'skip', required: false },
];

describe('import wizard form', () => {
  it('starts from the defaults, empty where there is none', () => {
    expect(initialValues(FIELDS)).toEqual({ root: '', images: true, valCount: '', valFraction: '', seed: '1', negatives: 'skip' });
  });

  it('parses numbers, leaves empty optional fields to the importer, trims paths', () => {
    const v = { ...initialValues(FIELDS), root: '  /data/ucf  ', valFraction: '0.1' };
    expect(toOptions(FIELDS, v)).toEqual({
      options: { root: '/data/ucf', images: true, valFraction: 0.1, seed: 1, negatives: 'skip' },
      errors: {},
    });
    expect(sourceOf(FIELDS, v)).toBe('/data/ucf');
  });

  it('names each field to fix: required, whole numbers, numbers, choices', () => {
    const v = { ...initialValues(FIELDS), valCount: '2.5', valFraction: 'abc', negatives: 'maybe' };
    expect(toOptions(FIELDS, v).errors).toEqual({
      root: 'Dataset folder is required.',
      valCount: 'Validation images must be a whole number.',
      valFraction: 'Validation fraction must be a number.',
      negatives: 'Negatives must be one of: skip, none.',
    });
  });
});

describe('import report display', () => {
  it('recognises an ImportReport and rejects other results', () => {
    const list = { count: 0, files: [] };
    const report = { importer: 'folder', root: '/d', created: list, skipped: list, missing: list, unreadable: list, ignored: list };
    expect(asImportReport(report)).toBe(report);
    expect(asImportReport({ ...report, created: 3 })).toBeNull();
    expect(asImportReport(null)).toBeNull();
    expect(asImportReport('done')).toBeNull();
  });

  it('orders problem kinds by severity and drops empty ones', () => {
    const counts = { ignored: 2, missing: 13319, 'symlink-loop': 0, unreadable: 1 };
    expect(problemGroups(counts).map((g) => g.kind)).toEqual(['missing', 'unreadable', 'ignored']);
    expect(problemTotal(counts)).toBe(13322);
  });

  it('shows paths under the dataset root relative to it', () => {
    expect(relativeTo('/data/set/', '/data/set/a/b.mp4')).toBe('a/b.mp4');
    expect(relativeTo('/data/set', '/data/settings/b.mp4')).toBe('/data/settings/b.mp4');
    expect(withoutRoot('/data/set', '/data/set/a.mp4 is empty; /data/set/b.mp4 too')).toBe('a.mp4 is empty; b.mp4 too');
  });
});
