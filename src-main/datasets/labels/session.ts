import type { ClassInfo, ClipPatch, EditState } from '../../ipc/contract.js';
import type { Workspace } from '../../workspace/workspace.js';
import { addClass, deleteClass, mergeClasses, recolorClass, renameClass, type ClassOutcome } from './classes.js';
import { deleteClips, setSpan, trimClip, updateClips, type EditOutcome, type TrimRequest } from './edits.js';
import { revertChange } from './history.js';
import { linkClips, unlinkClips } from './links.js';
import { UndoStack, type UndoOutcome } from './undo.js';

/**
 * The labeling core of one open workspace: every edit commits (change + audit rows) in one
 * transaction and becomes an undo step of this session. Electron IPC, the browser bridge and the
 * CLI all edit through here.
 */
export class LabelSession {
  readonly undoStack: UndoStack;

  constructor(readonly ws: Workspace) {
    this.undoStack = new UndoStack(ws.db);
  }

  private track<T extends { batchId: number | null }>(out: T): T {
    this.undoStack.push(out.batchId);
    return out;
  }

  update(ids: number[], patch: ClipPatch, source?: string): EditOutcome {
    return this.track(updateClips(this.ws.db, ids, patch, source ?? (ids.length > 1 ? 'bulk' : 'label')));
  }

  trim(r: TrimRequest): { batchId: number; clipId: number } {
    return this.track(trimClip(this.ws.db, r));
  }

  setSpan(id: number, start: number, end: number): EditOutcome {
    return this.track(setSpan(this.ws.db, id, start, end));
  }

  remove(ids: number[]): EditOutcome {
    return this.track(deleteClips(this.ws.db, ids));
  }

  revert(historyId: number): EditOutcome {
    return this.track(revertChange(this.ws.db, historyId));
  }

  link(ids: number[]): EditOutcome {
    return this.track(linkClips(this.ws.db, ids));
  }

  unlink(ids: number[]): EditOutcome {
    return this.track(unlinkClips(this.ws.db, ids));
  }

  addClass(name: string, color?: string): ClassOutcome {
    return this.track(addClass(this.ws.db, name, color));
  }

  renameClass(id: number, name: string): ClassOutcome {
    return this.track(renameClass(this.ws.db, id, name));
  }

  recolorClass(id: number, color: string): ClassOutcome {
    return this.track(recolorClass(this.ws.db, id, color));
  }

  mergeClasses(from: number, into: number): ClassOutcome {
    return this.track(mergeClasses(this.ws.db, from, into));
  }

  deleteClass(id: number, moveTo: number | null): ClassOutcome {
    return this.track(deleteClass(this.ws.db, id, moveTo));
  }

  /** A class by id as the class list shows it. */
  classInfo(id: number): ClassInfo {
    const c = this.ws.classes.list().find((x) => x.id === id);
    if (!c) throw Object.assign(new Error(`No class ${id} in this workspace`), { code: 'not_found' });
    return c;
  }

  undo(): UndoOutcome {
    return this.undoStack.undo();
  }

  redo(): UndoOutcome {
    return this.undoStack.redo();
  }

  state(): EditState {
    return this.undoStack.state();
  }
}

const sessions = new WeakMap<Workspace, LabelSession>();

/** The labeling session of an open workspace, created on first use and dropped with the workspace. */
export function labelSession(ws: Workspace): LabelSession {
  let s = sessions.get(ws);
  if (!s) sessions.set(ws, (s = new LabelSession(ws)));
  return s;
}
