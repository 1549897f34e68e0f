import type { ImportReport, JobProgress } from '../../ipc/contract.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { ImportPlan, PlanClip } from './plan.js';
import { clipLabel, pushCapped } from './report.js';

/** Where an import got to; saved with every batch so a resumed job continues from here. */
export interface ImportCursor {
  clips: number;
  assignments: number;
}

/** What applying needs: the workspace, the import row to save progress in, batching and cancellation. */
export interface ApplyContext {
  ws: Workspace;
  importId: number;
  cursor: ImportCursor;
  report: ImportReport;
  batchSize: number;
  signal: AbortSignal;
  progress(p: JobProgress): void;
  notifyClipsChanged(reason: string): void;
}

/** Lets cancellation, progress events and other callers in between batches. */
const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Runs `write(i)` for items `from..total-1` in transactions of `batchSize`, saving the cursor and
 * report in the same transaction, so a crash or cancel loses at most the batch in flight and a
 * resumed run neither repeats nor skips an item.
 */
async function batched(a: ApplyContext, key: keyof ImportCursor, total: number, phase: string,
  write: (i: number) => void): Promise<void> {
  for (let i = a.cursor[key]; i < total;) {
    a.signal.throwIfAborted();
    const end = Math.min(i + a.batchSize, total);
    a.ws.db.transaction(() => {
      for (let j = i; j < end; j++) write(j);
      a.ws.imports.save(a.importId, { ...a.cursor, [key]: end }, a.report);
    })();
    a.cursor[key] = end;
    i = end;
    a.progress({ phase, done: end, total, message: `${end} of ${total}` });
    if (key === 'clips') a.notifyClipsChanged('import');
    await nextTurn();
  }
}

/** Creates the plan's media and clips (existing ones are skipped, never changed). */
export async function applyClips(plan: ImportPlan, a: ApplyContext): Promise<void> {
  const classIds = new Map<string, number>();
  const classId = (name: string): number => {
    let id = classIds.get(name);
    if (id === undefined) classIds.set(name, (id = a.ws.classes.ensure(name)));
    return id;
  };
  await batched(a, 'clips', plan.clips.length, 'import', (i) => {
    const c = plan.clips[i]!;
    const media = a.ws.media.insert(c.path, c.kind);
    const r = a.ws.clips.insert({
      mediaId: media.id, name: c.name, classId: c.label ? classId(c.label) : null, start: c.start, end: c.end,
      group: c.group, view: c.view, status: c.status, tags: c.tags,
    });
    pushCapped(r.created ? a.report.created : a.report.skipped, clipLabel(c));
  });
}

/** The id of a plan clip in the workspace (after `applyClips`), or null. */
export function clipIdOf(ws: Workspace, c: PlanClip): number | null {
  const media = ws.media.byPath(c.path);
  return media ? ws.clips.findSpan(media.id, c.start, c.end) : null;
}

/** Creates the split sets and writes their assignments; a locked set is left unchanged and reported. */
export async function applySplits(plan: ImportPlan, a: ApplyContext): Promise<void> {
  const sets = a.ws.db.transaction(() => plan.splitSets.map((s, k) => {
    const r = a.ws.splitSets.ensure({ name: s.name, strategy: s.strategy, params: s.params, seed: s.seed });
    const entry = a.report.splitSets[k]!;
    entry.created ||= r.created;
    entry.locked = r.locked;
    return r.id;
  }))();
  const flat = plan.splitSets.flatMap((s, k) => s.assignments.map((x) => ({ set: k, ...x })));
  const ids = new Map<number, number | null>();
  await batched(a, 'assignments', flat.length, 'splits', (i) => {
    const x = flat[i]!;
    if (!ids.has(x.clip)) ids.set(x.clip, clipIdOf(a.ws, plan.clips[x.clip]!));
    const clipId = ids.get(x.clip);
    if (clipId == null) return;
    const outcome = a.ws.splitSets.assign(sets[x.set]!, clipId, x.subset, x.fold);
    if (outcome !== 'locked') a.report.splitSets[x.set]!.assigned[x.subset]++;
  });
}
