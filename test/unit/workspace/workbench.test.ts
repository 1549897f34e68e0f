import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../../src-main/ipc/contract.js';
import { defaultAppDataDir } from '../../../src-main/workspace/settings.js';
import { Workbench } from '../../../src-main/workspace/workbench.js';
import { DB_FILE } from '../../../src-main/workspace/workspace.js';
import { openFilesUnder, removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';

const benches: Workbench[] = [];
let root = '';

/** A workbench on a fresh app-data folder, recording the events it emits. */
function bench(appData = join(root || (root = tempDir()), 'appdata')): { wb: Workbench; events: [EventName, unknown][] } {
  const wb = new Workbench(appData);
  benches.push(wb);
  const events: [EventName, unknown][] = [];
  wb.onEvent((e, p) => events.push([e, p]));
  return { wb, events };
}

afterEach(async () => {
  for (const wb of benches.splice(0)) await wb.dispose();
  if (root) expect(openFilesUnder(root)).toEqual([]); // every workspace database was closed
  root = '';
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  removeTempDirs();
});

describe('Workbench', () => {
  it('opens the default workspace on first use', () => {
    const { wb } = bench();
    const info = wb.info();
    expect(info).toMatchObject({ path: join(root, 'appdata', 'default-workspace'), name: 'default-workspace', isDefault: true });
    expect(info.counts).toEqual({ media: 0, clips: 0, classes: 0, jobs: 0 });
    expect(existsSync(join(info.path, DB_FILE))).toBe(true);
    expect(wb.settings.lastWorkspace).toBe(info.path);
  });

  it('uses MWB_APP_DATA as the app-data folder', () => {
    root = tempDir();
    vi.stubEnv('MWB_APP_DATA', join(root, 'portable'));
    const { wb } = bench(defaultAppDataDir());
    expect(wb.info().path).toBe(join(root, 'portable', 'default-workspace'));
  });

  it('switches workspace, emits workspace:changed, closes the old one and reopens the new one next time', async () => {
    const { wb, events } = bench();
    const first = wb.info().path;
    wb.workspace.media.upsert('/v/in-default.mp4');
    const other = join(root, 'projects', 'other');
    const info = await wb.open(other);
    expect(info).toMatchObject({ path: other, name: 'other', isDefault: false });
    expect(wb.workspace.counts().media).toBe(0);
    expect(events).toEqual([['workspace:changed', info]]);
    expect(openFilesUnder(first)).toEqual([]);
    expect(wb.settings.recent().map((r) => r.path)).toEqual([other, first]);
    await wb.open(other); // the same folder again: nothing to do
    expect(events).toHaveLength(1);
    await wb.dispose();
    const { wb: next } = bench();
    expect(next.info().path).toBe(other);
  });

  it('rejects a file path and keeps the current workspace open with its data', async () => {
    const { wb, events } = bench();
    const current = wb.info().path;
    const id = wb.workspace.media.upsert('/v/keep.mp4');
    const file = join(root, 'notes.txt');
    writeFileSync(file, 'not a folder');
    await expect(wb.open(file)).rejects.toThrow('is a file, not a folder');
    expect(wb.info().path).toBe(current);
    expect(wb.workspace.media.get(id)?.path).toBe('/v/keep.mp4');
    wb.workspace.media.upsert('/v/still-writable.mp4');
    expect(wb.info().counts.media).toBe(2);
    expect(events).toEqual([]);
    expect(wb.settings.lastWorkspace).toBe(current);
  });

  it('rejects a folder whose database is damaged, naming the file, and keeps the current one', async () => {
    const { wb } = bench();
    const current = wb.info().path;
    const bad = join(root, 'bad');
    await wb.open(bad);
    await wb.open(current);
    writeFileSync(join(bad, DB_FILE), 'garbage '.repeat(100));
    await expect(wb.open(bad)).rejects.toThrow(join(bad, DB_FILE));
    expect(wb.info().path).toBe(current);
    expect(openFilesUnder(bad)).toEqual([]);
  });

  it('falls back to the default workspace when the last one no longer opens', async () => {
    const { wb } = bench();
    const last = join(root, 'last');
    await wb.open(last);
    await wb.dispose();
    const damaged = 'damaged '.repeat(100);
    writeFileSync(join(last, DB_FILE), damaged);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { wb: next } = bench();
    expect(next.info().isDefault).toBe(true);
    expect(readFileSync(join(last, DB_FILE), 'utf8')).toBe(damaged); // the user's file is untouched
    expect(next.settings.recent().map((r) => r.path)).toContain(last);
  });

  it('serialises overlapping open() calls without leaking the workspace in between', async () => {
    const { wb, events } = bench();
    const [a, b] = [join(root, 'a'), join(root, 'b')];
    const [ia, ib] = await Promise.all([wb.open(a), wb.open(b)]);
    expect([ia.path, ib.path]).toEqual([a, b]);
    expect(wb.info().path).toBe(b);
    expect(events.map(([, p]) => (p as { path: string }).path)).toEqual([a, b]);
    expect(openFilesUnder(a)).toEqual([]);
  });

  it('starts despite a corrupt settings file', () => {
    root = tempDir();
    const appData = join(root, 'appdata');
    bench(appData);
    writeFileSync(join(appData, 'settings.json'), '{{{');
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { wb } = bench(appData);
    expect(wb.info().isDefault).toBe(true);
  });
});
