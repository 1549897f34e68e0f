/**
 * Statistics of a split set: clips per class x part (subset, or fold of a k-fold set), the shares
 * achieved against the strategy's targets, groups and source videos straddling parts, and warnings
 * for classes with too few clips in a part.
 */
import type { SplitClassRow, SplitPart, SplitStats, SplitWarning } from '../../ipc/contract.js';
import type { Workspace } from '../../workspace/workspace.js';
import { storedContentHash } from './contentHash.js';
import { strategyParamsOf } from './service.js';
import { comparePartOrder, partKey, partLabel } from './parts.js';
import { getSet, readAssignments, readClips, type SplitSetRow } from './store.js';
import { getSplitStrategy, hasSplitStrategy } from './strategies/registry.js';
import type { PartTarget } from './types.js';

/** Default: a class with fewer clips than this in a used part is warned about. */
export const DEFAULT_MIN_PER_PART = 5;

const NEGATIVE = -1;
const UNLABELLED = -2;

/** The strategy's targets for a set, or null (imported sets, unparsable params). */
function targetsOf(row: SplitSetRow): PartTarget[] | null {
  if (!hasSplitStrategy(row.strategy)) return null;
  const s = getSplitStrategy(row.strategy);
  const parsed = s.paramsSchema.safeParse(strategyParamsOf(row.params));
  return parsed.success ? s.targets(parsed.data) : null;
}

/** Per-class x part counts, achieved vs target shares, straddling groups/sources and warnings. */
export function splitStats(ws: Workspace, id: number, minPerPart = DEFAULT_MIN_PER_PART): SplitStats {
  const row = getSet(ws.db, id);
  const assignments = readAssignments(ws.db, id);
  const clips = readClips(ws.db);
  const targets = targetsOf(row);

  // Parts: the targets first, then whatever else the assignments hold (manual moves, unused).
  const parts: SplitPart[] = (targets ?? []).map((t) => ({ key: partKey(t), label: partLabel(t), subset: t.subset, fold: t.fold, target: t.ratio }));
  const seen = new Set(parts.map((p) => p.key));
  for (const a of assignments.values()) {
    const key = partKey(a);
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push({ key, label: partLabel(a), subset: a.subset, fold: a.subset === 'train' ? a.fold : null, target: targets ? 0 : null });
  }
  parts.sort(comparePartOrder);
  const col = new Map(parts.map((p, i) => [p.key, i]));

  const classes = ws.db.prepare('SELECT id, name, color FROM classes').all() as { id: number; name: string; color: string }[];
  const rows = new Map<number, SplitClassRow>();
  const rowOf = (key: number): SplitClassRow => {
    let r = rows.get(key);
    if (!r) {
      const cls = classes.find((c) => c.id === key);
      const name = cls?.name ?? (key === NEGATIVE ? '(negative)' : '(unlabelled)');
      r = { classId: key > 0 ? key : null, name, color: cls?.color ?? null, total: 0, counts: parts.map(() => 0) };
      rows.set(key, r);
    }
    return r;
  };
  const totals = parts.map(() => 0);
  const groupParts = new Map<string, Set<string>>();
  const sourceParts = new Map<number, Set<string>>();
  let assigned = 0;
  for (const c of clips) {
    const a = assignments.get(c.id);
    if (!a) continue;
    assigned++;
    const key = partKey(a);
    const j = col.get(key)!;
    const r = rowOf(c.classId ?? (c.status === 'negative' ? NEGATIVE : UNLABELLED));
    r.counts[j]!++;
    r.total++;
    totals[j]!++;
    if (a.subset === 'unused') continue;
    if (c.group != null) addTo(groupParts, c.group, key);
    addTo(sourceParts, c.mediaId, key);
  }

  const used = parts.map((p) => p.subset !== 'unused');
  const usedTotal = totals.reduce((s, n, j) => s + (used[j] ? n : 0), 0);
  const achieved = totals.map((n, j) => (used[j] && usedTotal ? n / usedTotal : 0));
  const rank = (k: number): number => (k > 0 ? 0 : k === NEGATIVE ? 1 : 2); // classes by name, then negatives, unlabelled
  const classRows = [...rows.entries()].sort(([a, ra], [b, rb]) => rank(a) - rank(b) || ra.name.localeCompare(rb.name))
    .map(([, r]) => r);

  let maxDev: number | null = null;
  const warnings: SplitWarning[] = [];
  for (const r of classRows) {
    if (r.classId == null && r.name === '(unlabelled)') continue;
    const inUse = r.counts.reduce((s, n, j) => s + (used[j] ? n : 0), 0);
    if (!inUse) continue;
    for (let j = 0; j < parts.length; j++) {
      const p = parts[j]!;
      if (!used[j]) continue;
      const n = r.counts[j]!;
      if (p.target != null && targets) maxDev = Math.max(maxDev ?? 0, Math.abs(n / inUse - p.target));
      const expected = p.target == null ? totals[j]! > 0 : p.target > 0;
      if (!expected || n >= minPerPart) continue;
      const where = p.fold != null ? p.label.replace('Fold', 'fold') : p.label.toLowerCase();
      warnings.push({
        level: n === 0 ? 'error' : 'warning', className: r.name, part: p.key, count: n,
        message: n === 0 ? `${r.name} has no clips in ${where}` : `${r.name} has only ${n} clip${n === 1 ? '' : 's'} in ${where} (fewer than ${minPerPart})`,
      });
    }
  }
  warnings.sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1) || a.className.localeCompare(b.className));

  return {
    id: row.id, name: row.name, strategy: row.strategy, contentHash: storedContentHash(ws.db, id),
    parts, classes: classRows, totals, achieved, maxClassDeviation: maxDev,
    groups: straddling(groupParts), sources: straddling(sourceParts),
    unassigned: clips.length - assigned, minPerPart, warnings,
  };
}

function addTo<K>(map: Map<K, Set<string>>, key: K, part: string): void {
  const set = map.get(key);
  if (set) set.add(part);
  else map.set(key, new Set([part]));
}

function straddling<K>(map: Map<K, Set<string>>): { total: number; straddling: number } {
  let n = 0;
  for (const s of map.values()) if (s.size > 1) n++;
  return { total: map.size, straddling: n };
}
