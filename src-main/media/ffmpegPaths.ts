import { accessSync, constants, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { delimiter, isAbsolute, join } from 'node:path';
import ffmpeg from 'fluent-ffmpeg';
import type { AppInfo } from '../ipc/contract.js';

/** Where a binary was found and which version it reports (shape of `AppInfo['ffmpeg']`). */
export type BinaryInfo = AppInfo['ffmpeg'];

/** The two tools the media layer runs. */
export type MediaTool = 'ffmpeg' | 'ffprobe';

const ENV_VAR: Record<MediaTool, string> = { ffmpeg: 'MWB_FFMPEG', ffprobe: 'MWB_FFPROBE' };
const NPM_PACKAGE: Record<MediaTool, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};
const require = createRequire(import.meta.url);

/**
 * Finds a tool without caching, so tests can pass their own environment:
 * `MWB_FFMPEG`/`MWB_FFPROBE` (source 'env') -> the PATH ('path') -> the binary shipped by the npm
 * installer package ('npm') -> 'missing'. An env variable pointing at nothing usable is reported as
 * missing (with that path) rather than silently ignored, so a typo does not go unnoticed.
 */
export function findBinary(tool: MediaTool, env: NodeJS.ProcessEnv = process.env): BinaryInfo {
  const fromEnv = env[ENV_VAR[tool]];
  if (fromEnv) {
    return isExecutable(fromEnv)
      ? { path: fromEnv, source: 'env', version: readVersion(fromEnv) }
      : { path: fromEnv, source: 'missing', version: null };
  }
  const onPath = searchPath(tool, env.PATH ?? env.Path ?? '');
  if (onPath) return { path: onPath, source: 'path', version: readVersion(onPath) };
  const shipped = npmBinary(tool);
  if (shipped) return { path: shipped, source: 'npm', version: readVersion(shipped) };
  return { path: '', source: 'missing', version: null };
}

const cache = new Map<MediaTool, BinaryInfo>();

/** The ffmpeg in use (resolved once per process): shown in the About box and `mwb info`. */
export function ffmpegInfo(): BinaryInfo {
  return cached('ffmpeg');
}

/** The ffprobe in use (resolved once per process). */
export function ffprobeInfo(): BinaryInfo {
  return cached('ffprobe');
}

/** Path of a tool (as resolved for this process unless `info` is given), or an error telling the user how to get it. */
export function requireBinary(tool: MediaTool, info: BinaryInfo = cached(tool)): string {
  if (info.source !== 'missing') return info.path;
  const envVar = ENV_VAR[tool];
  const why = info.path
    ? `${envVar} is set to ${info.path}, which is not an executable file; fix or unset it`
    : `${tool} was not found (not in ${envVar}, not on the PATH, and the bundled ${NPM_PACKAGE[tool]} binary is missing)`;
  throw new Error(`${why}. Install ffmpeg (e.g. \`sudo apt-get install ffmpeg\`, \`brew install ffmpeg\`) ` +
    `or reinstall the app's npm dependencies (\`npm ci\`).`);
}

let configured = false;

/** Points fluent-ffmpeg at the resolved binaries once; throws the user-facing error when missing. */
export function configureFluentFfmpeg(): void {
  if (configured) return;
  ffmpeg.setFfmpegPath(requireBinary('ffmpeg'));
  ffmpeg.setFfprobePath(requireBinary('ffprobe'));
  configured = true;
}

const encoderCache = new Map<string, Set<string>>();

/** Names of the encoders the ffmpeg in use was built with (cached), e.g. to check for libx264. */
export function ffmpegEncoders(): Set<string> {
  const bin = requireBinary('ffmpeg');
  let set = encoderCache.get(bin);
  if (!set) {
    const r = spawnSync(bin, ['-hide_banner', '-encoders'], { encoding: 'utf8', timeout: 15_000 });
    set = new Set<string>();
    // After a legend ending in "------", lines look like " V....D libx264   libx264 H.264 ...".
    const out = r.stdout ?? '';
    for (const line of out.slice(out.indexOf('------') + 6).split('\n')) {
      const m = /^\s*[VAS][A-Z.]{5}\s+(\S+)/.exec(line);
      if (m) set.add(m[1]!);
    }
    encoderCache.set(bin, set);
  }
  return set;
}

function cached(tool: MediaTool): BinaryInfo {
  let info = cache.get(tool);
  if (!info) {
    info = findBinary(tool);
    cache.set(tool, info);
  }
  return info;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function searchPath(tool: MediaTool, pathEnv: string): string | null {
  const names = process.platform === 'win32' ? [`${tool}.exe`, tool] : [tool];
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue; // relative PATH entries depend on the cwd: skip them
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function npmBinary(tool: MediaTool): string | null {
  try {
    const mod = require(NPM_PACKAGE[tool]) as { path?: string };
    // Packaged apps keep native binaries outside the asar archive.
    const p = mod.path?.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
    return p && isExecutable(p) ? p : null;
  } catch {
    return null; // the installer throws (a string, sometimes) on unsupported platforms
  }
}

/** First line of `<tool> -version`, e.g. "ffmpeg version 5.1.9-0+deb12u1 ..." -> "5.1.9-0+deb12u1". */
function readVersion(bin: string): string | null {
  const r = spawnSync(bin, ['-version'], { encoding: 'utf8', timeout: 15_000 });
  const first = (r.stdout ?? '').split('\n')[0] ?? '';
  const m = /version\s+(\S+)/.exec(first);
  return r.status === 0 && m ? m[1]! : null;
}
