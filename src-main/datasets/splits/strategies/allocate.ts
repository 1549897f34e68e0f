/**
 * The two allocation algorithms behind the split strategies. Both take clips in ascending id order
 * and a seeded RNG (mulberry32 from `datasets/stratify.ts`, uniform [0, 1)) and return a bin index
 * per clip (parallel to the input): bin b gets roughly share `ratios[b]` of every class.
 */
import { shuffled } from '../../stratify.js';
import type { SplitClip } from '../types.js';

/** The stratum of a clip: its class id, or -1 for negatives (no class). */
function stratumOf(c: SplitClip): number {
  return c.classId ?? -1;
}

/** Clip indices per stratum, strata in ascending key order (deterministic). */
export function strataOf(clips: readonly SplitClip[]): number[][] {
  const by = new Map<number, number[]>();
  clips.forEach((c, i) => {
    const k = stratumOf(c);
    const list = by.get(k);
    if (list) list.push(i);
    else by.set(k, [i]);
  });
  return [...by.keys()].sort((a, b) => a - b).map((k) => by.get(k)!);
}

/**
 * Integer quotas for `n` items over bins by `ratios` (largest remainder with a carry across calls):
 * each bin gets floor(n * r) or one more, so a class is never off its target by a whole clip; the
 * leftover units go to the bins whose running total (over the classes done so far) is furthest
 * below target, so the overall proportions stay within about a clip of target too. `carry` (per
 * bin: cumulative target - cumulative quota) is updated in place. Bins with ratio 0 get nothing.
 */
export function carriedQuotas(n: number, ratios: readonly number[], carry: Float64Array): number[] {
  return roundWithCarry(ratios.map((r) => n * r), carry);
}

/**
 * Rounds non-negative shares summing to an integer: floor each, then one more to the bins with the
 * largest fraction + carry (only bins with a fraction), updating `carry` by exact - rounded.
 */
export function roundWithCarry(exact: readonly number[], carry: Float64Array): number[] {
  const n = Math.round(exact.reduce((a, b) => a + b, 0));
  const q = exact.map((e) => Math.floor(e + 1e-9));
  let left = n - q.reduce((a, b) => a + b, 0);
  const cand = exact.map((_, s) => s).filter((s) => exact[s]! - q[s]! > 1e-9)
    .sort((a, b) => (exact[b]! - q[b]! + carry[b]!) - (exact[a]! - q[a]! + carry[a]!) || a - b);
  for (const s of cand) {
    if (left <= 0) break;
    q[s]!++;
    left--;
  }
  // Floating-point slack only: never leave an item without a bin.
  for (let s = 0; left > 0; s = (s + 1) % exact.length) if (exact[s]! > 0) { q[s]!++; left--; }
  exact.forEach((e, s) => { carry[s]! += e - q[s]!; });
  return q;
}

/**
 * Water-filling: `m` items over the `open` bins given each bin's deficit `d` (target - placed), as
 * continuous shares max(0, d - L) with the level L chosen so they sum to m. With nothing placed yet
 * (d = m x ratios) this is exactly m x ratios.
 */
export function fillDeficits(m: number, d: readonly number[], open: readonly number[]): number[] {
  const order = [...open].sort((a, b) => d[b]! - d[a]!);
  let level = 0;
  let sum = 0;
  for (let k = 1; k <= order.length; k++) {
    sum += d[order[k - 1]!]!;
    level = (sum - m) / k;
    const next = order[k];
    if (next === undefined || d[next]! <= level) break;
  }
  return d.map((x, s) => (open.includes(s) ? Math.max(0, x - level) : 0));
}

/**
 * Stratified random allocation: per class (ascending class id), a seeded Fisher-Yates shuffle of
 * its clips, cut by {@link carriedQuotas}. Ignores groups and sources.
 */
export function stratifiedBins(clips: readonly SplitClip[], ratios: readonly number[], rng: () => number): Int32Array {
  const bins = new Int32Array(clips.length);
  const carry = new Float64Array(ratios.length);
  for (const members of strataOf(clips)) {
    const order = shuffled(members, rng);
    const q = carriedQuotas(order.length, ratios, carry);
    let k = 0;
    q.forEach((count, s) => { for (let j = 0; j < count; j++) bins[order[k++]!] = s; });
  }
  return bins;
}

/**
 * Connected components of "shares a group name or a media file" (union-find): clips of one
 * actor/subject group, and clips cut from one video, always stay together. Components are listed
 * by their smallest clip index; members ascending.
 */
