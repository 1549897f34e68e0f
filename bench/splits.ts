/**
 * Split generation on 100,000 clips (goal: under 1 s per strategy): each strategy's `assign` alone,
 * then `createSplitSet` end to end on a real workspace (read clips, assign, write 100k rows in one
 * transaction), plus the content hash, the statistics, the leakage check's metadata rules and the
 * near-duplicate search over synthetic frame hashes (5 per clip, 1% planted copies).
 * Dataset: 101 classes (Zipf-imbalanced), groups of 4-7 clips like UCF101, 10% of clips cut from a
 * video another clip also comes from, 2% negatives. Best of `--rounds` (default 3).
 * Run: `node --import tsx bench/splits.ts [--clips 100000] [--rounds 3]`; writes bench/results/splits.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src-main/datasets/stratify.js';
import { contentHashOf } from '../src-main/datasets/splits/contentHash.js';
import { nearDuplicateFindings, sameGroupFindings, sameSourceFindings, type ClipHashes } from '../src-main/datasets/splits/leakage/findings.js';
import type { Hash64 } from '../src-main/datasets/splits/leakage/phash.js';
import { partKey } from '../src-main/datasets/splits/parts.js';
import { createSplitSet } from '../src-main/datasets/splits/service.js';
import { splitStats } from '../src-main/datasets/splits/stats.js';
import { getSplitStrategy, parseSplitParams } from '../src-main/datasets/splits/strategies/registry.js';
import type { Assignments, SplitClip } from '../src-main/datasets/splits/types.js';
import type { LeakClip } from '../src-main/ipc/contract.js';
import { Workspace } from '../src-main/workspace/workspace.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const CLIPS = arg('clips', 100_000);
const ROUNDS = arg('rounds', 3);
const GOAL_MS = 1000;

/** A UCF101-like dataset of `n` clips (ids 1..n). */
function dataset(n: number): SplitClip[] {
  const r = seededRandom(1);
  const weights = Array.from({ length: 101 }, (_, k) => 1 / (k + 1) ** 0.6);
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: SplitClip[] = [];
  let media = 0;
  let group = 0;
  while (out.length < n) {
    let x = r() * sum;
    let cls = 101;
    for (let k = 0; k < 101; k++) if ((x -= weights[k]!) <= 0) { cls = k + 1; break; }
    const size = 4 + Math.floor(r() * 4);
    group++;
    for (let j = 0; j < size && out.length < n; j++) {
      const shared = out.length > 0 && r() < 0.1;
      out.push({ id: out.length + 1, classId: r() < 0.02 ? null : cls, group: `g${group}`, mediaId: shared ? out[out.length - 1]!.mediaId : ++media });
    }
  }
  return out;
}

/** Best time of `ROUNDS` runs, ms. */
function best<T>(fn: () => T): { ms: number; value: T } {
  let ms = Infinity;
  let value: T | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    value = fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, value: value! };
}

interface Row { step: string; strategy: string; clips: number; ms: number; goalMs: number | null; note: string }
const rows: Row[] = [];
const clips = dataset(CLIPS);
const STRATEGIES: [string, Record<string, unknown>][] = [
  ['stratified', { ratios: [0.7, 0.15, 0.15] }], ['group', { ratios: [0.7, 0.15, 0.15] }], ['kfold', { folds: 5, testRatio: 0.2 }],
];

let groupSplit: Assignments = new Map();
for (const [id, params] of STRATEGIES) {
  const s = getSplitStrategy(id);
  const p = parseSplitParams(id, params);
  const { ms, value } = best(() => s.assign(clips, p, seededRandom(7), { sourceSet: () => { throw new Error('unused'); } }));
  if (id === 'group') groupSplit = value;
  rows.push({ step: 'assign', strategy: id, clips: CLIPS, ms, goalMs: GOAL_MS, note: `${value.size} assigned` });
}
{
  const src = { strategy: 'official', assignments: groupSplit };
  const s = getSplitStrategy('official');
  const { ms } = best(() => s.assign(clips, { source: 'x' }, seededRandom(0), { sourceSet: () => src }));
  rows.push({ step: 'assign', strategy: 'official', clips: CLIPS, ms, goalMs: GOAL_MS, note: 'copy of an imported set' });
}

