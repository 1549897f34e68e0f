import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A browser-mode server on a throwaway app-data folder, as `npm start` would run it. */
export interface TestServer {
  url: string;
  appData: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `mwb serve` (optionally on a given workspace) and waits for the URL line it prints. */
export async function startTestServer(workspace?: string, env: Record<string, string> = {}): Promise<TestServer> {
  const appData = mkdtempSync(join(tmpdir(), 'mwb-e2e-'));
  const args = [join(ROOT, 'bin', 'mwb.js'), 'serve', ...(workspace ? [workspace] : []), '--port', '0'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, MWB_APP_DATA: appData, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not print its URL in 30 s:\n${out}`)), 30_000);
    const check = (): void => {
      const m = /Open (http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(timer); res(m[1]!); }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => { clearTimeout(timer); rej(new Error(`server exited with ${code}:\n${out}`)); });
  });
  return {
    url, appData, child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(appData, { recursive: true, force: true });
    },
  };
}