export function componentsOf(clips: readonly SplitClip[]): number[][] {
  const parent = new Int32Array(clips.length).map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byGroup = new Map<string, number>();
  const byMedia = new Map<number, number>();
  clips.forEach((c, i) => {
    if (c.group != null) {
      const j = byGroup.get(c.group);
      if (j === undefined) byGroup.set(c.group, i);
      else union(i, j);
    }
    const m = byMedia.get(c.mediaId);
    if (m === undefined) byMedia.set(c.mediaId, i);
    else union(i, m);
  });
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < clips.length; i++) {
    const r = find(i);
    const list = byRoot.get(r);
    if (list) list.push(i);
    else byRoot.set(r, [i]);
  }
  return [...byRoot.values()];
}

/**
 * Group-disjoint allocation: whole components (see {@link componentsOf}) go to one bin each, so no
 * group or source video straddles bins. Components of two or more clips first, largest first (equal
 * sizes in seeded random order), greedily: each goes to a bin (ratio > 0) where every class it holds
 * stays under its upper quota (placed + g < n_c x ratio + 1) if there is one, choosing the least
 *   sum over its classes c of [(x[c][b] + g_c - t[c][b])^2 - (x[c][b] - t[c][b])^2] / n_c
 *   + C / N x [(X[b] + G - T[b])^2 - (X[b] - T[b])^2]
 * (x = clips placed, t = n_c x ratio the class target, X/T the same over all N clips, C classes):
 * the 1/n_c weights make small classes count as much as large ones. Then the single clips, per
 * class, fill what each bin still lacks (water-filling, rounded with a carry as `stratified`), so a
 * dataset without groups is split exactly like `stratified`. O(components x bins x classes each).
 */
export function groupBins(clips: readonly SplitClip[], ratios: readonly number[], rng: () => number): Int32Array {
  const S = ratios.length;
  const N = clips.length;
  const bins = new Int32Array(N);
  if (!N) return bins;
  const strata = strataOf(clips);
  const classOf = new Int32Array(N);
  strata.forEach((members, c) => { for (const i of members) classOf[i] = c; });
  const nC = strata.map((m) => m.length);
  const x = new Float64Array(strata.length * S);
  const X = new Float64Array(S);
  const comps = componentsOf(clips).map((members) => {
    const counts = new Map<number, number>();
    for (const i of members) counts.set(classOf[i]!, (counts.get(classOf[i]!) ?? 0) + 1);
    return { members, counts: [...counts] };
  });
  const order = shuffled(comps, rng).sort((a, b) => b.members.length - a.members.length); // stable sort
  const open = ratios.map((_, s) => s).filter((s) => ratios[s]! > 0);
  const overallWeight = strata.length / N;
  const singles: number[][] = strata.map(() => []);
  for (const comp of order) {
    const G = comp.members.length;
    if (G === 1) {
      singles[classOf[comp.members[0]!]!]!.push(comp.members[0]!);
      continue;
    }
    let best = open[0]!;
    let bestKey: [number, number] = [Infinity, Infinity];
    for (const s of open) {
      let classCost = 0;
      let fits = 1;
      for (const [c, g] of comp.counts) {
        const t = nC[c]! * ratios[s]!;
        classCost += (2 * g * (x[c * S + s]! - t) + g * g) / nC[c]!;
        if (x[c * S + s]! + g >= t + 1 - 1e-9) fits = 0;
      }
      const overall = overallWeight * (2 * G * (X[s]! - N * ratios[s]!) + G * G);
      // Bins where the group stays under every class's upper quota come first; then the least error.
      const key: [number, number] = [fits ? 0 : 1, classCost + overall];
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1] - 1e-12)) {
        bestKey = key;
        best = s;
      }
    }
    X[best]! += G;
    for (const [c, g] of comp.counts) x[c * S + best]! += g;
    for (const i of comp.members) bins[i] = best;
  }
  // Clips that are their own group: per class (in the seeded order above), what each bin still
  // lacks is filled by water-filling and rounded with a carry across classes (as `stratified`).
  const carry = new Float64Array(S);
  singles.forEach((members, c) => {
    if (!members.length) return;
    const deficit = ratios.map((r, s) => nC[c]! * r - x[c * S + s]!);
    const q = roundWithCarry(fillDeficits(members.length, deficit, open), carry);
    let k = 0;
    q.forEach((count, s) => { for (let j = 0; j < count; j++) bins[members[k++]!] = s; });
  });
  return bins;
}
