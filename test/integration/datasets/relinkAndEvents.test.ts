import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { relinkMedia } from '../../../src-main/datasets/relink.js';
import { FIXTURES } from '../../helpers/fixtures.js';
import { cleanTempDirs, clipRows, openTestWorkspace, runImport, tempDir, tinyVideo } from './importTestUtils.js';

afterEach(() => cleanTempDirs());

describe('relink', () => {
  it('finds moved and renamed files by fingerprint, flags changed ones, and lists what is still missing', async () => {
    const root = tempDir();
    const files = ['a', 'b', 'c', 'd', 'e'].map((n, i) => tinyVideo(join(root, 'Wave', `${n}.mp4`), i));
    const [a, b, c, d, e] = files as [string, string, string, string, string];
    const t = openTestWorkspace();
    try {
      await runImport(t.runner, t.ws, 'folder', { root });
      const before = Object.fromEntries(t.ws.media.list().map((m) => [m.path, m]));
      expect(new Set(Object.values(before).map((m) => m.fingerprint)).size).toBe(5);

      const moved = tempDir();
      mkdirSync(join(moved, 'deeper', 'still deeper'), { recursive: true });
      renameSync(a, join(moved, 'renamed a.mp4'));
      renameSync(b, join(moved, 'deeper', 'still deeper', 'b.mp4'));
      rmSync(c);
      const bytes = readFileSync(d);
      bytes[bytes.length >> 1] = 0xff - bytes[bytes.length >> 1]!; // same size, different content
      writeFileSync(d, bytes);
      writeFileSync(e, Buffer.concat([readFileSync(e), Buffer.from('appended')]));
      tinyVideo(join(moved, 'unrelated.mp4'), 7);

      const r = await relinkMedia(t.ws, moved);
      expect(r.relinked.map((x) => [x.from, x.to]).sort()).toEqual([
        [a, join(moved, 'renamed a.mp4')], [b, join(moved, 'deeper', 'still deeper', 'b.mp4')],
      ].sort());
      expect(r.stillMissing).toEqual([c]);
      expect(r.changed.sort()).toEqual([d, e].sort());
      const moveA = t.ws.media.get(before[a]!.id)!;
      expect(moveA).toMatchObject({ path: join(moved, 'renamed a.mp4'), status: 'ok', fingerprint: before[a]!.fingerprint, changed: false });
      expect(t.ws.media.get(before[c]!.id)).toMatchObject({ status: 'missing', error: `File not found: ${c}` });
      expect(t.ws.media.get(before[d]!.id)!.changed).toBe(true);
      expect(clipRows(t.ws).filter((x) => x.path.startsWith(moved))).toHaveLength(2); // clips follow their media

      const again = await relinkMedia(t.ws, moved);
      expect(again).toEqual({ relinked: [], stillMissing: [c], changed: [d, e].sort((x, y) => (before[x]!.id - before[y]!.id)) });
      await expect(relinkMedia(t.ws, join(moved, 'nope'))).rejects.toThrow(/Folder not found/);
    } finally {
      await t.close();
    }
  });

  it('relinks never-probed files (listed but missing at import) by their name', async () => {
    const dir = tempDir();
    const manifest = join(dir, 'list.csv');
    writeFileSync(manifest, 'path,label\nvideos/later.mp4,wave\n');
    const t = openTestWorkspace();
    try {
      const { report } = await runImport(t.runner, t.ws, 'csv', { file: manifest, includeMissing: true });
      expect(report.missing.files).toEqual(['videos/later.mp4']);
      expect(t.ws.media.list()).toMatchObject([{ path: join(dir, 'videos', 'later.mp4'), status: 'missing', fingerprint: null }]);
      const found = tinyVideo(join(tempDir(), 'downloads', 'later.mp4'));
      const r = await relinkMedia(t.ws, join(found, '..', '..'));
      expect(r.relinked.map((x) => x.to)).toEqual([found]);
      expect(t.ws.media.list()).toMatchObject([{ path: found, status: 'pending' }]);
    } finally {
      await t.close();
    }
  });
});

describe('DVS importer', () => {
  it('records event files by extension as events media, read by the DVS readers and never by ffprobe', async () => {
    const root = tempDir();
    const ev = join(FIXTURES, 'events');
    const put = (cls: string, src: string, name = src): string => {
      mkdirSync(join(root, cls), { recursive: true });
      copyFileSync(join(ev, src), join(root, cls, name));
      return join(root, cls, name);
    };
    const files = [put('Clap', 'dvxplorer_320x240.aedat4'), put('Clap', 'translating_bar_synth.aedat', 'bar x.aedat'),
      put('Wave', 'ncars_sample.dat'), put('Wave', 'gen3_640x480_evt2.raw'), put('Wave', 'nmnist_sample.bin')];
    const cut = put('Wave', 'truncated_header_davis346.aedat');
    writeFileSync(join(root, 'Wave', 'notes.md'), 'x');
    copyFileSync(join(ev, 'ncars_sample.dat'), join(root, 'loose.dat'));
    const t = openTestWorkspace();
    try {
      const plain = await runImport(t.runner, t.ws, 'dvs', { root }, { probe: false });
      expect(plain.report).toMatchObject({ created: { count: 6 }, pendingEvents: 6, probe: null });
      expect(plain.report.ignored.files.sort()).toEqual([join(root, 'Wave', 'notes.md'), join(root, 'loose.dat')].sort());
      expect(clipRows(t.ws).map((c) => [c.path, c.label, c.kind])).toEqual(
        [...files, cut].map((f) => [f, f.includes('Clap') ? 'Clap' : 'Wave', 'events']).sort());
      expect(t.ws.media.needingProbe()).toEqual([]); // the ffprobe job leaves them alone…
      const probe = t.runner.enqueue('media.probe', { mediaIds: t.ws.media.list().map((m) => m.id) });
      expect((await t.runner.wait(probe)).state).toBe('done');
      expect(t.ws.media.list().every((m) => m.status === 'pending')).toBe(true);

      const { report } = await runImport(t.runner, t.ws, 'dvs', { root }); // …the import's probe asks the DVS readers
      expect(report).toMatchObject({ skipped: { count: 6 }, pendingEvents: 0, probe: { ok: 5, failed: 1 } });
      expect(report.unreadable.files).toEqual([{ path: cut, error: expect.stringMatching(/the event-file readers cannot read it: .*header is cut off/) }]);
      const byPath = Object.fromEntries(t.ws.media.list().map((m) => [m.path, m]));
      expect(byPath[files[0]!]).toMatchObject({ status: 'ok', kind: 'events', codec: 'aedat4', width: 320, height: 240, fingerprint: expect.stringMatching(/^\d+:[0-9a-f]{64}$/) });
      expect(byPath[files[3]!]).toMatchObject({ status: 'ok', codec: 'evt2', width: 640, height: 480 });
    } finally {
      await t.close();
    }
  });
});
