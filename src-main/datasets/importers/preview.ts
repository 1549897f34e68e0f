import type { ImportPreview } from '../../ipc/contract.js';
import type { Workspace } from '../../workspace/workspace.js';
import { clipIdOf } from './apply.js';
import { zeroSubsets, type ImportPlan } from './plan.js';
import { summarizeProblems } from './report.js';

/** Clips listed in full in a preview. */
export const PREVIEW_ITEMS = 50;

/**
 * What the Import wizard shows before anything is written: counts per class and per split
 * subset, the first clips, the problems, and how many clips the workspace already has (a
 * re-import skips those). Reads the workspace, never writes it.
 */
export function previewOf(plan: ImportPlan, ws: Workspace | null): ImportPreview {
  const perClass = new Map<string, number>();
  for (const c of plan.clips) {
    const k = c.label ?? '(unlabelled)';
    perClass.set(k, (perClass.get(k) ?? 0) + 1);
  }
  const alreadyImported = ws ? plan.clips.filter((c) => clipIdOf(ws, c) !== null).length : 0;
  return {
    importer: plan.importer,
    root: plan.root,
    media: new Set(plan.clips.map((c) => c.path)).size,
    clips: plan.clips.length,
    alreadyImported,
    classes: [...perClass].map(([name, clips]) => ({ name, clips })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    splitSets: plan.splitSets.map((s) => {
      const subsets = zeroSubsets();
      for (const a of s.assignments) subsets[a.subset]++;
      return { name: s.name, strategy: s.strategy, listed: { ...s.listed }, subsets };
    }),
    items: plan.clips.slice(0, PREVIEW_ITEMS).map((c) => ({
      name: c.name, path: c.path, kind: c.kind, label: c.label, group: c.group, view: c.view,
      start: c.start, end: c.end, status: c.status,
    })),
    problems: summarizeProblems(plan.problems),
  };
}
