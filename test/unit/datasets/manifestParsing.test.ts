import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-main/datasets/importers/csv.js';
import { splitLines } from '../../../src-main/datasets/importers/listFiles.js';
import { toRow } from '../../../src-main/datasets/importers/manifestRows.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, any line end, and a BOM', () => {
    const text = '\uFEFFpath,label\r\n"a, ""b"".mp4", wave \n"two\r\nlines.mp4",x\r\r\nlast.mp4,"  kept  "';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['path', 'label'] },
      { line: 2, fields: ['a, "b".mp4', 'wave'] },
      { line: 3, fields: ['two\r\nlines.mp4', 'x'] },
      { line: 6, fields: ['last.mp4', '  kept  '] },
    ]);
  });

  it('keeps empty fields and names the line of an unclosed quote', () => {
    expect(parseCsv('a,,c,\n')).toEqual([{ line: 1, fields: ['a', '', 'c', ''] }]);
    expect(() => parseCsv('ok\n"never closed,\nx')).toThrow('line 2: a quoted field is never closed (missing ")');
  });
});

describe('manifest rows', () => {
  it('turns columns into a clip with defaults and validates times and split names', () => {
    expect(toRow(3, { path: 'a.mp4' })).toEqual({ line: 3, path: 'a.mp4', label: null, start: 0, end: null, group: null, view: null, split: null });
    expect(toRow(1, { path: 'a.mp4', label: 'x', start: ' 1.5', end: '3', group: 'g', view: 'v', split: 'Validation' }))
      .toMatchObject({ start: 1.5, end: 3, split: 'val' });
    expect(toRow(1, { path: '' })).toBe('no path');
    expect(toRow(1, { path: 'a', start: '-1' })).toBe('start "-1" is not a time in seconds >= 0');
    expect(toRow(1, { path: 'a', start: 2, end: 2 })).toBe('end "2" is not a time in seconds after start (2)');
    expect(toRow(1, { path: 'a', end: 'soon' })).toBe('end "soon" is not a time in seconds after start (0)');
    expect(toRow(1, { path: 'a', split: 'dev' })).toBe('split "dev" is not train, val, test or unused');
  });
});

describe('split lists', () => {
  it('splits CRLF, LF and CR lines, drops blanks and the BOM, and keeps line numbers', () => {
    expect(splitLines('\uFEFFa 1\r\nb 2 \n\n  \rc\r\n')).toEqual([{ n: 1, text: 'a 1' }, { n: 2, text: 'b 2' }, { n: 5, text: 'c' }]);
  });
});
