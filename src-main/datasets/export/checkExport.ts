import { statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ExportRequest } from '../../ipc/contract.js';
import type { Workspace } from '../../workspace/workspace.js';
import './formats.js';
import { getExportFormat } from './registry.js';

/** An error the Export dialog shows under the field it is about. */
function bad(message: string): Error {
  return Object.assign(new Error(message), { code: 'bad_input' });
}

/** The file's stats, or null when nothing is there (also when a parent is a file: ENOTDIR). */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/**
 * Checks an export request before its job is queued, so the dialog can show what is wrong at once
 * (unknown format, missing or unknown split set, an output path that is a file, a root that is not a
 * folder) instead of a failed job. The job still checks again when it runs.
 */
export function checkExportRequest(ws: Workspace, req: ExportRequest): void {
  const format = getExportFormat(req.format);
  if (format.needsSplit && !req.split) throw bad(`The ${format.id} export needs a split set: choose one, or make one on the Splits screen`);
  if (req.split && !ws.db.prepare('SELECT 1 FROM split_sets WHERE name = ?').get(req.split)) {
    throw bad(`No split set named "${req.split}" in this workspace`);
  }
  const out = resolve(req.out);
  // The output folder may not exist yet: the nearest existing ancestor must be a folder.
  for (let p = out; ; p = dirname(p)) {
    const st = statOrNull(p);
    if (st && !st.isDirectory()) throw bad(`${p} is a file, not a folder: choose a folder for the export`);
    if (st || dirname(p) === p) break;
  }
  if (req.root) {
    const st = statOrNull(resolve(req.root));
    if (!st?.isDirectory()) throw bad(`The list root ${req.root} is not a folder`);
  }
}
