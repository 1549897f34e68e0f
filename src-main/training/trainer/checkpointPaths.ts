/**
 * Where a run's checkpoints and best model live, and which checkpoint is the last complete one.
 * No tfjs here: the main process (the `training.run` job deciding whether to resume) reads these
 * without loading TensorFlow.js; checkpoint.ts writes and loads the checkpoints themselves.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Folder of the checkpoints of a run. */
export const checkpointsDir = (runDir: string): string => join(runDir, 'checkpoints');
/** Folder of the best model of a run (read by evaluation, export, code extraction, init from run). */
export const bestDir = (runDir: string): string => join(runDir, 'best');

/** The last complete checkpoint's folder, or null when the run has none. */
export function lastCheckpoint(runDir: string): string | null {
  const pointer = join(checkpointsDir(runDir), 'checkpoint.json');
  if (!existsSync(pointer)) return null;
  const { last } = JSON.parse(readFileSync(pointer, 'utf8')) as { last: string };
  const dir = join(checkpointsDir(runDir), last);
  return existsSync(join(dir, 'state.json')) ? dir : null;
}
