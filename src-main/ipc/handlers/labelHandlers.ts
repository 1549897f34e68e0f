import { clipFacets, clipsByIds, neighborClip } from '../../datasets/labels/browse.js';
import type { EditOutcome } from '../../datasets/labels/edits.js';
import { clipHistory } from '../../datasets/labels/history.js';
import { labelSession, type LabelSession } from '../../datasets/labels/session.js';
import type { ClassOpResult, ClipSummary, EditResult, UndoResult } from '../contract.js';
import type { HandlerContext, Handlers } from './types.js';

/** Clips an edit result carries back (a bulk edit of 100,000 clips answers with a count, not rows). */
const RESULT_CLIPS = 500;

/** Runs an edit on the open workspace's label session; once it committed, tells every window. */
function edit<T>(ctx: HandlerContext, reason: string, run: (s: LabelSession) => T): T {
  const session = labelSession(ctx.workbench.workspace);
  const out = run(session);
  ctx.workbench.emit('clips:changed', { reason });
  ctx.workbench.emit('edits:changed', session.state());
  return out;
}

function editResult(ctx: HandlerContext, out: EditOutcome): EditResult {
  return { batchId: out.batchId, changed: out.changed, clips: clipsByIds(ctx.workbench.workspace.db, out.clipIds.slice(0, RESULT_CLIPS)) };
}

function oneClip(ctx: HandlerContext, id: number): ClipSummary {
  const c = ctx.workbench.workspace.clips.get(id);
  if (!c) throw Object.assign(new Error(`No clip ${id} in this workspace`), { code: 'not_found' });
  return c;
}

function classResult(ctx: HandlerContext, out: { batchId: number; moved: number }): ClassOpResult {
  return { batchId: out.batchId, moved: out.moved, classes: ctx.workbench.workspace.classes.list() };
}

function undoResult(ctx: HandlerContext, which: 'undo' | 'redo'): UndoResult {
  const session = labelSession(ctx.workbench.workspace);
  const out = which === 'undo' ? session.undo() : session.redo();
  const state = session.state();
  if (out.target != null) {
    ctx.workbench.emit('clips:changed', { reason: which });
    ctx.workbench.emit('edits:changed', state);
  }
  return { ...state, batchId: out.target, description: out.description, clipIds: out.clipIds.slice(0, RESULT_CLIPS), changed: out.changed };
}

/** Labeling channels: clip edits with audit history, undo/redo, trims, links, class operations. */
export const labelHandlers = {
  'clips:update': (a, ctx) => editResult(ctx, edit(ctx, 'labels', (s) => s.update(a.ids, a.patch))),
  'clips:trim': (a, ctx) => oneClip(ctx, edit(ctx, 'trim', (s) => s.trim(a)).clipId),
  'clips:setSpan': (a, ctx) => {
    edit(ctx, 'trim', (s) => s.setSpan(a.id, a.start, a.end));
    return oneClip(ctx, a.id);
  },
  'clips:delete': (a, ctx) => {
    const out = edit(ctx, 'delete', (s) => s.remove(a.ids));
    return { batchId: out.batchId, changed: out.changed, clips: [] };
  },
  'clips:neighbor': (a, { workbench }) => {
    const { from, direction, unlabeled, ...filter } = a;
    return neighborClip(workbench.workspace.db, filter, from, direction, unlabeled);
  },
  'clips:facets': (_a, { workbench }) => clipFacets(workbench.workspace.db),
  'clips:history': (a, { workbench }) => clipHistory(workbench.workspace.db, a.id),
  'clips:revert': (a, ctx) => editResult(ctx, edit(ctx, 'revert', (s) => s.revert(a.historyId))),
  'clips:link': (a, ctx) => editResult(ctx, edit(ctx, 'links', (s) => s.link(a.ids))),
  'clips:unlink': (a, ctx) => editResult(ctx, edit(ctx, 'links', (s) => s.unlink(a.ids))),
  'edits:state': (_a, { workbench }) => labelSession(workbench.workspace).state(),
  'edits:undo': (_a, ctx) => undoResult(ctx, 'undo'),
  'edits:redo': (_a, ctx) => undoResult(ctx, 'redo'),
  'classes:add': (a, ctx) => {
    const out = edit(ctx, 'classes', (s) => s.addClass(a.name, a.color));
    return labelSession(ctx.workbench.workspace).classInfo(out.classId);
  },
  'classes:rename': (a, ctx) => {
    edit(ctx, 'classes', (s) => s.renameClass(a.id, a.name));
    return labelSession(ctx.workbench.workspace).classInfo(a.id);
  },
  'classes:recolor': (a, ctx) => {
    edit(ctx, 'classes', (s) => s.recolorClass(a.id, a.color));
    return labelSession(ctx.workbench.workspace).classInfo(a.id);
  },
  'classes:merge': (a, ctx) => classResult(ctx, edit(ctx, 'classes', (s) => s.mergeClasses(a.from, a.into))),
  'classes:delete': (a, ctx) => classResult(ctx, edit(ctx, 'classes', (s) => s.deleteClass(a.id, a.moveTo))),
} satisfies Partial<Handlers>;
