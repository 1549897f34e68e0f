import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runExport } from '../../../src-main/datasets/export/runExport.js';
import { removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';
import { makeExportWorkspace, type ExportFixture } from './exportFixture.js';

let fx: ExportFixture | null = null;
afterEach(() => {
  fx?.ws.close();
  fx = null;
  removeTempDirs();
});
const read = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');

describe('dataset export', () => {
  it('csv: every clip with path, label, trim, group, view and split subset, RFC 4180 quoting', async () => {
    fx = await makeExportWorkspace();
    const out = tempDir();
    const r = await runExport(fx.ws, { format: 'csv', split: 'split1', out });
    const { p } = fx;
    expect(read(out, 'manifest.csv')).toBe([
      'path,label,start,end,group,view,split',
      `${p.avi},ApplyEyeMakeup,0,,g01,,train`,
      `${p.short},PoolCleaning,0,,g02,,test`,
      `${p.long},PoolCleaning,2.5,3.5,g01,fr,val`,
      `${p.nolabel},,0,,g03,,train`,
      `${p.unused},PoolCleaning,0,,g04,,unused`,
      `${p.odd},"Odd, ""quoted""",0,,,,`,
      ''].join('\n'));
    expect(r.counts['manifest.csv']).toBe(6);
    const noSplit = await runExport(fx.ws, { format: 'csv', out: tempDir() });
    expect(read(noSplit.outDir, 'manifest.csv').split('\n')[1]).toBe(`${p.avi},ApplyEyeMakeup,0,,g01,,`);
  });

  it('ucf101: classInd (1-based, creation order), trainlist with labels, testlist without, CRLF, paths under the root', async () => {
    fx = await makeExportWorkspace();
    const out = tempDir();
    const r = await runExport(fx.ws, { format: 'ucf101', split: 'split1', out });
    expect(read(out, 'classInd.txt')).toBe('1 PoolCleaning\r\n2 ApplyEyeMakeup\r\n3 Odd,_"quoted"\r\n');
    expect(read(out, 'trainlist01.txt')).toBe('ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi 2\r\n');
    expect(read(out, 'testlist01.txt')).toBe('PoolCleaning/v_PoolCleaning_g02_c01.mp4\r\n');
    expect(read(out, 'vallist01.txt')).toBe('PoolCleaning/v_PoolCleaning_g01_c02.mp4 1\r\n');
    expect(r.root).toBe(fx.root);
    expect(r.warnings).toEqual([
      '1 clip(s) in the split have no label and were left out',
      '1 clip(s) are trimmed; video lists name whole files (use --rawframes or csv to keep trims)',
      'classInd.txt names classes without spaces; renamed: "Odd, "quoted""',
      'UCF101 lists have no validation part; 1 val clip(s) were written to vallist01.txt',
    ]);
    const three = await runExport(fx.ws, { format: 'ucf101', split: 'split1', out: tempDir(), fold: 3 });
    expect(three.files).toContain('trainlist03.txt');
    expect(JSON.parse(read(three.outDir, 'export.json'))).toMatchObject({ format: 'ucf101', split: 'split1', root: fx.root, classes: ['PoolCleaning', 'ApplyEyeMakeup', 'Odd, "quoted"'] });
  });

  it('mmaction2 video lists: `<path> <label>` with 0-based labels, one list per subset', async () => {
    fx = await makeExportWorkspace();
    const out = tempDir();
    const r = await runExport(fx.ws, { format: 'mmaction2', split: 'split1', out });
    expect(read(out, 'train_list_videos.txt')).toBe('ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi 1\n');
    expect(read(out, 'val_list_videos.txt')).toBe('PoolCleaning/v_PoolCleaning_g01_c02.mp4 0\n');
    expect(read(out, 'test_list_videos.txt')).toBe('PoolCleaning/v_PoolCleaning_g02_c01.mp4 0\n');
    expect(r.files).toEqual(['train_list_videos.txt', 'val_list_videos.txt', 'test_list_videos.txt', 'export.json']);
  });

  it('mmaction2 rawframes: img_00001.jpg... per clip in <class>/<clip>, trims honoured, and rawframe lists', async () => {
    fx = await makeExportWorkspace({ realVideos: true });
    const out = tempDir();
    const r = await runExport(fx.ws, { format: 'mmaction2', split: 'split1', out, rawframes: true, shortSide: 64 });
    expect(read(out, 'train_list_rawframes.txt')).toBe('ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01 164 1\n');
    expect(read(out, 'val_list_rawframes.txt')).toBe('PoolCleaning/v_PoolCleaning_g01_c02 30 0\n');
    expect(read(out, 'test_list_rawframes.txt')).toBe('PoolCleaning/v_PoolCleaning_g02_c01 32 0\n');
    const dir = join(out, 'rawframes', 'PoolCleaning', 'v_PoolCleaning_g02_c01');
    const imgs = readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort();
    expect(imgs[0]).toBe('img_00001.jpg');
    expect(imgs.at(-1)).toBe('img_00032.jpg');
    expect(imgs).toHaveLength(32);
    expect(r.counts.frames).toBe(164 + 30 + 32);
    expect(r.warnings.filter((w) => w.includes('flow'))).toEqual([]); // flow is opt-in (flow: 'farneback' | 'tvl1'), see exportFlow.test.ts
    expect(r.flow).toBeUndefined();
    const again = await runExport(fx.ws, { format: 'mmaction2', split: 'split1', out, rawframes: true, shortSide: 64 });
    expect(again.counts.frames).toBe(r.counts.frames); // finished folders are reused
  });

  it('a list re-read gives the same clips, labels and split as the workspace', async () => {
    fx = await makeExportWorkspace();
    const out = tempDir();
    await runExport(fx.ws, { format: 'csv', split: 'split1', out });
    await runExport(fx.ws, { format: 'ucf101', split: 'split1', out });
    const rows = read(out, 'manifest.csv').trim().split('\n').slice(1).map(parseCsvLine);
    const clips = fx.ws.db.prepare(`SELECT m.path, c.name AS label, k.start_s, k.end_s, k.group_name, k.view, a.subset FROM clips k
      JOIN media m ON m.id = k.media_id LEFT JOIN classes c ON c.id = k.class_id
      LEFT JOIN split_assignments a ON a.clip_id = k.id ORDER BY k.id`).all() as Record<string, string | number | null>[];
    expect(rows).toEqual(clips.map((c) => [c.path, c.label ?? '', String(c.start_s), c.end_s == null ? '' : String(c.end_s), c.group_name ?? '', c.view ?? '', c.subset ?? '']));
    const classes = read(out, 'classInd.txt').trim().split('\r\n').map((l) => l.slice(l.indexOf(' ') + 1));
    const train = read(out, 'trainlist01.txt').trim().split('\r\n').map((l) => l.split(' '));
    expect(train.map(([path, n]) => [join(fx!.root, path!), classes[Number(n) - 1]])).toEqual([[fx.p.avi, 'ApplyEyeMakeup']]);
  });

  it('explains what is wrong: unknown split, missing split, unknown format, paths with spaces', async () => {
    fx = await makeExportWorkspace();
    await expect(runExport(fx.ws, { format: 'ucf101', split: 'nope', out: tempDir() })).rejects.toThrow('No split set named "nope" in this workspace; it has: split1');
    await expect(runExport(fx.ws, { format: 'mmaction2', out: tempDir() })).rejects.toThrow('The mmaction2 export needs a split set: pass --split <name>');
    await expect(runExport(fx.ws, { format: 'coco', out: tempDir() })).rejects.toThrow('Unknown export format "coco"; known: csv, mmaction2, ucf101');
    const mid = fx.ws.media.upsert(join(fx.root, 'Pool Cleaning', 'a b.mp4'));
    const cid = fx.ws.clips.upsert({ mediaId: mid, name: 'a b', classId: 1 });
    fx.ws.splitSets.assign(1, cid, 'train');
    await expect(runExport(fx.ws, { format: 'mmaction2', split: 'split1', out: tempDir() })).rejects.toThrow(/1 media path\(s\) cannot be written .* contain whitespace.*a b\.mp4/);
  });
});

/** A minimal RFC 4180 line reader, independent of the exporter's writer. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}
