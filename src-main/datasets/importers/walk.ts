import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportProblem } from '../../ipc/contract.js';

/** A regular file found under the walked root. */
export interface WalkedFile {
  /** Path as reached from the root (through symlinks, not resolved), so it stays where the user put it. */
  path: string;
  /** Folder names between the root and the file, outermost first (`[]` = directly in the root). */
  folders: string[];
  name: string;
}

/** Every file under a root plus what went wrong on the way (loops, broken links, unreadable folders). */
export interface WalkResult {
  files: WalkedFile[];
  problems: ImportProblem[];
}

/** Options of {@link walkFiles}. */
export interface WalkOptions {
  signal?: AbortSignal;
  /** Called every few hundred files so a long scan can show progress. */
  onProgress?: (filesSoFar: number, folder: string) => void;
}

interface Walk {
  opts: WalkOptions;
  files: WalkedFile[];
  problems: ImportProblem[];
  /** `dev:ino` of every folder already walked, with the path it was walked under. */
  visited: Map<string, string>;
}

/**
 * Lists every regular file under `root`, in name order, following symbolic links to files and
 * folders. A link back to a folder that encloses it (a loop) is reported and not followed; a folder
 * reached twice through links is walked once. Names may hold spaces, quotes and any Unicode: paths
 * are passed to the OS as they are, never through a shell. Dot-files (`.DS_Store`) are skipped.
 * Throws only when the root itself is not a readable folder.
 */
export async function walkFiles(root: string, opts: WalkOptions = {}): Promise<WalkResult> {
  let st;
  try {
    st = await stat(root);
  } catch (err) {
    throw new Error(`Folder not found: ${root} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path`, { cause: err });
  }
  if (!st.isDirectory()) throw new Error(`${root} is a file, not a folder: choose the folder that holds the dataset`);
  const w: Walk = { opts, files: [], problems: [], visited: new Map([[idOf(st), root]]) };
  await visit(w, root, [], new Set([idOf(st)]));
  return { files: w.files, problems: w.problems };
}

async function visit(w: Walk, dir: string, folders: string[], ancestors: Set<string>): Promise<void> {
  w.opts.signal?.throwIfAborted();
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    w.problems.push({ kind: 'unreadable', file: dir, message: `Cannot list folder ${dir}: ${(err as Error).message}; check its permissions` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      try {
        const target = await stat(path);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        w.problems.push(code === 'ELOOP'
          ? { kind: 'symlink-loop', file: path, message: `${path} is a symbolic link that points back to itself (a loop); it was not followed` }
          : { kind: 'missing', file: path, message: `${path} is a broken symbolic link (${code}); fix or remove the link` });
        continue;
      }
    }
    if (isFile) {
      w.files.push({ path, folders, name: e.name });
      if (w.files.length % 500 === 0) w.opts.onProgress?.(w.files.length, dir);
    } else if (isDir) {
      await enter(w, path, [...folders, e.name], ancestors);
    }
  }
}

/** Walks a sub-folder unless it is an enclosing folder (loop) or was already walked via a link. */
async function enter(w: Walk, path: string, folders: string[], ancestors: Set<string>): Promise<void> {
  let id: string;
  try {
    id = idOf(await stat(path));
  } catch (err) {
    w.problems.push({ kind: 'unreadable', file: path, message: `Cannot read folder ${path}: ${(err as Error).message}` });
    return;
  }
  const seen = w.visited.get(id);
  if (ancestors.has(id)) {
    w.problems.push({ kind: 'symlink-loop', file: path, message: `${path} links back to ${seen} (a symbolic-link loop); it was not followed` });
    return;
  }
  if (seen !== undefined) {
    w.problems.push({ kind: 'duplicate', file: path, message: `${path} is the same folder as ${seen} (reached through a link); its files were taken once, from ${seen}` });
    return;
  }
  w.visited.set(id, path);
  await visit(w, path, folders, new Set([...ancestors, id]));
}

function idOf(st: { dev: number; ino: number }): string {
  return `${st.dev}:${st.ino}`;
}
