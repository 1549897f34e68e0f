/**
 * The labeler's keyboard map: one table drives both the key handler and the `?` cheat sheet, so
 * the sheet always lists exactly the keys that work.
 */

/** What a key does in the labeler. */
export type LabelAction =
  | 'frame' | 'play' | 'class' | 'palette' | 'negative' | 'exclude' | 'accept' | 'in' | 'out'
  | 'undo' | 'redo' | 'help' | 'clip' | 'speed' | 'escape';

/** A resolved key press: the action and its argument (frames, class number, direction). */
export interface KeyCommand {
  action: LabelAction;
  arg?: number;
}

/** One row of the cheat sheet. */
export interface KeyHelp {
  keys: string[];
  what: string;
}

/** The cheat sheet, by section. */
export const KEY_HELP: { section: string; rows: KeyHelp[] }[] = [
  { section: 'Video', rows: [
    { keys: ['←', '→'], what: 'Previous / next frame' },
    { keys: ['Shift+←', 'Shift+→'], what: 'Ten frames back / forward' },
    { keys: ['Space'], what: 'Play / pause' },
    { keys: ['[', ']'], what: 'Slower / faster (0.25x – 4x)' },
  ] },
  { section: 'Label', rows: [
    { keys: ['1', '…', '9'], what: 'Set the class with that number' },
    { keys: ['0', 'L'], what: 'Class palette (all classes, type to filter)' },
    { keys: ['N'], what: 'Negative / none (again: back to active)' },
    { keys: ['X'], what: 'Exclude from training (again: include)' },
    { keys: ['Enter'], what: 'Accept and go to the next unlabelled clip' },
  ] },
  { section: 'Trim', rows: [
    { keys: ['I'], what: 'Start of a new clip at this frame' },
    { keys: ['O'], what: 'End of the new clip at this frame (creates it)' },
    { keys: ['Esc'], what: 'Drop the start mark / close this sheet' },
  ] },
  { section: 'Edit & move', rows: [
    { keys: ['Ctrl+Z'], what: 'Undo' },
    { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], what: 'Redo' },
    { keys: ['↑', '↓'], what: 'Previous / next clip' },
    { keys: ['?'], what: 'Show / hide this sheet' },
  ] },
];

/** Speed steps of the player, slowest first. */
export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4] as const;

/** The labeler command for a key event, or null when the key is not the labeler's. */
export function commandFor(e: KeyboardEvent): KeyCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key;
  if (mod && !e.altKey) {
    if (key.toLowerCase() === 'z') return { action: e.shiftKey ? 'redo' : 'undo' };
    if (key.toLowerCase() === 'y' && !e.shiftKey) return { action: 'redo' };
    return null;
  }
  if (e.altKey || mod) return null;
  switch (key) {
    case 'ArrowLeft': return { action: 'frame', arg: e.shiftKey ? -10 : -1 };
    case 'ArrowRight': return { action: 'frame', arg: e.shiftKey ? 10 : 1 };
    case 'ArrowUp': return { action: 'clip', arg: -1 };
    case 'ArrowDown': return { action: 'clip', arg: 1 };
    case ' ': return { action: 'play' };
    case 'Enter': return { action: 'accept' };
    case 'Escape': return { action: 'escape' };
    case '?': return { action: 'help' };
    case '[': return { action: 'speed', arg: -1 };
    case ']': return { action: 'speed', arg: 1 };
    case '0': return { action: 'palette' };
    default: break;
  }
  if (/^[1-9]$/.test(key)) return { action: 'class', arg: Number(key) };
  switch (key.toLowerCase()) {
    case 'l': return { action: 'palette' };
    case 'n': return { action: 'negative' };
    case 'x': return { action: 'exclude' };
    case 'i': return { action: 'in' };
    case 'o': return { action: 'out' };
    default: return null;
  }
}
