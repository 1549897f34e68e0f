/** Frame arithmetic for the labeler's timeline: clip spans as frames on the media timeline. */

/** A clip span as [first frame, end frame) on the media timeline. */
export type FrameSpan = [number, number];

/** The span of a clip in frames; an open end runs to the end of the media. */
export function spanFrames(start: number, end: number | null, fps: number, mediaFrames: number): FrameSpan {
  const first = Math.round(start * fps);
  const last = end == null ? mediaFrames : Math.round(end * fps);
  return [first, Math.max(first + 1, last)];
}

/** Seconds of a frame boundary, rounded to microseconds so the core stores exact frame times. */
export function frameTime(frame: number, fps: number): number {
  return Math.round((frame / fps) * 1e6) / 1e6;
}

/**
 * Lays segments out in lanes so that none overlaps another in its lane (greedy, by start).
 * Input: spans in any order; output: lane index per span, same order.
 */
export function assignLanes(spans: FrameSpan[]): number[] {
  const order = spans.map((s, i) => ({ s, i })).sort((a, b) => a.s[0] - b.s[0] || b.s[1] - a.s[1]);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(spans.length).fill(0);
  for (const { s, i } of order) {
    let lane = laneEnds.findIndex((end) => end <= s[0]);
    if (lane < 0) lane = laneEnds.push(0) - 1;
    laneEnds[lane] = s[1];
    lanes[i] = lane;
  }
  return lanes;
}

/** Frame under an x position on a bar of `width` pixels showing `frames` frames. */
export function frameAtX(x: number, width: number, frames: number): number {
  if (width <= 0 || frames <= 0) return 0;
  return Math.max(0, Math.min(frames, Math.round((x / width) * frames)));
}
