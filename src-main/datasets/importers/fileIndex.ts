import type { ScanContext } from './registry.js';
import { walkFiles, type WalkedFile } from './walk.js';
import type { PlanBuilder } from './plan.js';

/**
 * The files under a dataset root by lower-case file name, so list entries are found whatever the
 * layout (`<root>/<Class>/<file>` as shipped, or flat) and whatever the case of the class folder
 * (UCF101 lists `HandstandPushups/v_HandStandPushups_…`). Walk problems go to the plan.
 */
export class FileIndex {
  private readonly byName = new Map<string, WalkedFile[]>();
  private readonly used = new Set<string>();

  private constructor(readonly files: WalkedFile[]) {
    for (const f of files) {
      const key = f.name.toLowerCase();
      const list = this.byName.get(key);
      if (list) list.push(f);
      else this.byName.set(key, [f]);
    }
  }

  /** Walks `root` (following links, reporting loops into `plan`) and indexes what it finds. */
  static async build(root: string, plan: PlanBuilder, ctx: ScanContext): Promise<FileIndex> {
    const walked = await walkFiles(root, {
      signal: ctx.signal,
      onProgress: (n) => ctx.progress?.(`${n} files found under ${root}`),
    });
    plan.problemsFrom(walked.problems);
    return new FileIndex(walked.files);
  }

  /**
   * The file with this name; when several folders hold one, the one inside a folder named
   * `preferFolder` (any case) wins. Marks it used so `unused()` can list files no list named.
   */
  find(name: string, preferFolder?: string): WalkedFile | undefined {
    const list = this.byName.get(name.toLowerCase());
    if (!list) return undefined;
    const want = preferFolder?.toLowerCase();
    const hit = (want && list.find((f) => f.folders.at(-1)?.toLowerCase() === want)) || list[0]!;
    this.used.add(hit.path);
    return hit;
  }

  /** Files that no `find` returned and that pass `filter` (e.g. videos in no split list). */
  unused(filter: (f: WalkedFile) => boolean): WalkedFile[] {
    return this.files.filter((f) => !this.used.has(f.path) && filter(f));
  }
}
