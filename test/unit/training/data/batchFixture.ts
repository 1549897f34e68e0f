/** Small per-clip `.npy` inputs whose values encode (clip, view, position), for the batch tests. */
import { join } from 'node:path';
import { writeNpy } from '../../../../src-main/media/npy.js';
import { inputSpecSchema } from '../../../../src-main/training/data/inputSpec.js';
import type { DataManifest, ManifestInput, SampleRef } from '../../../../src-main/training/data/types.js';
import { tempDir } from '../../../helpers/coreFixtures.js';

export const S = 8, L = 2, VIEWS = 3;
export const rgbInput: ManifestInput = { spec: inputSpecSchema.parse({ kind: 'rgb-frame', size: S, frames: VIEWS }), shape: [S, S, 3], dtype: 'uint8', flow: false, rgb: true };
export const flowInput: ManifestInput = { spec: inputSpecSchema.parse({ kind: 'flow-stack', size: S, length: L, stacks: VIEWS }), shape: [S, S, 2 * L], dtype: 'float32', flow: true, rgb: false };
export const volInput: ManifestInput = { spec: inputSpecSchema.parse({ kind: 'flow-volume', size: S, frames: 2 }), shape: [2, S, S, 2], dtype: 'float32', flow: true, rgb: false };

/** Per clip: a uint8 RGB file and a float32 flow file whose values encode (clip, view, y, x, channel). */
export function makeManifest(clips: number): { manifest: DataManifest; refs: SampleRef[] } {
  const dir = tempDir();
  const refs: SampleRef[] = [];
  for (let c = 0; c < clips; c++) {
    const rgb = new Uint8Array(VIEWS * S * S * 3).map((_, i) => (i * 7 + c * 31) % 256);
    const flow = new Float32Array(VIEWS * S * S * 2 * L).map((_, i) => ((i % 13) - 6) * 0.25 + c);
    const vol = new Float32Array(VIEWS * 2 * S * S * 2).map((_, i) => (i % 7) - 3 + c);
    const files = [join(dir, `rgb${c}.npy`), join(dir, `flow${c}.npy`), join(dir, `vol${c}.npy`)];
    writeNpy(files[0]!, { dtype: 'u1', shape: [VIEWS, S, S, 3], data: rgb });
    writeNpy(files[1]!, { dtype: 'f4', shape: [VIEWS, S, S, 2 * L], data: flow });
    writeNpy(files[2]!, { dtype: 'f4', shape: [VIEWS, 2, S, S, 2], data: vol });
    refs.push({ clipId: 100 + c, label: c % 3, video: `media:${c}`, link: c < 4 ? Math.floor(c / 2) : null, files, views: VIEWS });
  }
  const manifest: DataManifest = { labels: [0, 1, 2].map((i) => ({ classId: i + 1, name: `c${i}` })), inputs: [rgbInput, flowInput, volInput],
    modelInputs: 2, subsets: { train: refs, val: [], test: [] }, skipped: [] };
  return { manifest, refs };
}
