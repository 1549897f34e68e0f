import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.js';

/**
 * The import graph of `entries` as esbuild resolves it (type-only imports are erased, as at run
 * time), with packages left unresolved so they show up by name.
 */
async function importGraph(entries: string[]): Promise<Metafile['inputs']> {
  const r = await build({
    entryPoints: entries.map((e) => join(REPO_ROOT, e)), absWorkingDir: REPO_ROOT, bundle: true, write: false, metafile: true,
    platform: 'node', format: 'esm', packages: 'external', outdir: 'out-import-graph', logLevel: 'silent',
  });
  return r.metafile.inputs;
}

/**
 * Every chain `entry -> ... -> @tensorflow/*` (shortest first, one per file importing tfjs);
 * `dynamic` decides whether `await import()` edges count.
 */
function chainsToTfjs(inputs: Metafile['inputs'], entry: string, dynamic: boolean): string[] {
  const parent = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  const chains: string[] = [];
  while (queue.length) {
    const file = queue.shift()!;
    for (const imp of inputs[file]?.imports ?? []) {
      if (!dynamic && imp.kind === 'dynamic-import') continue;
      if (imp.path.startsWith('@tensorflow/')) {
        const chain = [imp.path];
        for (let f: string | null = file; f; f = parent.get(f) ?? null) chain.unshift(f);
        chains.push(chain.join(' -> '));
      } else if (!imp.external && !parent.has(imp.path)) {
        parent.set(imp.path, file);
        queue.push(imp.path);
      }
    }
  }
  return chains;
}

// The main process serves the UI: loading TensorFlow.js there costs ~0.3 s at start and memory for
// nothing, since models are built only in the trainer/evaluator children and worker threads.
describe('the main process never loads TensorFlow.js', () => {
  it.each([
    ['src-main/core.ts', true],
    ['src-main/ipc/handlers/index.ts', true],
    ['src-main/training/models/families/index.ts', true],
    // doctor imports the backend ladder on demand; every other command must not pay for it
    ['src-main/cli/main.ts', false],
  ])('%s reaches no @tensorflow module (dynamic imports counted: %s)', async (entry, dynamic) => {
    const inputs = await importGraph([entry]);
    expect(Object.keys(inputs)).toContain('src-main/training/models/registry.ts'); // the walk really reaches training code
    expect(chainsToTfjs(inputs, entry, dynamic)).toEqual([]);
  }, 30_000);

  it('still finds tfjs where it belongs: the trainer child and the CLI doctor', async () => {
    const inputs = await importGraph(['src-main/training/trainer/trainerProcess.ts', 'src-main/cli/main.ts']);
    expect(chainsToTfjs(inputs, 'src-main/training/trainer/trainerProcess.ts', false).length).toBeGreaterThan(0);
    expect(chainsToTfjs(inputs, 'src-main/cli/main.ts', true).join('\n')).toMatch(/cli\/trainingCommands\.ts -> src-main\/training\/backends\//);
  }, 30_000);
});
