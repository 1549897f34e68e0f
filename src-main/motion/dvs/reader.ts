import type { FileHandle } from 'node:fs/promises';
import { readChunks } from './fileSource.js';
import { BATCH_SIZE, PROBE_SAMPLE_BYTES, addCount, type EventBatch, type EventReader, type OpenOptions, type ReaderReport } from './types.js';

/**
 * The machinery every format shares: a batch being filled, the generic loop over fixed-size
 * words, the reader object, and sensor-size inference (a first pass over the addresses) for
 * files whose header does not give the resolution.
 */

/** A batch being filled by a decoder's hot loop (which writes `t/x/y/p[length++]` directly). */
export class BatchBuilder {
  t = new Float64Array(BATCH_SIZE);
  x = new Uint16Array(BATCH_SIZE);
  y = new Uint16Array(BATCH_SIZE);
  p = new Uint8Array(BATCH_SIZE);
  length = 0;
  readonly capacity = BATCH_SIZE;

  /** Hands the filled batch out and starts a fresh one (batches own their arrays). */
  take(): EventBatch {
    const batch = { t: this.t, x: this.x, y: this.y, p: this.p, length: this.length };
    this.t = new Float64Array(BATCH_SIZE);
    this.x = new Uint16Array(BATCH_SIZE);
    this.y = new Uint16Array(BATCH_SIZE);
    this.p = new Uint8Array(BATCH_SIZE);
    this.length = 0;
    return batch;
  }
}

/** What a decode pass needs: the sensor bounds to check against and the report to fill. */
export interface DecodeContext {
  width: number;
  height: number;
  report: ReaderReport;
  /** Read at most about this many bytes of events (a probe's sample); a word or line cut by it is dropped. */
  limit?: number;
}

/** End of [start, end) cut to `limit` bytes of whole `wordBytes` words, for a probe's sample. */
export function sampleEnd(start: number, end: number, wordBytes: number, limit?: number): number {
  if (limit === undefined) return end;
  return Math.min(end, start + limit - (limit % wordBytes));
}

/** A decoder of a stream of fixed-size words (EVT 2.0/3.0, AEDAT 2.0, .dat, N-MNIST). */
export interface WordDecoder {
  /**
   * Decodes words [from, count) of `chunk` until the batch is (nearly) full; returns the next word
   * index. Returning before `count` means "batch full, hand it out"; with an empty batch a decoder
   * must always make progress.
   */
  step(chunk: Uint8Array, from: number, count: number, out: BatchBuilder): number;
  /** Moves the decoder's counters into the report after the last word. */
  finish(report: ReaderReport): void;
}

/** Streams [start, end) of the file through `dec` in chunks, yielding full batches. */
export async function* streamWords(fh: FileHandle, start: number, end: number, wordBytes: number,
  dec: WordDecoder, report: ReaderReport): AsyncGenerator<EventBatch> {
  const out = new BatchBuilder();
  const onTail = (bytes: number, offset: number): void => {
    addCount(report.dropped, 'truncated', 1);
    report.notes.push(`the file ends with ${bytes} byte(s) of a cut-off ${wordBytes}-byte word at byte ${offset}`);
  };
  for await (const chunk of readChunks(fh, start, end, wordBytes, onTail)) {
    const count = chunk.bytes.length / wordBytes;
    let i = 0;
    while (i < count) {
      const from = i;
      i = dec.step(chunk.bytes, i, count, out);
      if (i === from && out.length === 0) throw new Error(`decoder stalled at byte ${chunk.offset + i * wordBytes}`); // a bug, never a hang
      if (i < count || out.length === out.capacity) yield out.take();
    }
  }
  dec.finish(report);
  if (out.length > 0) yield out.take();
}

/** What a format module knows after reading the header. */
export interface ReaderInit {
  format: string;
  fh: FileHandle;
  /** Resolution from the header; leave undefined to infer it from the addresses. */
  width?: number;
  height?: number;
  notes?: string[];
  /** Bytes of event data after the header: a probe whose sample covers them all gives an exact size. */
  dataBytes?: number;
  /** The format already guessed the size from a sample (AEDAT 2.0 chip inference under a probe). */
  sizeEstimated?: boolean;
  decode(ctx: DecodeContext): AsyncGenerator<EventBatch>;
  /** Turns the largest x/y seen into a sensor size (default: max + 1 per axis). */
  inferSize?(maxX: number, maxY: number): { width: number; height: number; note: string };
}

class StreamReader implements EventReader {
  readonly report: ReaderReport = { dropped: {}, skipped: {}, notes: [] };
  private closed = false;

  constructor(readonly format: string, readonly width: number, readonly height: number,
    readonly sizeEstimated: boolean, private readonly init: ReaderInit, private readonly notes: string[]) {
    this.report.notes = [...notes];
  }

  async *batches(): AsyncGenerator<EventBatch> {
    if (this.closed) throw new Error(`${this.format} reader is closed`);
    this.report.dropped = {};
    this.report.skipped = {};
    this.report.notes = [...this.notes];
    yield* this.init.decode({ width: this.width, height: this.height, report: this.report });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.init.fh.close();
  }
}

/** Largest representable coordinate + 1: the bounds of a size-inference pass. */
const NO_BOUND = 65536;

/** The byte limit of a size-inference pass: none on a full open, the sample when probing a larger file. */
export function probeLimit(options: OpenOptions, dataBytes?: number): number | undefined {
  if (!options.probe) return undefined;
  return dataBytes !== undefined && dataBytes <= PROBE_SAMPLE_BYTES ? undefined : PROBE_SAMPLE_BYTES;
}

/**
 * Builds the reader. Size comes from the options, else the header, else a first pass over the
 * file that finds the largest x and y (the file is then read twice; the note says so). A probe
 * makes that pass over a bounded sample only and marks the size as estimated.
 */
export async function makeReader(init: ReaderInit, options: OpenOptions): Promise<EventReader> {
  const notes = [...(init.notes ?? [])];
  let width = init.width;
  let height = init.height;
  let estimated = init.sizeEstimated ?? false;
  if (options.width !== undefined && options.height !== undefined) {
    width = options.width;
    height = options.height;
    estimated = false;
  } else if (width === undefined || height === undefined) {
    let maxX = -1;
    let maxY = -1;
    const scratch: ReaderReport = { dropped: {}, skipped: {}, notes: [] };
    const limit = probeLimit(options, init.dataBytes);
    for await (const b of init.decode({ width: NO_BOUND, height: NO_BOUND, report: scratch, limit })) {
      for (let i = 0; i < b.length; i++) {
        if (b.x[i]! > maxX) maxX = b.x[i]!;
        if (b.y[i]! > maxY) maxY = b.y[i]!;
      }
    }
    const inferred = init.inferSize?.(maxX, maxY) ??
      { width: maxX + 1, height: maxY + 1, note: `sensor size ${maxX + 1}x${maxY + 1} inferred from the largest x and y (the header does not give it; pass --width/--height to set it)` };
    width = inferred.width;
    height = inferred.height;
    notes.push(inferred.note);
    if (limit !== undefined) {
      estimated = true;
      notes.push(`probe: size estimated from the first ${limit >> 20} MiB of events (the sensor is at least ${width}x${height}); a full read gives the exact size`);
    }
  }
  return new StreamReader(init.format, width, height, estimated, init, notes);
}
