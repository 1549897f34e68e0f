/** Helpers for global keyboard shortcuts that must not steal keys from text entry or dialogs. */

/** True when a key event should be left to the focused control (text field, select, open modal). */
export function isTypingTarget(e: KeyboardEvent): boolean {
  const t = e.target;
  if (t instanceof HTMLElement) {
    if (t.isContentEditable) return true;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  }
  return document.querySelector('dialog[open]') != null;
}
