import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../helpers/fixtures.js';

/** Every module a file loads at run time (type-only imports excluded), followed through relative imports. */
function runtimeImports(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>(), packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'([^']+)';/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(join(REPO_ROOT, entry));
  return { files: [...files].map((f) => relative(REPO_ROOT, f)), packages: [...packages] };
}

describe('the trainer child reads data without SQLite or ffmpeg', () => {
  it.each([
    ['src-main/training/data/batches.ts', 'src-main/training/data/viewReader.ts'],
    ['src-main/training/data/siamese.ts', 'src-main/media/sampling/rng.ts'],
    ['src-main/training/data/batchWorker.ts', 'src-main/training/data/viewReader.ts'],
    ['src-main/training/data/prefetch.ts', 'src-main/paths.ts'],
  ])('%s loads only files and pure code', (entry, expected) => {
    const { files, packages } = runtimeImports(entry);
    expect(files).toContain(expected); // the walk really follows imports
    for (const f of files) expect(f).not.toMatch(/\/(db|workspace|jobs)\/|decode|ffmpeg|probe|sampleFrames/);
    for (const p of packages) expect(p).toMatch(/^node:/);
  });
});
