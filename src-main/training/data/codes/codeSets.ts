/**
 * Code sets (S002): per-clip backbone codes [T, D] float32 cached as `cache/codes/<key>/<clipId>.npy`,
 * one `code_sets` row per key saying where they came from. The key is a sha1 of the source's
 * identity (content of the model), the layer and the input spec, so the same backbone on the same
 * frames always lands in the same folder and extraction resumes where it stopped.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Db } from '../../../db/connection.js';
import type { InputSpec } from '../inputSpec.js';

/** Where a code set's backbone comes from. */
export type CodeSource = { kind: 'run'; runId: number } | { kind: 'file'; path: string };

/** A `code_sets` row. */
export interface CodeSetInfo {
  key: string;
  source: CodeSource & { identity: string };
  layer: string;
  input: InputSpec;
  /** [T, D]. */
  shape: number[];
  clips: number;
  jobId: number | null;
}

/** The key of a code set: sha1 of the model's content identity + layer + input spec. */
export function codeSetKey(identity: string, layer: string, input: InputSpec): string {
  return createHash('sha1').update(JSON.stringify([identity, layer, input])).digest('hex');
}

/** Folder of a code set under a workspace's cache dir. */
export function codeSetDir(cacheDir: string, key: string): string {
  return join(cacheDir, 'codes', key);
}

/** File of one clip's codes [T, D]. */
export function codeFilePath(cacheDir: string, key: string, clipId: number): string {
  return join(codeSetDir(cacheDir, key), `${clipId}.npy`);
}

/** The row of a code set, or null. */
export function getCodeSet(db: Db, key: string): CodeSetInfo | null {
  const r = db.prepare('SELECT key, source, layer, input, shape, clips, job_id FROM code_sets WHERE key = ?').get(key) as
    { key: string; source: string; layer: string; input: string; shape: string; clips: number; job_id: number | null } | undefined;
  if (!r) return null;
  return { key: r.key, source: JSON.parse(r.source) as CodeSetInfo['source'], layer: r.layer, input: JSON.parse(r.input) as InputSpec,
    shape: JSON.parse(r.shape) as number[], clips: r.clips, jobId: r.job_id };
}

/** Inserts or updates a code set's row (a resumed extraction updates the clip count and job). */
export function saveCodeSet(db: Db, info: CodeSetInfo): void {
  db.prepare(`INSERT INTO code_sets (key, source, layer, input, shape, clips, job_id) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET clips = excluded.clips, shape = excluded.shape, job_id = excluded.job_id`)
    .run(info.key, JSON.stringify(info.source), info.layer, JSON.stringify(info.input), JSON.stringify(info.shape), info.clips, info.jobId);
}
