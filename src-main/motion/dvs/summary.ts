import type { EventReader } from './types.js';

/** The figures `mwb events info` prints (JSON keys as listed in the issue, plus skipped and notes). */
export interface EventSummary {
  format: string;
  width: number;
  height: number;
  events: number;
  on: number;
  off: number;
  /** First and last timestamp in file order (µs), null for an empty recording. */
  tFirst: number | null;
  tLast: number | null;
  dropped: Record<string, number>;
  skipped: Record<string, number>;
  notes: string[];
}

/** Reads a whole recording once (streaming) and counts it: the numbers behind `events info`. */
export async function summarise(reader: EventReader): Promise<EventSummary> {
  let events = 0, on = 0;
  let tFirst: number | null = null, tLast: number | null = null;
  for await (const b of reader.batches()) {
    if (b.length === 0) continue;
    if (tFirst === null) tFirst = b.t[0]!;
    tLast = b.t[b.length - 1]!;
    const p = b.p;
    for (let i = 0; i < b.length; i++) on += p[i]!;
    events += b.length;
  }
  const { dropped, skipped, notes } = reader.report;
  return {
    format: reader.format, width: reader.width, height: reader.height, events, on, off: events - on,
    tFirst, tLast, dropped: { ...dropped }, skipped: { ...skipped }, notes: [...notes],
  };
}
