import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SplitSubset } from '../../ipc/contract.js';
import type { FileIndex } from './fileIndex.js';
import type { PlanBuilder, PlanClipInput, PlanSplitSet } from './plan.js';

/** One entry of an official split list: which file, which subset, and the clip it becomes. */
export interface ListedEntry {
  /** The list that names it and the line number, for messages. */
  listFile: string;
  line: number;
  /** The file as the list names it (`ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi`). */
  listed: string;
  /** A folder the file is expected in (class folder), preferred when names repeat. */
  folderHint?: string;
  subset: SplitSubset;
  clip: Omit<PlanClipInput, 'path'>;
}

/** Where listed files are looked for, and whether missing ones still become clips. */
export interface ListedOptions {
  root: string;
  includeMissing: boolean;
}

/**
 * Counts a list entry in its set, finds its file under the root (any layout, any case) and adds
 * the clip and its assignment. A file that is not there is reported as missing and, unless
 * `includeMissing`, creates nothing.
 */
export function addListed(plan: PlanBuilder, index: FileIndex, set: PlanSplitSet, e: ListedEntry, o: ListedOptions): void {
  set.listed[e.subset]++;
  const found = index.find(basename(e.listed), e.folderHint);
  let path = found?.path;
  if (!path) {
    plan.problem('missing', e.listed,
      `${e.listed} is listed in ${basename(e.listFile)} (line ${e.line}) but is not under ${o.root}`);
    if (!o.includeMissing) return;
    path = join(o.root, e.listed);
  }
  plan.assign(set, plan.clip({ ...e.clip, path }), e.subset);
}

/**
 * The folder holding a dataset's split lists: the one given, else the video root or the first of
 * `candidates` (inside or beside the root) for which `holdsLists` is true. Throws naming `what`
 * is missing and which option to set.
 */
export function findListsDir(root: string, given: string | undefined, holdsLists: (dir: string) => boolean,
  what: string, candidates: string[]): string {
  const dirs = given ? [given] : [root, ...candidates.map((c) => join(root, c)), ...candidates.map((c) => join(root, '..', c))];
  const hit = dirs.find((d) => existsSync(d) && holdsLists(d));
  if (hit) return hit;
  throw Object.assign(new Error(given
    ? `${what} not found in ${given}: point splitsDir (--splits-dir) at the folder that holds the split lists`
    : `${what} not found in ${root} or beside it: pass splitsDir (--splits-dir) <folder with the split lists>`),
  { code: 'bad_input' });
}
