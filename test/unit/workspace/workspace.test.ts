import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE, Workspace } from '../../../src-main/workspace/workspace.js';
import { openFilesUnder, removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';

const open: Workspace[] = [];
afterEach(() => {
  for (const ws of open.splice(0)) ws.close();
  removeTempDirs();
});

describe('Workspace', () => {
  it('creates the folder layout and reopens the same data', () => {
    const dir = join(tempDir(), 'nested', 'my-ws');
    const ws = Workspace.open(dir);
    expect(ws.name).toBe('my-ws');
    for (const f of [DB_FILE, 'cache', 'runs']) expect(existsSync(join(dir, f))).toBe(true);
    expect(ws.cache('thumbs')).toBe(join(dir, 'cache', 'thumbs'));
    expect(existsSync(join(dir, 'cache', 'thumbs'))).toBe(true);
    ws.media.upsert('/v/a.mp4');
    ws.classes.ensure('jump');
    ws.close();
    ws.close(); // closing twice is harmless
    expect(openFilesUnder(dir)).toEqual([]);
    const again = Workspace.open(dir);
    open.push(again);
    expect(again.counts()).toEqual({ media: 1, clips: 0, classes: 1, jobs: 0 });
  });

  it('refuses a path that is a file, saying so', () => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, 'hello');
    expect(() => Workspace.open(file)).toThrow(`${file} is a file, not a folder`);
  });

  it('names the database file when it is not SQLite', () => {
    const dir = tempDir();
    writeFileSync(join(dir, DB_FILE), 'plain text '.repeat(100));
    expect(() => Workspace.open(dir)).toThrow(join(dir, DB_FILE));
    expect(openFilesUnder(dir)).toEqual([]);
  });
});
