import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CacheArea, CacheStats } from '../ipc/contract.js';
import type { Workspace } from '../workspace/workspace.js';
import { defaultCacheLimitBytes } from './frameCache.js';

/** Cache folders the database points into: clearing them would leave rows naming missing files. */
const PINNED = new Set(['thumbs']);

/** Files and bytes under a folder (recursive); 0/0 when it does not exist. */
export function folderSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { files, bytes };
  }
  for (const name of names) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) {
      const sub = folderSize(p);
      files += sub.files;
      bytes += sub.bytes;
    } else if (st?.isFile()) {
      files++;
      bytes += st.size;
    }
  }
  return { files, bytes };
}

/** Size of every cache area of a workspace (each sub-folder of `cache/`), for the Clear cache panel. */
export function cacheStats(ws: Workspace): CacheStats {
  const areas: CacheArea[] = readdirSync(ws.cacheDir, { withFileTypes: true }).filter((d) => d.isDirectory())
    .map((d) => ({ name: d.name, ...folderSize(join(ws.cacheDir, d.name)), clearable: !PINNED.has(d.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { path: ws.cacheDir, areas, totalBytes: areas.reduce((s, a) => s + a.bytes, 0), framesLimitBytes: defaultCacheLimitBytes() };
}

/**
 * Empties cache areas (default: every clearable one); the folders stay. Asking for a pinned or
 * unknown area is an error naming it, so a typo does not silently clear nothing.
 */
export function clearCache(ws: Workspace, areas?: readonly string[]): CacheStats {
  const known = cacheStats(ws).areas;
  const names = areas ?? known.filter((a) => a.clearable).map((a) => a.name);
  for (const name of names) {
    const area = known.find((a) => a.name === name);
    if (!area) throw Object.assign(new Error(`There is no cache area "${name}" in ${ws.cacheDir}`), { code: 'bad_input' });
    if (!area.clearable) throw Object.assign(new Error(`The cache area "${name}" holds files the workspace refers to and cannot be cleared`), { code: 'bad_input' });
    const dir = join(ws.cacheDir, name);
    for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  return cacheStats(ws);
}
