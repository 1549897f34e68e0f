#!/usr/bin/env node
// `npm start`: the desktop app where Electron's binary is installed, browser mode otherwise.
// Electron's npm package fetches its binary from a host that offline machines (and this
// project's CI) cannot reach; the app must still start, so we check for the binary first.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
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

/**
 * better-sqlite3 is compiled for Node's ABI by `npm install`; Electron needs its own build. Make
 * it once per Electron version (a prebuilt download, else a local compile against Electron's
 * headers) into node_modules/.cache, leaving the Node build that tests and the CLI use alone.
 */
function electronSqliteBinding() {
  const version = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const out = join(root, 'node_modules', '.cache', 'mwb-electron-sqlite', version);
  const binding = join(out, 'better_sqlite3.node');
  if (existsSync(binding)) return { binding, reason: null };
  console.log(`Building better-sqlite3 for Electron ${version} (once)…`);
  const work = join(out, 'src');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true, filter: (p) => !p.includes(`${join('better-sqlite3', 'build')}`) });
  const attempts = [
    [process.execPath, [join(root, 'node_modules', 'prebuild-install', 'bin.js'), '--runtime', 'electron', '--target', version]],
    [process.execPath, [nodeGyp(), 'rebuild', '--release', '--runtime=electron', `--target=${version}`, '--dist-url=https://electronjs.org/headers']],
  ];
  for (const [cmd, args] of attempts) {
    if (!args[0] || !existsSync(args[0])) continue;
    const r = spawnSync(cmd, args, { cwd: work, stdio: 'inherit', timeout: 10 * 60_000 });
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (r.status === 0 && existsSync(built)) {
      cpSync(built, binding);
      rmSync(work, { recursive: true, force: true });
      return { binding, reason: null };
    }
  }
  return { binding: null, reason: `better-sqlite3 could not be built for Electron ${version} (no prebuilt download and no local compile)` };
}

/** node-gyp as bundled with npm. */
function nodeGyp() {
  const r = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' });
  return join((r.stdout ?? '').trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
}

buildIfStale();
let electron = electronBinary();
let sqlite = null;
if (electron.path) {
  sqlite = electronSqliteBinding();
  if (!sqlite.binding) electron = { path: null, reason: sqlite.reason };
}
const child = electron.path
  ? spawn(bin('electron-vite'), ['preview', '--skipBuild'], { cwd: root, stdio: 'inherit', env: { ...process.env, MWB_SQLITE_BINDING: sqlite.binding } })
  : (() => {
      console.log(`Starting Motion Workbench in browser mode: ${electron.reason}.`);
      const args = [join(root, 'bin', 'mwb.js'), 'serve', '--port', process.env.MWB_PORT ?? '0', '--reason', electron.reason];
      return spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    })();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