// End to end on a real workspace: read 100k clips, assign, write 100k assignment rows.
const dir = mkdtempSync(join(tmpdir(), 'mwb-bench-splits-'));
const ws = Workspace.open(join(dir, 'ws'));
try {
  ws.db.transaction(() => {
    const classIds = Array.from({ length: 101 }, (_, k) => ws.classes.ensure(`class${k + 1}`));
    const media = ws.db.prepare('INSERT INTO media (id, path) VALUES (?, ?)');
    const clip = ws.db.prepare('INSERT INTO clips (id, media_id, name, class_id, start_s, end_s, group_name, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const seen = new Set<number>();
    for (const c of clips) {
      if (!seen.has(c.mediaId)) media.run(c.mediaId, `/data/v${c.mediaId}.avi`);
      seen.add(c.mediaId);
      clip.run(c.id, c.mediaId, `clip${c.id}`, c.classId == null ? null : classIds[c.classId - 1], c.id % 1000, c.id % 1000 + 1, c.group, c.classId == null ? 'negative' : 'active');
    }
  })();
  ws.splitSets.ensure({ name: 'imported', strategy: 'official' });
  ws.db.prepare("INSERT INTO split_assignments (split_set_id, clip_id, subset, fold) SELECT (SELECT id FROM split_sets WHERE name = 'imported'), id, CASE WHEN id % 10 < 7 THEN 'train' ELSE 'test' END, NULL FROM clips").run();
  for (const [id, params] of [...STRATEGIES, ['official', { source: 'imported' }] as [string, Record<string, unknown>]]) {
    let n = 0;
    const { ms, value } = best(() => createSplitSet(ws, { name: `${id}-${n++}`, strategy: id, params, seed: 7 }));
    rows.push({ step: 'create (db)', strategy: id, clips: CLIPS, ms, goalMs: null, note: `content hash ${value.contentHash.slice(0, 12)}` });
  }
  const setId = (ws.db.prepare("SELECT id FROM split_sets WHERE name = 'group-0'").get() as { id: number }).id;
  rows.push({ step: 'stats (db)', strategy: 'group', clips: CLIPS, ms: best(() => splitStats(ws, setId)).ms, goalMs: null, note: '101 classes x 4 parts' });
} finally {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
}

rows.push({ step: 'content hash', strategy: 'group', clips: CLIPS, ms: best(() => contentHashOf(groupSplit)).ms, goalMs: null, note: 'sha256 of sorted rows' });

// Leakage rules over a stratified split (which ignores groups: many findings).
const strat = getSplitStrategy('stratified').assign(clips, parseSplitParams('stratified', {}), seededRandom(3), { sourceSet: () => { throw new Error('unused'); } });
const leakClips: LeakClip[] = clips.map((c) => {
  const a = strat.get(c.id)!;
  return { clipId: c.id, name: `clip${c.id}`, label: null, classColor: null, subset: a.subset, fold: a.fold, part: partKey(a), mediaId: c.mediaId,
    path: `/data/v${c.mediaId}.avi`, thumbKey: null, group: c.group, start: 0, end: null };
});
{
  const { ms, value } = best(() => [...sameSourceFindings(leakClips), ...sameGroupFindings(leakClips)]);
  rows.push({ step: 'leak rules (meta)', strategy: 'stratified', clips: CLIPS, ms, goalMs: null, note: `${value.length} findings` });
}
{
  const r = seededRandom(9);
  const hashes = new Map<number, ClipHashes>();
  for (const c of clips) {
    const copyOf = c.id > 100 && r() < 0.01 ? hashes.get(c.id - 100) : undefined;
    const hs = Array.from({ length: 5 }, (_, k): Hash64 => {
      const h = copyOf?.hashes[k];
      return h ? [(h[0] ^ (1 << Math.floor(r() * 31))) >>> 0, h[1]] : [Math.floor(r() * 2 ** 32), Math.floor(r() * 2 ** 32)];
    });
    hashes.set(c.id, { clipId: c.id, hashes: hs });
  }
  const { ms, value } = best(() => nearDuplicateFindings(leakClips, hashes, 10));
  rows.push({ step: 'near-duplicates', strategy: 'stratified', clips: CLIPS, ms, goalMs: null, note: `${value.length} clusters, threshold 10, 5 hashes/clip` });
}

const headers = ['step', 'strategy', 'clips', 'ms', 'goal', 'note'];
const lines = rows.map((r) => [r.step, r.strategy, String(r.clips), r.ms.toFixed(1), r.goalMs ? (r.ms < r.goalMs ? `< ${r.goalMs} ok` : `> ${r.goalMs} MISSED`) : '', r.note]);
const widths = headers.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
const fmt = (l: string[]): string => l.map((c, i) => c.padEnd(widths[i]!)).join('  ');
process.stdout.write([fmt(headers), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n') + '\n');
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/splits.json'), JSON.stringify({
  date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, loadAverage: loadavg(), clips: CLIPS, rounds: ROUNDS, rows,
}, null, 1) + '\n');
