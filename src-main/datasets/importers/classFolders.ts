import type { MediaKind } from '../../ipc/contract.js';
import { stemOf } from './mediaFiles.js';
import type { PlanBuilder } from './plan.js';
import type { ScanContext } from './registry.js';
import { walkFiles } from './walk.js';

/**
 * Adds one whole-file clip per file under `<root>/<Class>/…`: the top folder is the label and a
 * second-level folder, when there is one, the group (`<root>/<Class>/<actor>/<file>`). Files whose
 * `kindOf` is null, and files directly in the root, are reported as ignored.
 */
export async function scanClassFolders(plan: PlanBuilder, root: string, kindOf: (name: string) => MediaKind | null,
  what: string, ctx: ScanContext): Promise<void> {
  const walked = await walkFiles(root, {
    signal: ctx.signal,
    onProgress: (n) => ctx.progress?.(`${n} files found under ${root}`),
  });
  plan.problemsFrom(walked.problems);
  for (const f of walked.files) {
    const kind = kindOf(f.name);
    if (!kind) {
      plan.problem('ignored', f.path, `${f.path} is not ${what} (by its extension); it was not imported`);
    } else if (!f.folders.length) {
      plan.problem('ignored', f.path, `${f.path} is not inside a class folder; move it into <root>/<Class>/ to import it`);
    } else {
      plan.clip({ path: f.path, kind, name: stemOf(f.name), label: f.folders[0]!, group: f.folders[1] ?? null });
    }
  }
}
