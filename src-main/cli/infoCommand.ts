import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DB_FILE, Workspace } from '../workspace/workspace.js';

/** `mwb info <workspace> [--json]`: counts, split sets and media errors, without starting any job. */
export function infoCommand(dir: string, opts: { json?: boolean }): void {
  const path = resolve(dir);
  if (!existsSync(join(path, DB_FILE))) throw new Error(`${path} is not a workspace (no ${DB_FILE} in it)`);
  const ws = Workspace.open(path);
  try {
    const counts = ws.counts();
    const splitSets = ws.splitSets.summaries().map((s) => ({ name: s.name, locked: s.locked, subsets: s.subsets }));
    const mediaErrors = ws.media.countErrors();
    if (opts.json) process.stdout.write(JSON.stringify({ ...counts, mediaErrors, splitSets }) + '\n');
    else {
      process.stdout.write(`Workspace ${ws.path}\n`);
      for (const [k, v] of Object.entries({ ...counts, mediaErrors })) process.stdout.write(`  ${k.padEnd(8)} ${v}\n`);
      for (const s of splitSets) {
        const n = s.subsets;
        process.stdout.write(`  split set ${s.name}${s.locked ? ' (locked)' : ''}: train ${n.train}, val ${n.val}, test ${n.test}, unused ${n.unused}\n`);
      }
    }
  } finally {
    ws.close();
  }
}
