import type {
  ClipStatus, ImportProblem, ImportProblemKind, MediaKind, SplitSubset,
} from '../../ipc/contract.js';

/** One clip an import would create: a span of one file, with its label and grouping. */
export interface PlanClip {
  /** Absolute path of the media file (as found, symlinks not resolved). */
  path: string;
  kind: MediaKind;
  name: string;
  label: string | null;
  group: string | null;
  view: string | null;
  /** Seconds; null end = to the end of the file. */
  start: number;
  end: number | null;
  status: ClipStatus;
  tags: string[];
}

/** A clip's place in a split set; `clip` indexes `ImportPlan.clips`. */
export interface PlanAssignment {
  clip: number;
  subset: SplitSubset;
  fold: number | null;
}

/** A split set the import writes, with how many entries its lists named per subset. */
export interface PlanSplitSet {
  name: string;
  strategy: string;
  params: Record<string, unknown>;
  seed: number | null;
  /** Entries the lists name, present on disk or not (UCF101 split 1: 9,537 train, 3,783 test). */
  listed: Record<SplitSubset, number>;
  assignments: PlanAssignment[];
}

/**
 * Everything an import would write, computed by an importer's `scan` without touching the
 * workspace: the GUI previews it, the `dataset.import` job applies it. Deterministic for the same
 * files and options (the job re-scans on resume and continues at its cursor).
 */
export interface ImportPlan {
  importer: string;
  /** The folder or file the import reads. */
  root: string;
  clips: PlanClip[];
  splitSets: PlanSplitSet[];
  problems: ImportProblem[];
}

/** A clip to add; unset fields take the usual defaults (whole file, active, no group). */
export type PlanClipInput = Pick<PlanClip, 'path' | 'kind' | 'name' | 'label'> & Partial<PlanClip>;

/** Zero counts for every subset. */
export function zeroSubsets(): Record<SplitSubset, number> {
  return { train: 0, val: 0, test: 0, unused: 0 };
}

/** The identity of a clip across imports: file path plus span (what makes re-imports idempotent). */
export function clipKey(path: string, start: number, end: number | null): string {
  return `${path}\u0000${start}\u0000${end ?? ''}`;
}

/** Builds a plan while an importer scans: de-duplicates clips and problems as they are added. */
export class PlanBuilder {
  private readonly clips: PlanClip[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly sets: PlanSplitSet[] = [];
  private readonly problems: ImportProblem[] = [];
  private readonly problemKeys = new Set<string>();
  private readonly assigned = new Map<PlanSplitSet, Set<number>>();

  constructor(private readonly importer: string, private readonly root: string) {}

  /** Adds a clip (or finds the same file+span added before) and returns its index. */
  clip(input: PlanClipInput): number {
    const c: PlanClip = {
      group: null, view: null, start: 0, end: null, status: 'active', tags: [], ...input,
    };
    const key = clipKey(c.path, c.start, c.end);
    const found = this.byKey.get(key);
    if (found !== undefined) return found;
    this.clips.push(c);
    this.byKey.set(key, this.clips.length - 1);
    return this.clips.length - 1;
  }

  /** Index of a clip already added for this file+span, if any. */
  find(path: string, start = 0, end: number | null = null): number | undefined {
    return this.byKey.get(clipKey(path, start, end));
  }

  /** Starts a split set (its entries are added with `listed` and `assign`). */
  splitSet(name: string, strategy: string, params: Record<string, unknown> = {}, seed: number | null = null): PlanSplitSet {
    const set: PlanSplitSet = { name, strategy, params, seed, listed: zeroSubsets(), assignments: [] };
    this.sets.push(set);
    return set;
  }

  /** Puts a clip in a subset of a set; returns false when the set already has it (first one wins). */
  assign(set: PlanSplitSet, clip: number, subset: SplitSubset, fold: number | null = null): boolean {
    let seen = this.assigned.get(set);
    if (!seen) this.assigned.set(set, (seen = new Set()));
    if (seen.has(clip)) return false;
    seen.add(clip);
    set.assignments.push({ clip, subset, fold });
    return true;
  }

  /** Records a problem once per kind and file (a file missing from three split lists is one entry). */
  problem(kind: ImportProblemKind, file: string, message: string): void {
    const key = `${kind}\u0000${file}`;
    if (this.problemKeys.has(key)) return;
    this.problemKeys.add(key);
    this.problems.push({ kind, file, message });
  }

  /** Adds problems found by the walker. */
  problemsFrom(list: readonly ImportProblem[]): void {
    for (const p of list) this.problem(p.kind, p.file, p.message);
  }

  /** Number of clips so far (importers use it for progress). */
  get clipCount(): number {
    return this.clips.length;
  }

  build(): ImportPlan {
    return { importer: this.importer, root: this.root, clips: this.clips, splitSets: this.sets, problems: this.problems };
  }
}

