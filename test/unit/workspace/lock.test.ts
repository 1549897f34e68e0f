import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { acquireWorkspaceLock } from '../../../src-main/workspace/lock';
import { Workbench } from '../../../src-main/workspace/workbench';
import { removeTempDirs, tempDir } from '../../helpers/coreFixtures';

afterEach(() => removeTempDirs());

/** A live process that is not us, to stand for another app instance. */
function otherProcess(): { pid: number; kill: () => Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return {
    pid: child.pid!,
    kill: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGKILL'); }),
  };
}

describe('workspace lock', () => {
  it('refuses a workspace another live process holds, naming that process', async () => {
    const dir = tempDir();
    const other = otherProcess();
    try {
      writeFileSync(join(dir, 'workspace.lock'), JSON.stringify({ pid: other.pid, host: hostname(), startedAt: 'then' }));
      expect(() => acquireWorkspaceLock(dir)).toThrow(new RegExp(`open in another Motion Workbench \\(process ${other.pid}`));
    } finally {
      await other.kill();
    }
    // Once that process is gone its lock is stale and taken over.
    const release = acquireWorkspaceLock(dir);
    expect(JSON.parse(readFileSync(join(dir, 'workspace.lock'), 'utf8')).pid).toBe(process.pid);
    release();
    expect(existsSync(join(dir, 'workspace.lock'))).toBe(false);
  });

  it('takes over an unreadable lock and lets a workbench switch away without losing the current one', async () => {
    const root = tempDir();
    const a = join(root, 'a');
    const b = join(root, 'b');
    const wb = new Workbench(join(root, 'appdata'));
    try {
      await wb.open(a);
      expect(existsSync(join(a, 'workspace.lock'))).toBe(true);
      const other = otherProcess();
      try {
        await wb.open(b); // creates b
        await wb.open(a);
        writeFileSync(join(b, 'workspace.lock'), JSON.stringify({ pid: other.pid, host: hostname(), startedAt: 'now' }));
        await expect(wb.open(b)).rejects.toThrow(/another Motion Workbench/);
        expect(wb.info().path).toBe(a); // still on a, still usable
        expect(wb.workspace.clips.count()).toBe(0);
      } finally {
        await other.kill();
      }
      writeFileSync(join(b, 'workspace.lock'), '{half a lock');
      await wb.open(b);
      expect(existsSync(join(a, 'workspace.lock'))).toBe(false);
    } finally {
      await wb.dispose();
    }
  });
});
