/**
 * `codes` (S002): cached backbone codes made by a `training.codes` job, one view [T, D] float32
 * per clip. The code file itself ([T, D] has the bytes of [1, T, D]) is what the manifest names,
 * so nothing is copied.
 */
import { existsSync } from 'node:fs';
import { readNpyHeader } from '../../../media/npy.js';
import { codeFilePath, getCodeSet } from '../codes/codeSets.js';
import type { InputSpec } from '../inputSpec.js';
import { eachClip, registerInputSource } from './registry.js';
import type { Workspace } from '../../../workspace/workspace.js';

type CodesSpec = Extract<InputSpec, { kind: 'codes' }>;

/** The [T, D] of a code set, or an error saying how to make it. */
function codeShape(ws: Workspace, spec: CodesSpec): number[] {
  const set = getCodeSet(ws.db, spec.codesKey);
  if (!set) throw new Error(`No code set "${spec.codesKey}" in this workspace: run "Extract codes" (training.codes) and use the key it reports`);
  return set.shape;
}

/** Registered as 'codes'. */
export const codesSource = registerInputSource<CodesSpec>({
  kind: 'codes',
  describe: (s) => `cached codes ${s.codesKey.slice(0, 8)}`,
  shape: (s, ctx) => codeShape(ctx.ws, s),
  dtype: 'float32',
  flow: false,
  rgb: false,
  prepare: (ctx, spec, clips) => {
    const shape = codeShape(ctx.ws, spec);
    return eachClip(ctx, clips, 4, async (clip) => {
      const file = codeFilePath(ctx.ws.cacheDir, spec.codesKey, clip.clipId);
      if (!existsSync(file)) {
        return { error: `clip ${clip.name} has no codes in code set ${spec.codesKey} (${file} is missing); run "Extract codes" (training.codes) for it` };
      }
      const head = readNpyHeader(file);
      if (head.dtype !== 'f4' || head.shape.join('x') !== shape.join('x')) {
        return { error: `clip ${clip.name}: ${file} holds ${head.dtype} ${head.shape.join('x')}, not float32 ${shape.join('x')}; delete it and extract the codes again` };
      }
      return { file, views: 1, cached: true };
    });
  },
});
