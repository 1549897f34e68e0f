import type { FileList, ImportProblem, ImportProblems, ImportReport } from '../../ipc/contract.js';
import { zeroSubsets, type ImportPlan, type PlanClip } from './plan.js';

/** Lists in reports and previews name at most this many files; `count` keeps the real number. */
export const LIST_CAP = 1000;
/** Problems shown in full in a report or preview (the rest are counted by kind). */
export const PROBLEMS_SHOWN = 200;

/** An empty capped list. */
export function emptyList(): FileList {
  return { count: 0, files: [] };
}

/** Counts a file into a capped list. */
export function pushCapped(list: FileList, file: string): void {
  list.count++;
  if (list.files.length < LIST_CAP) list.files.push(file);
}

/** Problems by kind plus the first few in full. */
export function summarizeProblems(problems: readonly ImportProblem[], shown = PROBLEMS_SHOWN): ImportProblems {
  const counts: ImportProblems['counts'] = {};
  for (const p of problems) counts[p.kind] = (counts[p.kind] ?? 0) + 1;
  return { counts, first: problems.slice(0, shown) };
}

/** How a clip is named in reports: its path, with the span when it is not the whole file. */
export function clipLabel(c: PlanClip): string {
  return c.start === 0 && c.end === null ? c.path : `${c.path} [${c.start}s-${c.end === null ? 'end' : `${c.end}s`}]`;
}

/** A fresh report for a plan: what scanning found (missing, ignored, unreadable); nothing written yet. */
export function reportFromPlan(plan: ImportPlan): ImportReport {
  const report: ImportReport = {
    importer: plan.importer, root: plan.root, created: emptyList(), skipped: emptyList(), missing: emptyList(),
    unreadable: { count: 0, files: [] }, ignored: emptyList(), problems: summarizeProblems(plan.problems),
    splitSets: plan.splitSets.map((s) => ({ name: s.name, created: false, locked: false, assigned: zeroSubsets() })),
    probe: null, pendingEvents: 0,
  };
  for (const p of plan.problems) {
    if (p.kind === 'missing') pushCapped(report.missing, p.file);
    else if (p.kind === 'ignored') pushCapped(report.ignored, p.file);
    else if (p.kind === 'unreadable') addUnreadable(report, p.file, p.message);
  }
  return report;
}

/** Counts a file that exists but cannot be read, with the reason. */
export function addUnreadable(report: ImportReport, path: string, error: string): void {
  report.unreadable.count++;
  if (report.unreadable.files.length < LIST_CAP) report.unreadable.files.push({ path, error });
}

/**
 * The report of a resumed run: what scanning found now, plus what earlier runs of the same job
 * wrote (created, skipped, split sets), so a cancelled-then-resumed import reports the whole import.
 */
export function mergeSaved(fresh: ImportReport, saved: ImportReport | null): ImportReport {
  if (!saved) return fresh;
  const sets = fresh.splitSets.map((s) => saved.splitSets.find((o) => o.name === s.name) ?? s);
  return { ...fresh, created: saved.created, skipped: saved.skipped, splitSets: sets };
}

/** One line per outcome, for the CLI and logs. */
export function reportLines(r: ImportReport): string[] {
  const lines = [
    `Imported from ${r.root} (${r.importer}):`,
    `  created     ${r.created.count} clip(s)`,
    `  skipped     ${r.skipped.count} already in the workspace`,
    `  missing     ${r.missing.count} listed file(s) not on disk`,
    `  unreadable  ${r.unreadable.count} file(s)`,
    `  ignored     ${r.ignored.count} file(s) not imported`,
  ];
  for (const s of r.splitSets) {
    const a = s.assigned;
    lines.push(`  split set ${s.name}${s.locked ? ' (locked, unchanged)' : ''}: train ${a.train}, val ${a.val}, test ${a.test}, unused ${a.unused}`);
  }
  if (r.probe) lines.push(`  probe       ${r.probe.ok} ok, ${r.probe.failed} failed`);
  if (r.pendingEvents) lines.push(`  events      ${r.pendingEvents} recording(s) pending for the DVS readers`);
  for (const u of r.unreadable.files.slice(0, 20)) lines.push(`  unreadable: ${u.error}`);
  for (const m of r.missing.files.slice(0, 20)) lines.push(`  missing: ${m}`);
  if (r.missing.count > 20) lines.push(`  … and ${r.missing.count - 20} more missing (see --json)`);
  return lines;
}
