import type { z } from 'zod';
import type { SplitSubset } from '../../ipc/contract.js';

/** A clip as a split strategy sees it. `classId` null = a negative (background) clip, its own stratum. */
export interface SplitClip {
  id: number;
  classId: number | null;
  /** Actor/subject/source group (`clips.group_name`); null = the clip is its own group. */
  group: string | null;
  mediaId: number;
}

/** Where one clip goes: a subset, and for k-fold sets the fold (0-based) inside `train`. */
export interface Assignment {
  subset: SplitSubset;
  fold: number | null;
}

/** clip id -> assignment. */
export type Assignments = Map<number, Assignment>;

/** One part of a split the strategy aims for, with its target share of the clips (0..1). */
export interface PartTarget {
  subset: SplitSubset;
  fold: number | null;
  ratio: number;
}

/** What a strategy may look up besides the clips (an official copy reads another set). */
export interface SplitContext {
  /** Assignments of another split set of the workspace, by name; throws a user-facing error when missing. */
  sourceSet(name: string): { strategy: string; assignments: Assignments };
}

/**
 * One way of assigning clips to subsets, registered once (`{ id, paramsSchema, describe, assign }`).
 * `assign` gets the eligible clips in ascending id order and a seeded RNG (uniform [0, 1)); the
 * same clips, params and seed must give the same assignments on every machine.
 */
export interface SplitStrategy<P = unknown> {
  id: string;
  title: string;
  /** One paragraph for the New split dialog and `mwb split create --help`. */
  description: string;
  paramsSchema: z.ZodType<P>;
  /** Which parameters the New split dialog shows for it. */
  fields: ('ratios' | 'folds' | 'testRatio' | 'source')[];
  /** Whether the seed changes the result (official copies ignore it). */
  usesSeed: boolean;
  /**
   * True when the strategy decides every eligible clip (clips it leaves out are stored as `unused`);
   * false when it copies exactly what it returns (official lists).
   */
  coversAll: boolean;
  describe(params: P): string;
  /** The parts and their target shares, for statistics; null when there is no target (official copies). */
  targets(params: P): PartTarget[] | null;
  assign(clips: readonly SplitClip[], params: P, rng: () => number, ctx: SplitContext): Assignments;
}
