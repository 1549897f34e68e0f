import { describe, expect, it } from 'vitest';
import { validateArgs, ValidationError } from '../../../../src-main/ipc/schemas.js';

describe('labeling channel payloads', () => {
  it('accepts edits and normalises empty group/view to null', () => {
    expect(validateArgs('clips:update', { ids: [1, 2], patch: { label: ' run ', group: '', view: 'front' } }))
      .toEqual({ ids: [1, 2], patch: { label: 'run', group: null, view: 'front' } });
    expect(validateArgs('clips:list', { offset: 0, limit: 10, label: '__unlabeled__', subset: { splitSet: 1, subset: 'val' }, tag: 'x' }))
      .toMatchObject({ label: '__unlabeled__', subset: { splitSet: 1, subset: 'val' } });
    expect(validateArgs('classes:delete', { id: 1, moveTo: null })).toEqual({ id: 1, moveTo: null });
  });

  it.each([
    ['clips:update', { ids: [], patch: { label: 'a' } }, /at least one clip/],
    ['clips:update', { ids: [1], patch: { label: '' } }, /cannot be empty/],
    ['clips:update', { ids: [1], patch: { colour: 'red' } }, /unrecognized|colour/i],
    ['clips:trim', { mediaId: 1, start: 2, end: 1 }, /end mark must come after/],
    ['clips:setSpan', { id: 1, start: -1, end: 1 }, /start/],
    ['clips:neighbor', { from: 1, direction: 2 }, /direction/],
    ['clips:link', { ids: [1] }, /at least two/],
    ['classes:recolor', { id: 1, color: 'red' }, /#4e79a7/],
    ['classes:merge', { from: 3, into: 3 }, /two different/],
    ['classes:delete', { id: 3, moveTo: 3 }, /being deleted/],
    ['clips:list', { offset: 0, limit: 10, status: 'gone' }, /status/],
  ] as const)('rejects %s %j', (channel, payload, message) => {
    expect(() => validateArgs(channel, payload)).toThrow(ValidationError);
    expect(() => validateArgs(channel, payload)).toThrow(message);
  });
});
