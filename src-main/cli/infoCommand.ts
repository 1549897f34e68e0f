import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DB_FILE, Workspace } from '../workspace/workspace.js';

/** `mwb info <workspace> [--json]`: counts, without starting any job. */
export function infoCommand(dir: string, opts: { json?: boolean }): void {
  const path = resolve(dir);
  if (!existsSync(join(path, DB_FILE))) throw new Error(`${path} is not a workspace (no ${DB_FILE} in it)`);
  const ws = Workspace.open(path);
  try {
    const counts = ws.counts();
    if (opts.json) process.stdout.write(JSON.stringify(counts) + '\n');
    else {
      process.stdout.write(`Workspace ${ws.path}\n`);
      for (const [k, v] of Object.entries(counts)) process.stdout.write(`  ${k.padEnd(8)} ${v}\n`);
    }
  } finally {
    ws.close();
  }
}
