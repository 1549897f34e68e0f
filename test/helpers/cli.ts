import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The repository root (holds bin/mwb.js). */
export const REPO_ROOT = resolve(__dirname, '../..');

/** Result of one `mwb` run. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/mwb.js <args>` to completion with a private app-data folder. */
export function runMwb(args: string[], appData: string): CliResult {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'mwb.js'), ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, MWB_APP_DATA: appData }, timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts a long-running `mwb` command (e.g. serve); the caller kills it. */
export function startMwb(args: string[], appData: string): ChildProcess {
  return spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mwb.js'), ...args], {
    cwd: REPO_ROOT, env: { ...process.env, MWB_APP_DATA: appData }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}
