/**
 * Which clips a run trains, validates and tests on: a split set's assignments (train/val/test; a
 * k-fold set with `fold` k validates on fold k and trains on the others), kept only when active
 * and labelled with one of the run's classes, with labels, video keys and link groups, and
 * optionally capped per subset (deterministic, round-robin over classes).
 */
import type { DataConfig } from '../run/config.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { DataManifest, SampleRef } from './types.js';

/** Subsets a run uses. */
export type RunSubset = 'train' | 'val' | 'test';

/** A clip chosen for a subset, before its inputs exist. */
export type ChosenClip = Omit<SampleRef, 'files' | 'views'> & { name: string; subset: RunSubset };

interface Row {
  clip_id: number; subset: string; fold: number | null; name: string; class_id: number | null; status: string;
  group_name: string | null; media_id: number; link_group: number | null;
}

/** What `chooseClips` decided. */
export interface ChosenClips {
  labels: DataManifest['labels'];
  clips: ChosenClip[];
  /** Assigned clips left out because they are negatives, excluded, unlabelled or of another class. */
  ignored: number;
}

/** A user-facing error with what to do. */
function refuse(message: string): Error {
  return Object.assign(new Error(message), { code: 'bad_input' });
}

/** Reads a split set and picks the run's clips and labels; errors say what to change. */
export function chooseClips(ws: Workspace, data: DataConfig): ChosenClips {
  const set = ws.db.prepare('SELECT id, name FROM split_sets WHERE id = ?').get(data.splitSetId) as { id: number; name: string } | undefined;
  if (!set) {
    const known = (ws.db.prepare('SELECT id, name FROM split_sets ORDER BY id').all() as { id: number; name: string }[])
      .map((s) => `${s.id} "${s.name}"`).join(', ');
    throw refuse(`Split set ${data.splitSetId} does not exist in this workspace; set data.splitSetId to one of: ${known || 'none yet (create a split on the Splits screen or with `mwb splits create`)'}`);
  }
  const rows = ws.db.prepare(`SELECT a.clip_id, a.subset, a.fold, k.name, k.class_id, k.status, k.group_name, k.media_id,
    l.link_group FROM split_assignments a JOIN clips k ON k.id = a.clip_id LEFT JOIN clip_links l ON l.clip_id = k.id
    WHERE a.split_set_id = ? ORDER BY a.clip_id`).all(set.id) as Row[];
  const maxFold = rows.reduce((m, r) => Math.max(m, r.fold ?? -1), -1);
  if (data.fold != null && maxFold < 0) throw refuse(`data.fold is ${data.fold} but split set "${set.name}" is not a k-fold set; clear data.fold or choose a k-fold split set`);
  if (data.fold != null && data.fold > maxFold) throw refuse(`data.fold is ${data.fold} but split set "${set.name}" has folds 0..${maxFold}`);
  const subsetOf = (r: Row): RunSubset | null => {
    if (r.subset === 'train' && data.fold != null && r.fold === data.fold) return 'val';
    return r.subset === 'train' || r.subset === 'val' || r.subset === 'test' ? r.subset : null;
  };
  const usable = rows.filter((r) => subsetOf(r) && r.status === 'active' && r.class_id != null);
  const emptyTrain = (): Error => refuse(`Split set "${set.name}" has no active, labelled clips${data.classIds ? ' of the run\'s classes' : ''} in train` +
    `${data.fold != null ? ` outside fold ${data.fold}` : ''}; assign clips to train on the Splits screen, label them, or choose another split set`);
  const trainClasses = usable.filter((r) => subsetOf(r) === 'train').map((r) => r.class_id!);
  if (!trainClasses.length) throw emptyTrain();
  const labels = runLabels(ws, data, trainClasses, set.name);
  const index = new Map(labels.map((l, i) => [l.classId, i]));
  const clips: ChosenClip[] = usable.filter((r) => index.has(r.class_id!)).map((r) => ({
    clipId: r.clip_id, name: r.name, subset: subsetOf(r)!, label: index.get(r.class_id!)!,
    video: r.group_name ? `group:${r.group_name}` : `media:${r.media_id}`, link: r.link_group,
  }));
  if (!clips.some((c) => c.subset === 'train')) throw emptyTrain();
  const capped = data.limitPerSubset == null ? clips
    : (['train', 'val', 'test'] as const).flatMap((s) => capStratified(clips.filter((c) => c.subset === s), data.limitPerSubset!));
  return { labels, clips: capped, ignored: rows.filter((r) => subsetOf(r)).length - clips.length };
}

/** Labels: `classIds` in their order, else every class with a train clip, by id. */
function runLabels(ws: Workspace, data: DataConfig, trainClassIds: number[], setName: string): DataManifest['labels'] {
  const names = new Map((ws.db.prepare('SELECT id, name FROM classes').all() as { id: number; name: string }[]).map((c) => [c.id, c.name]));
  const ids = data.classIds ?? [...new Set(trainClassIds)].sort((a, b) => a - b);
  const unknown = ids.filter((id) => !names.has(id));
  if (unknown.length) throw refuse(`data.classIds names class(es) ${unknown.join(', ')} that do not exist in this workspace; pick ids from the Classes list`);
  if (new Set(ids).size !== ids.length) throw refuse('data.classIds lists a class twice; list each class once');
  if (ids.length < 2) {
    throw refuse(`The train subset of split set "${setName}" has ${ids.length} class(es); a classifier needs at least two: label more clips or choose another split set`);
  }
  return ids.map((classId) => ({ classId, name: names.get(classId)! }));
}

/** At most `limit` clips, taking classes in turn (each in clip-id order), so every class is represented. */
export function capStratified<T extends { label: number; clipId: number }>(clips: readonly T[], limit: number): T[] {
  if (clips.length <= limit) return [...clips];
  const byLabel = new Map<number, T[]>();
  for (const c of [...clips].sort((a, b) => a.clipId - b.clipId)) byLabel.set(c.label, [...(byLabel.get(c.label) ?? []), c]);
  const queues = [...byLabel.entries()].sort(([a], [b]) => a - b).map(([, q]) => q);
  const out: T[] = [];
  for (let round = 0; out.length < limit; round++) {
    for (const q of queues) if (round < q.length && out.length < limit) out.push(q[round]!);
  }
  return out.sort((a, b) => a.clipId - b.clipId);
}
