import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes a text file under `outDir` atomically (temp name + rename); returns its relative name. */
export function writeText(outDir: string, rel: string, text: string): string {
  const file = join(outDir, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.part`, text);
  renameSync(`${file}.part`, file);
  return rel;
}
