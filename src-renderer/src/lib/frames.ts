/**
 * Frame arithmetic for the viewer. Times are seconds on the media's timeline; frame indices are
 * 0-based and relative to the clip's start. Seeking lands on the middle of a frame,
 * (n + 0.5) / fps, so rounding in the decoder never shows the neighbouring frame.
 */

/** Number of frames in a clip span, or null when the frame rate or length is unknown. */
export function clipFrameCount(
  fps: number | null,
  duration: number | null,
  mediaFrameCount: number | null,
  wholeMedia: boolean,
): number | null {
  if (wholeMedia && mediaFrameCount != null && mediaFrameCount > 0) return mediaFrameCount;
  if (fps == null || fps <= 0 || duration == null || duration <= 0) return null;
  return Math.max(1, Math.round(duration * fps));
}

/** 0-based frame index shown at media time `time` for a clip starting at `start`. */
export function frameAt(time: number, start: number, fps: number): number {
  if (!(fps > 0)) return 0;
  return Math.max(0, Math.floor((time - start) * fps + 1e-6));
}

/** Media time to seek to so that frame `frame` of the clip is displayed. */
export function seekTimeFor(frame: number, start: number, fps: number): number {
  return start + (frame + 0.5) / fps;
}

/** Keeps a frame index inside [0, count - 1] (only the lower bound when the count is unknown). */
export function clampFrame(frame: number, count: number | null): number {
  const upper = count != null && count > 0 ? count - 1 : Number.POSITIVE_INFINITY;
  return Math.max(0, Math.min(upper, Math.round(frame)));
}
