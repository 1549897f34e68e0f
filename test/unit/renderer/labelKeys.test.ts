import { describe, expect, it } from 'vitest';
import { commandFor, KEY_HELP } from '../../../src-renderer/src/lib/labelKeys';
import { assignLanes, frameAtX, frameTime, spanFrames } from '../../../src-renderer/src/lib/timeline';

const key = (k: string, mods: Partial<KeyboardEvent> = {}): KeyboardEvent =>
  ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods }) as KeyboardEvent;

describe('labeler keyboard map', () => {
  it('maps the keys of the issue exactly', () => {
    expect(commandFor(key('ArrowRight'))).toEqual({ action: 'frame', arg: 1 });
    expect(commandFor(key('ArrowLeft'))).toEqual({ action: 'frame', arg: -1 });
    expect(commandFor(key('ArrowRight', { shiftKey: true }))).toEqual({ action: 'frame', arg: 10 });
    expect(commandFor(key('ArrowLeft', { shiftKey: true }))).toEqual({ action: 'frame', arg: -10 });
    expect(commandFor(key(' '))).toEqual({ action: 'play' });
    for (let n = 1; n <= 9; n++) expect(commandFor(key(String(n)))).toEqual({ action: 'class', arg: n });
    expect(commandFor(key('N'))).toEqual({ action: 'negative' });
    expect(commandFor(key('x'))).toEqual({ action: 'exclude' });
    expect(commandFor(key('Enter'))).toEqual({ action: 'accept' });
    expect(commandFor(key('i'))).toEqual({ action: 'in' });
    expect(commandFor(key('O'))).toEqual({ action: 'out' });
    expect(commandFor(key('z', { ctrlKey: true }))).toEqual({ action: 'undo' });
    expect(commandFor(key('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ action: 'redo' });
    expect(commandFor(key('z', { metaKey: true }))).toEqual({ action: 'undo' });
    expect(commandFor(key('?', { shiftKey: true }))).toEqual({ action: 'help' });
    expect(commandFor(key('0'))).toEqual({ action: 'palette' });
  });

  it('leaves other keys and modified letters alone', () => {
    expect(commandFor(key('a'))).toBeNull();
    expect(commandFor(key('n', { ctrlKey: true }))).toBeNull();
    expect(commandFor(key('1', { altKey: true }))).toBeNull();
    expect(commandFor(key('c', { ctrlKey: true }))).toBeNull();
  });

  it('lists every action in the cheat sheet', () => {
    const text = KEY_HELP.flatMap((s) => s.rows.map((r) => `${r.keys.join(' ')} ${r.what}`)).join('\n');
    for (const k of ['←', 'Shift+→', 'Space', '1', '9', 'N', 'X', 'Enter', 'I', 'O', 'Ctrl+Z', 'Ctrl+Shift+Z', '?']) expect(text).toContain(k);
  });
});

describe('timeline frame arithmetic', () => {
  it('turns spans into frames and back exactly at 25 fps', () => {
    expect(spanFrames(0.2, 0.64, 25, 50)).toEqual([5, 16]);
    expect(spanFrames(0, null, 25, 50)).toEqual([0, 50]);
    expect(frameTime(16, 25)).toBe(0.64);
    expect(frameTime(1, 29.97)).toBe(0.033367);
    expect(frameAtX(50, 100, 50)).toBe(25);
    expect(frameAtX(-5, 100, 50)).toBe(0);
  });

  it('puts overlapping clips in separate lanes', () => {
    expect(assignLanes([[0, 50], [5, 16], [20, 41], [10, 30]])).toEqual([0, 1, 1, 2]);
  });
});
