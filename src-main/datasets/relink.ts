import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RelinkResult } from '../ipc/contract.js';
import { contentFingerprint } from '../media/probe.js';
import type { Workspace } from '../workspace/workspace.js';
import { walkFiles } from './importers/walk.js';

type Row = ReturnType<Workspace['media']['fingerprints']>[number];

/** Options of {@link relinkMedia}. */
export interface RelinkOptions {
  signal?: AbortSignal;
}

/** Size in bytes recorded in a fingerprint (`size:hash`), or null. */
function sizeOf(fingerprint: string | null): number | null {
  const n = Number(fingerprint?.split(':')[0]);
  return fingerprint && Number.isInteger(n) ? n : null;
}

/**
 * Whether the file at a row's path still holds what was probed: a different size means changed;
 * a file modified since the probe is fingerprinted again (first and last MiB), otherwise it is
 * trusted, so checking a whole dataset reads almost nothing.
 */
async function hasChanged(row: Row, size: number, mtimeMs: number): Promise<boolean> {
  if (!row.fingerprint) return false;
  if (size !== sizeOf(row.fingerprint)) return true;
  if (row.probedAt && mtimeMs <= Date.parse(row.probedAt)) return false;
  return (await contentFingerprint(row.path, size)) !== row.fingerprint;
}

/** Splits rows into those whose file is gone and flags (or clears) changed files as it goes. */
async function checkRows(ws: Workspace, rows: Row[], changed: string[]): Promise<Row[]> {
  const missing: Row[] = [];
  for (const row of rows) {
    let st;
    try {
      st = await stat(row.path);
    } catch {
      missing.push(row);
      continue;
    }
    const now = st.isFile() && (await hasChanged(row, st.size, st.mtimeMs));
    if (now) changed.push(row.path);
    if (now !== row.changed) ws.media.setChanged(row.id, now);
  }
  return missing;
}

/**
 * Relink…: finds media whose file is missing again under `folder`, by content fingerprint (size +
 * hash of the first and last MiB, so renamed and moved files are recognised), or by file name for
 * rows never probed; updates their paths. Files at their recorded path whose content differs from
 * the fingerprint are flagged `changed`. Rows still missing are marked missing.
 */
export async function relinkMedia(ws: Workspace, folder: string, opts: RelinkOptions = {}): Promise<RelinkResult> {
  const result: RelinkResult = { relinked: [], stillMissing: [], changed: [] };
  const missing = await checkRows(ws, ws.media.fingerprints(), result.changed);
  if (missing.length) {
    const { files } = await walkFiles(folder, { signal: opts.signal });
    const bySize = new Map<number, Row[]>();
    const byName = new Map<string, Row[]>();
    for (const r of missing) {
      const size = sizeOf(r.fingerprint);
      if (size !== null) push(bySize, size, r);
      else push(byName, basename(r.path).toLowerCase(), r);
    }
    const done = new Set<number>();
    for (const f of files) {
      opts.signal?.throwIfAborted();
      if (ws.media.byPath(f.path)) continue; // already a media row of its own
      const row = await matchFile(f.path, f.name, bySize, byName, done);
      if (!row) continue;
      ws.media.relocate(row.id, f.path, row.fingerprint ? 'ok' : 'pending');
      done.add(row.id);
      result.relinked.push({ id: row.id, from: row.path, to: f.path });
    }
    for (const r of missing.filter((m) => !done.has(m.id))) {
      result.stillMissing.push(r.path);
      if (r.status !== 'missing') ws.media.setProbe(r.id, { status: 'missing', error: `File not found: ${r.path}` });
    }
  }
  return result;
}

/** The missing row this file is: same fingerprint, or (for never-probed rows) the only one with its name. */
async function matchFile(path: string, name: string, bySize: Map<number, Row[]>, byName: Map<string, Row[]>,
  done: Set<number>): Promise<Row | undefined> {
  const st = await stat(path).catch(() => null);
  if (!st) return undefined;
  const sized = bySize.get(st.size)?.filter((r) => !done.has(r.id));
  if (sized?.length) {
    const fp = await contentFingerprint(path, st.size);
    const hit = sized.find((r) => r.fingerprint === fp);
    if (hit) return hit;
  }
  const named = byName.get(name.toLowerCase())?.filter((r) => !done.has(r.id));
  return named?.length === 1 ? named[0] : undefined;
}

function push<K>(map: Map<K, Row[]>, key: K, row: Row): void {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
}
