import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultAppDataDir, Settings } from '../../../src-main/workspace/settings.js';
import { removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  removeTempDirs();
});

describe('Settings', () => {
  it('starts empty with the default workspace inside the app-data folder', () => {
    const dir = tempDir();
    const s = new Settings(join(dir, 'not-yet-created'));
    expect(s.recent()).toEqual([]);
    expect(s.lastWorkspace).toBeNull();
    expect(s.defaultWorkspace).toBe(join(dir, 'not-yet-created', 'default-workspace'));
  });

  it('keeps recent workspaces most recent first, without duplicates, and remembers the last one', () => {
    const dir = tempDir();
    const [a, b, c] = ['a', 'b', 'c'].map((n) => join(dir, n));
    mkdirSync(a!);
    const s = new Settings(dir);
    s.touch(a!);
    s.touch(b!);
    s.touch(c!);
    s.touch(a!);
    expect(s.recent().map((r) => r.path)).toEqual([a, c, b]);
    expect(s.recent()[0]).toMatchObject({ name: 'a', exists: true });
    expect(s.recent()[1]).toMatchObject({ name: 'c', exists: false });
    expect(s.lastWorkspace).toBe(a);
  });

  it('keeps at most 12 recent workspaces, dropping the oldest', () => {
    const dir = tempDir();
    const s = new Settings(dir);
    for (let i = 0; i < 15; i++) s.touch(`/ws/${i}`);
    const paths = s.recent().map((r) => r.path);
    expect(paths).toHaveLength(12);
    expect(paths[0]).toBe('/ws/14');
    expect(paths.at(-1)).toBe('/ws/3');
  });

  it('persists across instances', () => {
    const dir = tempDir();
    const first = new Settings(dir);
    first.touch('/ws/one');
    first.touch('/ws/two');
    const second = new Settings(dir);
    expect(second.recent().map((r) => r.path)).toEqual(['/ws/two', '/ws/one']);
    expect(second.lastWorkspace).toBe('/ws/two');
    expect(readdirSync(dir)).toEqual(['settings.json']); // no temp file left behind
  });

  it.each([
    ['not JSON', '{"recent": [ oops'],
    ['the wrong shape', '{"recent": 5, "lastWorkspace": 7}'],
  ])('moves a settings file with %s aside and starts fresh', (_what, content) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), content);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const s = new Settings(dir);
    expect(s.recent()).toEqual([]);
    expect(s.lastWorkspace).toBeNull();
    const backup = readdirSync(dir).find((f) => f.startsWith('settings.json.broken-'));
    expect(backup).toBeDefined();
    expect(readFileSync(join(dir, backup!), 'utf8')).toBe(content); // the user's file is kept
    expect(warn.mock.calls[0]![0]).toContain(backup);
    s.touch('/ws/x');
    expect(new Settings(dir).lastWorkspace).toBe('/ws/x');
    expect(existsSync(join(dir, backup!))).toBe(true);
  });
});

describe('defaultAppDataDir', () => {
  it('follows MWB_APP_DATA when set', () => {
    vi.stubEnv('MWB_APP_DATA', '/some/portable/dir');
    expect(defaultAppDataDir()).toBe('/some/portable/dir');
    vi.stubEnv('MWB_APP_DATA', '');
    expect(defaultAppDataDir()).not.toBe('');
  });
});
