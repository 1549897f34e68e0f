/**
 * The leakage rules, pure functions over the clips of a split (unused clips left out) and, for
 * near-duplicates, their frame hashes. A finding = clips that belong on one side of the split but
 * sit in different parts (subsets, or folds of a k-fold set).
 */
import { basename } from 'node:path';
import type { LeakClip, LeakFinding, LeakKind } from '../../../ipc/contract.js';
import { clipDistance, flipMasks, popcount32, substringLayout, substringOf, type Hash64 } from './phash.js';

const PART_ORDER = ['train', 'val', 'test'];

/** Parts in display order: train, fold0…, val, test. */
function sortParts(parts: Iterable<string>): string[] {
  const rank = (p: string): number => (p.startsWith('fold') ? 0.5 + Number(p.slice(4)) / 1000 : PART_ORDER.indexOf(p));
  return [...new Set(parts)].sort((a, b) => rank(a) - rank(b));
}

/** What the report calls a part: `train`, `fold 3` (1-based). */
function partName(p: string): string {
  return p.startsWith('fold') ? `fold ${Number(p.slice(4)) + 1}` : p;
}

/** "a and b", "a, b and c". */
function joinList(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "train and test", "fold 1, fold 2 and test". */
function listParts(parts: string[]): string {
  return joinList(parts.map(partName));
}

function sortClips(clips: LeakClip[]): LeakClip[] {
  const order = sortParts(clips.map((c) => c.part));
  return [...clips].sort((a, b) => order.indexOf(a.part) - order.indexOf(b.part) || a.name.localeCompare(b.name) || a.clipId - b.clipId);
}

function groupBy<K>(clips: readonly LeakClip[], key: (c: LeakClip) => K | null): Map<K, LeakClip[]> {
  const out = new Map<K, LeakClip[]>();
  for (const c of clips) {
    const k = key(c);
    if (k == null) continue;
    const list = out.get(k);
    if (list) list.push(c);
    else out.set(k, [c]);
  }
  return out;
}

/** Clips cut from one media file that sit in different parts. */
export function sameSourceFindings(clips: readonly LeakClip[]): LeakFinding[] {
  const out: LeakFinding[] = [];
  for (const members of groupBy(clips, (c) => c.mediaId).values()) {
    const parts = sortParts(members.map((c) => c.part));
    if (parts.length < 2) continue;
    const path = members[0]!.path;
    out.push({
      kind: 'same-source', key: path, parts, distance: null, clips: sortClips(members),
      message: `${members.length} clips cut from ${basename(path)} are split across ${listParts(parts)}`,
    });
  }
  return out;
}

/**
 * Groups (actor/subject) with clips in different parts. A group whose only straddling clips come
 * from one video is already a same-source finding, so it is reported only when clips of
 * different videos of the group sit in different parts.
 */
export function sameGroupFindings(clips: readonly LeakClip[]): LeakFinding[] {
  const out: LeakFinding[] = [];
  for (const [group, members] of groupBy(clips, (c) => c.group)) {
    const parts = sortParts(members.map((c) => c.part));
    if (parts.length < 2) continue;
    const acrossVideos = members.some((a) => members.some((b) => a.mediaId !== b.mediaId && a.part !== b.part));
    if (!acrossVideos) continue;
    const per = parts.map((p) => `${partName(p)} (${members.filter((c) => c.part === p).length})`);
    out.push({
      kind: 'same-group', key: group, parts, distance: null, clips: sortClips(members),
      message: `Group ${group} has clips in ${joinList(per)}`,
    });
  }
  return out;
}

/** A clip's frame hashes (flat frames left out) for the near-duplicate rule. */
export interface ClipHashes {
  clipId: number;
  hashes: Hash64[];
}

/** Progress and cancellation of the near-duplicate search (it can take seconds on 100k clips). */
export interface SearchIo {
  signal?: AbortSignal;
  /** Called every 1,000 clips with clips searched so far. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Near-duplicates in different parts: clips whose {@link clipDistance} is at most `threshold` bits,
 * clustered (union-find) so three copies of one video are one finding. Exact, without comparing all
 * pairs: multi-index hashing (see `substringLayout`) files every frame hash under its substrings;
 * a clip within `threshold` of another has at least k = floor((F-1)/2) + 1 of its F frames within
 * `threshold` of some frame of the other, so querying with any F - k + 1 of its frames finds it.
 * Pairs sharing a media file or a group are left to the rules above: this rule reports what the
 * metadata cannot see (a re-encoded, renamed or re-uploaded copy).
 */
export function nearDuplicateFindings(clips: readonly LeakClip[], hashes: ReadonlyMap<number, ClipHashes>, threshold: number, io: SearchIo = {}): LeakFinding[] {
  const items = clips.filter((c) => (hashes.get(c.clipId)?.hashes.length ?? 0) > 0);
  const hs = items.map((c) => hashes.get(c.clipId)!.hashes);
  const n = items.length;
  // Every frame hash flattened: its halves and the clip it belongs to.
  const total = hs.reduce((s, h) => s + h.length, 0);
  const hi = new Uint32Array(total);
  const lo = new Uint32Array(total);
  const owner = new Int32Array(total);
  const first = new Int32Array(n + 1);
  for (let i = 0, e = 0; i < n; i++) {
    first[i] = e;
    for (const h of hs[i]!) {
      hi[e] = h[0];
      lo[e] = h[1];
      owner[e++] = i;
    }
    first[i + 1] = e;
  }
  const { parts: layout, subRadius } = substringLayout(threshold, total);
  // One table per substring, addressed by its value (CSR: frames with key k are at[off[k]..off[k+1])).
  const tables = layout.map(([start, len]) => {
    const keys = new Uint32Array(total);
    const off = new Int32Array((1 << len) + 1);
    for (let e = 0; e < total; e++) off[(keys[e] = substringOf([hi[e]!, lo[e]!], start, len)) + 1]!++;
    for (let k = 0; k < 1 << len; k++) off[k + 1]! += off[k]!;
    const at = new Int32Array(total);
    const fill = off.slice(0, -1);
    for (let e = 0; e < total; e++) at[fill[keys[e]!]!++] = e;
    return { off, at };
  });
  const masks = layout.map(([, len]) => flipMasks(len, subRadius));
  const stamp = new Int32Array(n).fill(-1); // stamp[j] = i: pair (i, j) already decided
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (i % 1000 === 0) {
      io.signal?.throwIfAborted();
      io.onProgress?.(i, n);
    }
    const a = items[i]!;
    const count = first[i + 1]! - first[i]!;
    const queries = count - ((count - 1) >> 1); // F - k + 1 of the clip's frames
    for (let q = first[i]!; q < first[i]! + queries; q++) {
      const qh = hi[q]!;
      const ql = lo[q]!;
      for (let t = 0; t < layout.length; t++) {
        const [start, len] = layout[t]!;
        const key = substringOf([qh, ql], start, len);
        const { off, at } = tables[t]!;
        for (const m of masks[t]!) {
          const k = (key ^ m) >>> 0;
          for (let x = off[k]!, end = off[k + 1]!; x < end; x++) {
            const e = at[x]!;
            const j = owner[e]!;
            if (j <= i || stamp[j] === i) continue;
            // This frame pair is a real hit only within the threshold (substrings merely narrowed the search).
            if (popcount32((hi[e]! ^ qh) >>> 0) + popcount32((lo[e]! ^ ql) >>> 0) > threshold) continue;
            stamp[j] = i;
            const b = items[j]!;
            if (a.part === b.part || a.mediaId === b.mediaId || (a.group != null && a.group === b.group)) continue;
            const d = clipDistance(hs[i]!, hs[j]!);
            if (d <= threshold) edges.push([i, j, d]);
          }
        }
      }
    }
  }
  io.onProgress?.(n, n);
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const [i, j] of edges) parent[find(i)] = find(j);
  const clusters = new Map<number, { members: Set<number>; distance: number }>();
  for (const [i, j, d] of edges) {
    const r = find(i);
    const c = clusters.get(r) ?? { members: new Set<number>(), distance: 0 };
    c.members.add(i).add(j);
    c.distance = Math.max(c.distance, d);
    clusters.set(r, c);
  }
  return [...clusters.values()].map(({ members, distance }) => {
    const list = sortClips([...members].map((i) => items[i]!));
    const parts = sortParts(list.map((c) => c.part));
    const what = list.length === 2 ? 'These 2 clips look like the same video' : `These ${list.length} clips look like the same video`;
    return {
      kind: 'near-duplicate' as const, key: list.map((c) => c.clipId).join(','), parts, distance, clips: list,
      message: `${what} (frame hashes differ by at most ${distance} of 64 bits) but are in ${listParts(parts)}`,
    };
  });
}

const KIND_ORDER: Record<LeakKind, number> = { 'same-source': 0, 'same-group': 1, 'near-duplicate': 2 };

/** Findings in report order: by kind, then most clips first, then key. */
export function sortFindings(findings: LeakFinding[]): LeakFinding[] {
  return findings.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.clips.length - a.clips.length || a.key.localeCompare(b.key));
}
