/**
 * Atomic file writes for run folders. Kept apart from models/modelFiles.ts (which needs tfjs) so
 * the main process can write a run's config and manifest without loading TensorFlow.js.
 */
import { renameSync, writeFileSync } from 'node:fs';

/** Writes `data` to `path` atomically (temporary file + rename), so a crash never leaves half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
