import type { Db } from '../../db/connection.js';
import type { EditState } from '../../ipc/contract.js';
import { batchInfo, reverseBatch, type ReplayOutcome } from './replay.js';

/** Undo steps kept per session; older edits stay in the history (and can be reverted there). */
const MAX_STEPS = 1000;

/** What an undo or redo did, with the batch it replayed. */
export interface UndoOutcome extends ReplayOutcome {
  /** The batch undone or redone; null when the stack was empty. */
  target: number | null;
  description: string;
}

/**
 * The undo/redo stack of one workspace session, built on the audit log: each step is an edit
 * batch id, and undoing replays that batch backwards as a new audited batch. It lives in the core
 * (not the UI), so a renderer reload keeps it; it starts empty when the workspace is reopened.
 */
export class UndoStack {
  private readonly done: number[] = [];
  private readonly undone: number[] = [];

  constructor(private readonly db: Db) {}

  /** Records a new edit: it becomes the next undo step and the redo steps are dropped. */
  push(batchId: number | null): void {
    if (batchId == null) return;
    this.done.push(batchId);
    if (this.done.length > MAX_STEPS) this.done.splice(0, this.done.length - MAX_STEPS);
    this.undone.length = 0;
  }

  /** Reverts the newest edit of this session. */
  undo(): UndoOutcome {
    return this.step(this.done, this.undone, 'back');
  }

  /** Re-applies the newest undone edit. */
  redo(): UndoOutcome {
    return this.step(this.undone, this.done, 'forward');
  }

  state(): EditState {
    const label = (stack: number[]): string | null => {
      const id = stack[stack.length - 1];
      return id == null ? null : (batchInfo(this.db, id)?.summary ?? null);
    };
    return { canUndo: this.done.length > 0, canRedo: this.undone.length > 0, undoLabel: label(this.done), redoLabel: label(this.undone) };
  }

  private step(from: number[], to: number[], direction: 'back' | 'forward'): UndoOutcome {
    const target = from[from.length - 1];
    if (target == null) {
      return { target: null, batchId: null, clipIds: [], changed: 0, skipped: 0, description: direction === 'back' ? 'Nothing to undo' : 'Nothing to redo' };
    }
    const what = batchInfo(this.db, target)?.summary ?? `edit ${target}`;
    const description = `${direction === 'back' ? 'Undo' : 'Redo'}: ${what}`;
    // Replaying writes a new batch that reverses `target`; the other stack keeps that batch, so
    // redo is undoing the undo (and undo after redo undoes the redo): always a backward replay.
    const out = reverseBatch(this.db, target, direction === 'back' ? 'undo' : 'redo', what);
    from.pop();
    to.push(out.batchId ?? target);
    return { ...out, target, description: out.skipped ? `${description} (${out.skipped} value(s) changed since were left alone)` : description };
  }
}
