import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh temporary folder for one test; `removeTempDirs()` deletes every one made so far. */
export function tempDir(prefix = 'mwb-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Deletes the folders made by `tempDir` (call from afterEach, after closing what is in them). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Files under `dir` this process still holds open (Linux `/proc/self/fd`), so a test can prove a
 * database handle was really closed. Returns [] where `/proc` does not exist.
 */
export function openFilesUnder(dir: string): string[] {
  let fds: string[];
  try {
    fds = readdirSync('/proc/self/fd');
  } catch {
    return [];
  }
  const open: string[] = [];
  for (const fd of fds) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) open.push(target);
    } catch {
      // the fd closed while we looked
    }
  }
  return open;
}

/** Polls `check` until it returns true or `timeoutMs` passes; throws with `what` on timeout. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** How many live handles of one kind (e.g. 'Timeout') this process has, to spot leaked timers. */
export function activeHandles(kind: string): number {
  return process.getActiveResourcesInfo().filter((k) => k === kind).length;
}
