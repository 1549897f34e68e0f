import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { labelSession } from '../datasets/labels/session.js';
import type { ClipPatch } from '../ipc/contract.js';
import { acquireWorkspaceLock } from '../workspace/lock.js';
import { DB_FILE, Workspace } from '../workspace/workspace.js';

interface LabelFlags { clip: string[]; class?: string; negative?: boolean; exclude?: boolean; include?: boolean; json?: boolean }

/** `mwb label <workspace> --clip <id|path> --class <name>`: the labeler's edits from a script. */
export function registerLabelCommands(program: Command): void {
  program.command('label')
    .description('label clips (audited and undoable like a label set in the app)')
    .argument('<workspace>', 'workspace folder')
    .requiredOption('--clip <id|path>', 'clip id, clip name, or media file path (repeat for more clips)', collect, [])
    .option('--class <name>', 'class to set (must exist); "none" removes the label')
    .option('--negative', 'mark as a negative/none example (removes the label)')
    .option('--exclude', 'exclude from training')
    .option('--include', 'include again (undo --exclude / --negative)')
    .option('--json', 'print the labelled clips as JSON')
    .action(labelCommand);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The clip ids one `--clip` value names: an id, a clip name, or every clip of a media file. */
export function resolveClipRef(ws: Workspace, ref: string): number[] {
  if (/^\d+$/.test(ref)) {
    if (!ws.clips.get(Number(ref))) throw new Error(`No clip ${ref} in ${ws.path}`);
    return [Number(ref)];
  }
  const byMedia = ws.db.prepare('SELECT k.id FROM clips k JOIN media m ON m.id = k.media_id WHERE m.path = ? ORDER BY k.start_s, k.id')
    .all(resolve(ref)) as { id: number }[];
  if (byMedia.length === 1) return [byMedia[0]!.id];
  if (byMedia.length > 1) {
    throw new Error(`${resolve(ref)} has ${byMedia.length} clips (ids ${byMedia.map((r) => r.id).join(', ')}); pass --clip <id> for the one to label`);
  }
  const byName = ws.db.prepare('SELECT id FROM clips WHERE name = ? ORDER BY id').all(ref) as { id: number }[];
  if (byName.length === 1) return [byName[0]!.id];
  if (byName.length > 1) throw new Error(`${byName.length} clips are named "${ref}" (ids ${byName.map((r) => r.id).join(', ')}); pass --clip <id>`);
  throw new Error(`No clip "${ref}" in ${ws.path}: give a clip id, a clip name or the path of an imported media file`);
}

/** Builds the patch the flags ask for; at least one of --class/--negative/--exclude/--include. */
function patchOf(f: LabelFlags): ClipPatch {
  if (f.negative && f.class && f.class.toLowerCase() !== 'none') throw new Error('--negative removes the label; do not combine it with --class');
  if (f.exclude && f.include) throw new Error('--exclude and --include contradict each other');
  const patch: ClipPatch = {};
  if (f.class !== undefined) patch.label = f.class.toLowerCase() === 'none' ? null : f.class;
  if (f.negative) Object.assign(patch, { label: null, status: 'negative' });
  if (f.exclude) patch.status = 'excluded';
  if (f.include) patch.status = 'active';
  if (f.class !== undefined && patch.label != null && !f.exclude) patch.status = 'active';
  if (!Object.keys(patch).length) throw new Error('Nothing to do: give --class <name>, --negative, --exclude or --include');
  return patch;
}

function labelCommand(dir: string, flags: LabelFlags): void {
  const path = resolve(dir);
  if (!existsSync(join(path, DB_FILE))) throw new Error(`${path} is not a workspace (no ${DB_FILE} in it)`);
  const patch = patchOf(flags);
  const release = acquireWorkspaceLock(path);
  const ws = Workspace.open(path);
  try {
    const ids = [...new Set(flags.clip.flatMap((ref) => resolveClipRef(ws, ref)))];
    const out = labelSession(ws).update(ids, patch, 'cli');
    const clips = ids.map((id) => ws.clips.get(id)!);
    if (flags.json) return void process.stdout.write(JSON.stringify({ batchId: out.batchId, changed: out.changed, clips }) + '\n');
    for (const c of clips) process.stdout.write(`${String(c.id).padStart(6)}  ${c.name}  ${c.label ?? '(unlabelled)'}  ${c.status}\n`);
    process.stdout.write(`${out.changed} of ${ids.length} clip(s) changed${out.batchId ? ` (edit ${out.batchId})` : ''}\n`);
  } finally {
    ws.close();
    release();
  }
}
