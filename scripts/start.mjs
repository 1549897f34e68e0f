#!/usr/bin/env node
// `npm start`: the desktop app where Electron's binary is installed, browser mode otherwise.
// Electron's npm package fetches its binary from a host that offline machines (and this
// project's CI) cannot reach; the app must still start, so we check for the binary first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Path of Electron's executable, or null with the reason it cannot be used. */
function electronBinary() {
  if (process.env.MWB_BROWSER === '1') return { path: null, reason: 'MWB_BROWSER=1 asks for browser mode' };
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const exe = existsSync(pathFile) ? join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
  if (!exe || !existsSync(exe)) {
    return { path: null, reason: "Electron's binary is not installed (its download was skipped or blocked); run `npx install-electron` on a machine with access to get the desktop window" };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { path: null, reason: 'no display found (DISPLAY/WAYLAND_DISPLAY unset), so no desktop window can open' };
  }
  return { path: exe, reason: null };
}

/** Newest modification time under a folder (to rebuild the UI only when its sources changed). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function buildIfStale() {
  const built = join(root, 'out', 'renderer', 'index.html');
  const stale = !existsSync(built) || statSync(built).mtimeMs < Math.max(newest(join(root, 'src-renderer')), newest(join(root, 'src-preload')), newest(join(root, 'src-main')));
  if (!stale) return;
  console.log('Building the UI (electron-vite build)…');
  const r = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

buildIfStale();
const electron = electronBinary();
const child = electron.path
  ? spawn(bin('electron-vite'), ['preview', '--skipBuild'], { cwd: root, stdio: 'inherit' })
  : (() => {
      console.log(`Starting Motion Workbench in browser mode: ${electron.reason}.`);
      const args = [join(root, 'bin', 'mwb.js'), 'serve', '--port', process.env.MWB_PORT ?? '0', '--reason', electron.reason];
      return spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    })();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
