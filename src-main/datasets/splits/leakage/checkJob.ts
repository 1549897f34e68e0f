/**
 * `splits.check`: the leakage check of one split set as a cancellable job. Phase `splits.meta`
 * finds clips of one source video or one group in different parts; phase `splits.hash` hashes
 * sampled frames of every clip (decoding with ffmpeg, cached); phase `splits.compare` finds
 * near-duplicates across parts. Result: a LeakReport (read back by `splits:findings`).
 */
import { z } from 'zod';
import type { LeakClip, LeakFinding, LeakKind, LeakReport } from '../../../ipc/contract.js';
import { registerJobKind } from '../../../jobs/registry.js';
import type { Workspace } from '../../../workspace/workspace.js';
import { storedContentHash } from '../contentHash.js';
import { partKey } from '../parts.js';
import { getSet, readAssignments } from '../store.js';
import { hashClips } from './clipHashes.js';
import { nearDuplicateFindings, sameGroupFindings, sameSourceFindings, sortFindings } from './findings.js';

/** Default Hamming distance (bits of 64) at or below which two clips are near-duplicates. */
export const DEFAULT_THRESHOLD = 10;
/** Default frames hashed per clip. */
export const DEFAULT_FRAMES = 5;
/** Findings a report keeps (the counts stay complete). */
const MAX_FINDINGS = 2000;

/** Spec of a `splits.check` job. */
export const checkSpecSchema = z.object({
  splitSetId: z.number().int().positive(),
  /** The set's name, for the jobs panel title only. */
  name: z.string().max(200).optional(),
  threshold: z.number().int().min(0).max(16).default(DEFAULT_THRESHOLD),
  framesPerClip: z.number().int().min(1).max(16).default(DEFAULT_FRAMES),
  nearDuplicates: z.boolean().default(true),
  /** Parallel ffmpeg decoders; default one per core. */
  concurrency: z.number().int().min(1).max(32).optional(),
});

/** A validated check spec. */
export type CheckSpec = z.infer<typeof checkSpecSchema>;

interface ClipInfoRow {
  id: number; name: string; label: string | null; color: string | null; media_id: number; path: string;
  thumb_path: string | null; group_name: string | null; start_s: number; end_s: number | null;
}

/** The assigned, used (not `unused`) clips of a set with what a finding shows about each. */
export function leakClipsOf(ws: Workspace, setId: number): LeakClip[] {
  const assignments = readAssignments(ws.db, setId);
  const rows = ws.db.prepare(`SELECT k.id, k.name, c.name AS label, c.color, k.media_id, m.path, m.thumb_path, k.group_name,
    k.start_s, k.end_s FROM clips k JOIN media m ON m.id = k.media_id LEFT JOIN classes c ON c.id = k.class_id ORDER BY k.id`)
    .all() as ClipInfoRow[];
  const out: LeakClip[] = [];
  for (const r of rows) {
    const a = assignments.get(r.id);
    if (!a || a.subset === 'unused') continue;
    out.push({
      clipId: r.id, name: r.name, label: r.label, classColor: r.color, subset: a.subset, fold: a.fold, part: partKey(a),
      mediaId: r.media_id, path: r.path, thumbKey: r.thumb_path ? `thumb/${r.media_id}` : null, group: r.group_name,
      start: r.start_s, end: r.end_s,
    });
  }
  return out;
}

/** Runs the whole check in this process (the job's body; tests and the CLI call it too). */
export async function runLeakageCheck(ws: Workspace, spec: CheckSpec, io: {
  signal?: AbortSignal;
  progress?: (p: { phase: string; done: number; total: number; message: string }) => void;
} = {}): Promise<LeakReport> {
  const set = getSet(ws.db, spec.splitSetId);
  const contentHash = storedContentHash(ws.db, set.id);
  const clips = leakClipsOf(ws, set.id);
  io.progress?.({ phase: 'splits.meta', done: 0, total: clips.length, message: `${clips.length} clips` });
  const findings: LeakFinding[] = [...sameSourceFindings(clips), ...sameGroupFindings(clips)];
  const near: LeakReport['nearDuplicates'] = {
    checked: spec.nearDuplicates, threshold: spec.threshold, framesPerClip: spec.framesPerClip, hashed: 0, cached: 0, skipped: [],
  };
  if (spec.nearDuplicates && clips.length > 1) {
    const parts = new Set(clips.map((c) => c.part));
    const outcome = await hashClips(ws.db, parts.size > 1 ? clips.map((c) => c.clipId) : [], {
      framesPerClip: spec.framesPerClip, cacheDir: ws.cache('phash'), signal: io.signal, concurrency: spec.concurrency,
      onProgress: (done, total, name) => io.progress?.({ phase: 'splits.hash', done, total, message: name }),
    });
    Object.assign(near, { hashed: outcome.hashed, cached: outcome.cached, skipped: outcome.skipped.slice(0, 200) });
    findings.push(...nearDuplicateFindings(clips, outcome.hashes, spec.threshold, {
      signal: io.signal,
      onProgress: (done, total) => io.progress?.({ phase: 'splits.compare', done, total, message: `comparing ${outcome.hashes.size} clips` }),
    }));
  }
  io.signal?.throwIfAborted();
  sortFindings(findings);
  const counts: Record<LeakKind, number> = { 'same-source': 0, 'same-group': 0, 'near-duplicate': 0 };
  for (const f of findings) counts[f.kind]++;
  io.progress?.({ phase: 'splits.compare', done: clips.length, total: clips.length, message: findings.length ? `${findings.length} finding(s)` : 'no leaks found' });
  return {
    splitSetId: set.id, name: set.name, contentHash, checkedAt: new Date().toISOString(), clips: clips.length, counts,
    findings: findings.slice(0, MAX_FINDINGS), truncated: findings.length > MAX_FINDINGS, nearDuplicates: near,
  };
}

/** The `splits.check` job kind. Resumable: hashes already computed are read from the cache. */
export const checkJob = registerJobKind<CheckSpec>({
  id: 'splits.check',
  schema: checkSpecSchema,
  resumable: true,
  describe: (s) => `Leakage check of split set ${s.name ? `"${s.name}"` : `#${s.splitSetId}`}`,
  run: (ctx) => runLeakageCheck(ctx.workspace, ctx.spec, { signal: ctx.signal, progress: ctx.progress }),
});

/**
 * The newest finished report of a set, or null. A report older than the set itself (a deleted
 * set's id reused) is ignored.
 */
export function latestLeakReport(ws: Workspace, setId: number): LeakReport | null {
  const set = getSet(ws.db, setId);
  const rows = ws.db.prepare(`SELECT result FROM jobs WHERE kind = 'splits.check' AND state = 'done'
    AND json_extract(spec, '$.splitSetId') = ? ORDER BY id DESC LIMIT 5`).all(setId) as { result: string | null }[];
  for (const r of rows) {
    if (!r.result) continue;
    const report = JSON.parse(r.result) as LeakReport;
    if (report.splitSetId === setId && report.checkedAt >= set.createdAt) return report;
  }
  return null;
}
