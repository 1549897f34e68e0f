import { z } from 'zod';
import type { ImportReport, MediaInfo } from '../../ipc/contract.js';
import { registerJobKind, type JobContext } from '../../jobs/registry.js';
import { probeJob } from '../../media/probeJob.js';
import './all.js';
import { applyClips, applySplits, type ImportCursor } from './apply.js';
import { probeEventMedia } from './eventProbe.js';
import type { ImportPlan } from './plan.js';
import { getImporter, parseImportOptions } from './registry.js';
import { addUnreadable, mergeSaved, reportFromPlan } from './report.js';

/** Spec of a `dataset.import` job: which importer with which options (validated by the importer). */
export const importSpecSchema = z.object({
  importer: z.string().min(1),
  options: z.record(z.string(), z.unknown()).default({}),
  /** Probe the imported files (metadata, thumbnails, unreadable files) before the job ends. */
  probe: z.boolean().default(true),
  /** Rows per transaction; smaller batches save progress more often. */
  batchSize: z.number().int().min(1).max(10_000).default(500),
}).transform((spec, ctx) => {
  try {
    return { ...spec, options: parseImportOptions(spec.importer, spec.options) as Record<string, unknown> };
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: ['options'], message: (err as Error).message });
    return z.NEVER;
  }
});

/** A validated import spec (options normalised by the importer: defaults filled, paths absolute). */
export type ImportSpec = z.infer<typeof importSpecSchema>;

/**
 * Probes the imported files inline, so the report can list the unreadable ones: videos and images
 * with ffprobe (the `media.probe` job's code), event recordings with the DVS readers.
 */
async function probeImported(ctx: JobContext<ImportSpec>, plan: ImportPlan, report: ImportReport): Promise<void> {
  const ws = ctx.workspace;
  const media = new Map<number, MediaInfo>();
  for (const c of plan.clips) {
    const m = ws.media.byPath(c.path);
    if (m) media.set(m.id, m);
  }
  const all = [...media.values()];
  const events = all.filter((m) => m.kind === 'events').map((m) => m.id);
  const visual = all.filter((m) => m.kind !== 'events').map((m) => m.id);
  if (ctx.spec.probe && visual.length) await probeJob.run({ ...ctx, spec: { mediaIds: visual } });
  if (ctx.spec.probe && events.length) await probeEventMedia(ws, events, ctx.signal, ctx.progress);
  if (ctx.spec.probe && all.length) report.probe = { ok: 0, failed: 0 };
  for (const id of media.keys()) {
    const m = ws.media.get(id)!;
    if (m.kind === 'events' && m.status === 'pending') report.pendingEvents++;
    if (!report.probe || m.status === 'pending') continue;
    if (m.status === 'ok') report.probe.ok++;
    else report.probe.failed++;
    if (m.status === 'error') addUnreadable(report, m.path, m.error ?? 'unreadable');
  }
}

/** Adds a conflict problem for each locked split set the import could not change. */
function noteLockedSets(report: ImportReport): void {
  for (const s of report.splitSets.filter((x) => x.locked)) {
    report.problems.counts.conflict = (report.problems.counts.conflict ?? 0) + 1;
    report.problems.first.push({ kind: 'conflict', file: s.name,
      message: `Split set ${s.name} is locked, so this import did not change it; unlock it to re-import its assignments` });
  }
}

/**
 * `dataset.import`: scans with the chosen importer, writes media, clips and split sets in batched
 * transactions (idempotent: a clip is keyed by path + span and never duplicated), then probes the
 * imported files. Resumable: progress is saved with every batch and a resumed run re-scans and
 * continues at its cursor. Result: an ImportReport.
 */
export const importJob = registerJobKind<ImportSpec>({
  id: 'dataset.import',
  schema: importSpecSchema,
  resumable: true,
  describe: (s) => {
    const importer = getImporter(s.importer);
    return `Import ${importer.title} from ${importer.source(s.options)}`;
  },
  async run(ctx): Promise<ImportReport> {
    const { workspace: ws, spec, signal } = ctx;
    const importer = getImporter(spec.importer);
    ctx.progress({ phase: 'scan', done: 0, total: 0, message: `Reading ${importer.source(spec.options)}` });
    const plan = await importer.scan(spec.options, { signal, progress: (message) => ctx.progress({ phase: 'scan', done: 0, total: 0, message }) });
    const row = ws.imports.forJob(ctx.jobId, importer.id, plan.root, spec.options);
    const cursor: ImportCursor = { clips: row.cursor.clips ?? 0, assignments: row.cursor.assignments ?? 0 };
    const report = mergeSaved(reportFromPlan(plan), row.report as ImportReport | null);
    const a = {
      ws, importId: row.id, cursor, report, batchSize: spec.batchSize, signal,
      progress: ctx.progress, notifyClipsChanged: ctx.notifyClipsChanged,
    };
    await applyClips(plan, a);
    await applySplits(plan, a);
    noteLockedSets(report);
    ctx.notifyClipsChanged('import');
    await probeImported(ctx, plan, report);
    ws.imports.save(row.id, { ...cursor }, report);
    return report;
  },
});
