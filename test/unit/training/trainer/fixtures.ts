/**
 * Tiny synthetic training data for the trainer tests: a run folder with a `manifest.json` whose
 * clips are `.npy` files of [views, 16, 16, 3] float32, class 0 bright and class 1 dark (plus
 * noise), so a small CNN learns it in a few steps.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpy } from '../../../../src-main/media/npy.js';
import { mulberry32 } from '../../../../src-main/media/sampling/rng.js';
import type { DataManifest, SampleRef } from '../../../../src-main/training/data/types.js';
import { parseRunConfig, type RunConfig, type RunConfigInput } from '../../../../src-main/training/run/config.js';

export const SIZE = 16;

const roots: string[] = [];

/** Removes every folder `syntheticRun` made (call in afterAll). */
export function removeSyntheticRuns(): void {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
}

/** Writes `n` clips per class for train and val; returns the run folder and manifest. */
export function syntheticRun(opts: { perClass?: number; views?: number; classes?: number; link?: boolean; teacher?: boolean } = {}): { runDir: string; manifest: DataManifest } {
  const root = mkdtempSync(join(tmpdir(), 'mwb-trainer-'));
  roots.push(root);
  const runDir = join(root, 'runs', '1');
  mkdirSync(join(root, 'data'), { recursive: true });
  mkdirSync(runDir, { recursive: true });
  const rand = mulberry32(7);
  const classes = opts.classes ?? 2, views = opts.views ?? 2, perClass = opts.perClass ?? 4;
  let clipId = 0;
  const subset = (name: string): SampleRef[] => {
    const refs: SampleRef[] = [];
    for (let label = 0; label < classes; label++) {
      for (let k = 0; k < perClass; k++) {
        const id = ++clipId;
        const data = new Float32Array(views * SIZE * SIZE * 3).map(() => label / Math.max(1, classes - 1) * 0.8 + rand() * 0.2);
        const file = join(root, 'data', `${name}-${id}.npy`);
        writeNpy(file, { dtype: 'f4', shape: [views, SIZE, SIZE, 3], data });
        const files = [file];
        if (opts.teacher) {
          const tf = join(root, 'data', `${name}-${id}-t.npy`);
          writeNpy(tf, { dtype: 'f4', shape: [views, SIZE, SIZE, 3], data: data.map((v) => 1 - v) });
          files.push(tf);
        }
        refs.push({ clipId: id, label, video: `v${id}`, link: opts.link ? Math.floor(k / 2) + label * 100 : null, files, views });
      }
    }
    return refs;
  };
  const input = { spec: { kind: 'rgb-frame' as const, size: SIZE, frames: views, strategy: 'uniform' as const }, shape: [SIZE, SIZE, 3], dtype: 'float32' as const, flow: false, rgb: true };
  const manifest: DataManifest = {
    labels: Array.from({ length: classes }, (_, i) => ({ classId: i + 1, name: `class${i}` })),
    inputs: opts.teacher ? [input, input] : [input],
    modelInputs: 1,
    subsets: { train: subset('train'), val: subset('val'), test: [] },
    skipped: [],
  };
  writeFileSync(join(runDir, 'manifest.json'), JSON.stringify(manifest));
  return { runDir, manifest };
}

/** A small-CNN run config on the synthetic data, with overrides of `training`. */
export function tinyConfig(training: Record<string, unknown> = {}, extra: Partial<RunConfigInput> = {}, classes = 2): RunConfig {
  return parseRunConfig({
    name: 'tiny',
    data: { splitSetId: 1 },
    inputs: [{ kind: 'rgb-frame', size: SIZE }],
    model: { family: 'small-cnn', config: { inputSize: SIZE, widths: [4, 4, 6], denseUnits: 8, dropout: 0.5, classes } },
    training: { epochs: 2, batchSize: 4, seed: 3, optimizer: { type: 'adam', lr: 0.01 }, ...training },
    ...extra,
  });
}
