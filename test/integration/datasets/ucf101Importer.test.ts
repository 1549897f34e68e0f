import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planImport } from '../../../src-main/datasets/importers/registry.js';
import { FIXTURES } from '../../helpers/fixtures.js';
import {
  cleanTempDirs, clipRows, ffmpegChildren, openTestWorkspace, runImport, subsetsOf, tempDir, tinyVideo,
} from './importTestUtils.js';

const LISTS = join(FIXTURES, 'splits', 'ucf101');

afterEach(() => {
  cleanTempDirs();
  expect(ffmpegChildren()).toEqual([]);
});

/** A copy of the official lists with LF line ends instead of CRLF. */
function lfCopy(): string {
  const dir = tempDir();
  for (const f of ['classInd.txt', 'trainlist01.txt', 'testlist01.txt']) {
    const text = readFileSync(join(LISTS, f), 'utf8');
    expect(text).toContain('\r\n'); // the fixture really is CRLF
    writeFileSync(join(dir, f), text.replace(/\r\n/g, '\n'));
  }
  return dir;
}

describe('UCF101 importer', () => {
  it('parses official split 1 exactly (CRLF and LF) and reports every listed video that is missing', async () => {
    const root = tempDir();
    for (const splitsDir of [LISTS, lfCopy()]) {
      const plan = await planImport('ucf101', { root, splitsDir });
      expect(plan.splitSets.map((s) => s.name)).toEqual(['ucf101-split1']);
      expect(plan.splitSets[0]!.listed).toEqual({ train: 9537, val: 0, test: 3783, unused: 0 });
      expect(plan.clips).toEqual([]);
      const missing = plan.problems.filter((p) => p.kind === 'missing');
      expect(missing).toHaveLength(13320);
      expect(plan.problems.filter((p) => p.kind !== 'missing')).toEqual([]);
      expect(missing[0]).toMatchObject({ file: 'ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi',
        message: expect.stringContaining(`trainlist01.txt (line 1) but is not under ${root}`) });
    }
  });

  it('imports the videos that exist with class, group and subset, and a second import only skips', async () => {
    const root = tempDir();
    const train = tinyVideo(join(root, 'ApplyEyeMakeup', 'v_ApplyEyeMakeup_g08_c01.avi'));
    const test = tinyVideo(join(root, 'ApplyEyeMakeup', 'v_ApplyEyeMakeup_g01_c01.avi'));
    // Folder spelled as in classInd, file as in the list: the lists mix the two spellings.
    const handstand = tinyVideo(join(root, 'HandstandPushups', 'v_HandStandPushups_g01_c01.avi'));
    const flat = tinyVideo(join(root, 'v_YoYo_g25_c05.avi')); // a flat layout works too
    const extra = tinyVideo(join(root, 'Extra', 'v_Extra_g01_c01.avi'));
    const t = openTestWorkspace();
    try {
      const { report } = await runImport(t.runner, t.ws, 'ucf101', { root, splitsDir: LISTS });
      expect(report.created.count).toBe(4);
      expect(report.skipped.count).toBe(0);
      expect(report.missing.count).toBe(13320 - 4);
      expect(report.missing.files).toHaveLength(1000); // capped list, real count above
      expect(report.ignored.files).toEqual([extra]);
      expect(report.splitSets).toEqual([{ name: 'ucf101-split1', created: true, locked: false, assigned: { train: 2, val: 0, test: 2, unused: 0 } }]);
      expect(report.probe).toEqual({ ok: 4, failed: 0 });
      expect(clipRows(t.ws).map((c) => [c.path, c.name, c.label, c.group])).toEqual([
        [test, 'v_ApplyEyeMakeup_g01_c01', 'ApplyEyeMakeup', 'g01'],
        [train, 'v_ApplyEyeMakeup_g08_c01', 'ApplyEyeMakeup', 'g08'],
        [handstand, 'v_HandStandPushups_g01_c01', 'HandstandPushups', 'g01'],
        [flat, 'v_YoYo_g25_c05', 'YoYo', 'g25'],
      ]);
      expect(Object.fromEntries(subsetsOf(t.ws, 'ucf101-split1'))).toEqual({ [train]: 'train', [test]: 'test', [handstand]: 'test', [flat]: 'train' });
      expect(t.ws.media.list().every((m) => m.status === 'ok' && m.frameCount === 2)).toBe(true);

      const again = await runImport(t.runner, t.ws, 'ucf101', { root, splitsDir: LISTS });
      expect(again.report.created.count).toBe(0);
      expect(again.report.skipped.files.sort()).toEqual([train, test, handstand, flat].sort());
      expect(again.report.splitSets[0]).toMatchObject({ created: false, assigned: { train: 2, test: 2 } });
      expect(t.ws.counts()).toMatchObject({ media: 4, clips: 4, classes: 3 });
      expect(t.ws.splitSets.summaries()).toMatchObject([{ name: 'ucf101-split1', subsets: { train: 2, val: 0, test: 2, unused: 0 } }]);
    } finally {
      await t.close();
    }
  });

  it('names bad lines and missing lists, and imports the rest', async () => {
    const root = tempDir();
    const lists = join(tempDir(), 'lists');
    mkdirSync(lists);
    writeFileSync(join(lists, 'classInd.txt'), '1 Walk\n2 Run\n');
    writeFileSync(join(lists, 'trainlist01.txt'), 'Walk/v_Walk_g01_c01.avi 1\nRun/v_Run_g02_c01.avi 7\njust garbage here\n\nRun/v_Run_g03_c01.avi 2\n');
    writeFileSync(join(lists, 'testlist01.txt'), 'Swim/v_Swim_g01_c01.avi\nWalk/v_Walk_g04_c01.avi\n');
    const walk = tinyVideo(join(root, 'Walk', 'v_Walk_g01_c01.avi'));
    const plan = await planImport('ucf101', { root, splitsDir: lists, splits: '1,2' });
    expect(plan.clips.map((c) => c.path)).toEqual([walk]);
    expect(plan.splitSets.map((s) => [s.name, s.listed])).toEqual([
      ['ucf101-split1', { train: 2, val: 0, test: 1, unused: 0 }],
      ['ucf101-split2', { train: 0, val: 0, test: 0, unused: 0 }],
    ]);
    const byKind = (k: string): string[] => plan.problems.filter((p) => p.kind === k).map((p) => p.message);
    expect(byKind('bad-line')).toEqual([
      'trainlist01.txt line 2: label "7" is not a class number of classInd.txt (1..2); the line was skipped',
      'trainlist01.txt line 3: expected "<Class>/<file>.avi [label]", got "just garbage here"; the line was skipped',
      'testlist01.txt line 1: cannot tell the class of "Swim/v_Swim_g01_c01.avi": its folder is not a class of classInd.txt; the line was skipped',
    ]);
    expect(byKind('missing')).toEqual([
      expect.stringContaining('Run/v_Run_g03_c01.avi is listed in trainlist01.txt (line 5)'),
      expect.stringContaining('Walk/v_Walk_g04_c01.avi is listed in testlist01.txt (line 2)'),
      expect.stringMatching(/List not found: .*trainlist02\.txt; split set ucf101-split2 has no train entries/),
      expect.stringMatching(/List not found: .*testlist02\.txt; split set ucf101-split2 has no test entries/),
    ]);
    await expect(planImport('ucf101', { root })).rejects.toThrow(/classInd\.txt not found in .* pass splitsDir/);
    await expect(planImport('ucf101', { root, splitsDir: lists, splits: '4' })).rejects.toThrow(/splits must be numbers from 1 to 3/);
  });
});
