/**
 * Shared shapes of the event-camera (DVS) readers. Every reader streams a file in chunks and
 * hands out events as struct-of-arrays batches, so a multi-GB recording never sits in memory and
 * hot loops write into typed arrays without allocating per event.
 */

/** Events per batch a reader hands out (the last batch of a file is usually shorter). */
export const BATCH_SIZE = 65536;

/**
 * Bytes of events a probe (`OpenOptions.probe`) reads at most when the header does not give the
 * sensor size: enough addresses to see most of a sensor, small enough that importing a folder of
 * multi-GB recordings costs a few MB per file.
 */
export const PROBE_SAMPLE_BYTES = 2 << 20;

/**
 * A run of events in file order. `t` in µs (Float64 holds Unix µs exactly), `x`/`y` pixel
 * coordinates with the origin top-left, `p` 1 = ON, 0 = OFF. Only the first `length` entries
 * are valid; each batch owns its arrays, so a consumer may keep it.
 */
export interface EventBatch {
  t: Float64Array;
  x: Uint16Array;
  y: Uint16Array;
  p: Uint8Array;
  length: number;
}

/** What a reader left out, so `mwb events info` can say how many events were dropped and why. */
export interface ReaderReport {
  /** Events lost: `outOfRange` (address outside the sensor), `truncated` (half event at EOF), `invalid`, ... */
  dropped: Record<string, number>;
  /** Words or packets that are not polarity events (APS, IMU, triggers, time-high words, ...). */
  skipped: Record<string, number>;
  /** Inferences and oddities worth telling the user (e.g. "layout DAVIS inferred from addresses"). */
  notes: string[];
}

/** Options of `open`; every field is optional and only matters where the file does not say. */
export interface OpenOptions {
  /** AEDAT 2.0 address layout when the header has no AEChip line. */
  layout?: 'dvs128' | 'davis' | 'auto';
  /** Sensor size override (else from the header, else inferred from the addresses). */
  width?: number;
  height?: number;
  /** AEDAT 4.0: which EVTS stream to read when there are several (default: the lowest id). */
  stream?: number;
  /**
   * Import probes: read the header and at most `PROBE_SAMPLE_BYTES` of events, never the whole
   * file. A size the header does not give is then estimated from that sample (`sizeEstimated`);
   * opening without `probe` (events info, frames) still scans everything for the exact size.
   */
  probe?: boolean;
}

/** An opened event file. `batches()` streams the events; `report` fills in while it runs. */
export interface EventReader {
  /** Registered format id, e.g. `aedat2`, `evt2`. */
  readonly format: string;
  readonly width: number;
  readonly height: number;
  /**
   * True when a probe estimated the size from a sample of the events: the sensor is at least this
   * big (or the format's usual sensor, e.g. N-MNIST 34x34, while every sampled address fits it).
   */
  readonly sizeEstimated?: boolean;
  readonly report: ReaderReport;
  /** Streams the events from the start of the data; the report is reset at each call. */
  batches(): AsyncIterable<EventBatch>;
  close(): Promise<void>;
}

/** One event-file format, registered once (`{ id, describe, detect, open }`). */
export interface EventFormat {
  id: string;
  /** Human name, e.g. "jAER AEDAT 2.0". */
  describe: string;
  /** True when the first bytes (up to 64 KiB) or the file name identify this format (spec §1.0). */
  detect(head: Uint8Array, fileName: string): boolean;
  open(path: string, options: OpenOptions): Promise<EventReader>;
}

/** Adds `n` to `counts[key]` (skips zero so reports list only what happened). */
export function addCount(counts: Record<string, number>, key: string, n: number): void {
  if (n > 0) counts[key] = (counts[key] ?? 0) + n;
}
