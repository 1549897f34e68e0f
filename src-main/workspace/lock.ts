import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const LOCK_FILE = 'workspace.lock';

interface LockData {
  pid: number;
  host: string;
  startedAt: string;
}

/** Whether a process with this id is alive on this machine (EPERM = alive, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockData | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockData;
  } catch {
    return null;
  }
}

/**
 * Claims a workspace folder for this process, so two app instances never run its jobs at once
 * (each would mark the other's running jobs as interrupted). A lock left by a dead process is
 * taken over. Returns the release function; its owner calls it when closing the workspace.
 */
export function acquireWorkspaceLock(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const mine: LockData = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  try {
    closeSync(openSync(file, 'wx'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const held = readLock(file); // null when unreadable: written half-way by a crashed process
    if (held && held.pid !== process.pid && held.host === hostname() && alive(held.pid)) {
      throw new Error(`Workspace ${dir} is open in another Motion Workbench (process ${held.pid}, since ${held.startedAt}); ` +
        'close it there first, or open another folder', { cause: err });
    }
  }
  writeFileSync(file, JSON.stringify(mine));
  return () => {
    try {
      const held = JSON.parse(readFileSync(file, 'utf8')) as LockData;
      if (held.pid === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}
