import { extname } from 'node:path';
import type { EventBatch } from '../types.js';

/**
 * Event-file writers, chosen by the output file's extension (`mwb events convert`); each writer
 * module registers itself once, like the readers.
 */

/** What a writer needs besides the events. */
export interface WriteOptions {
  width: number;
  height: number;
  /** AEDAT 4.0 packet compression (default none). */
  compression?: 'none' | 'lz4';
}

/** One output format. */
export interface EventWriter {
  /** File extension with the dot, lower case, e.g. `.aedat4`. */
  ext: string;
  describe: string;
  /** Streams the batches into `path`; returns how many events were written. */
  write(path: string, batches: AsyncIterable<EventBatch>, options: WriteOptions): Promise<number>;
}

const writers: EventWriter[] = [];

/** Adds a writer; each writer module calls this once at import. */
export function registerEventWriter(writer: EventWriter): EventWriter {
  if (writers.some((w) => w.ext === writer.ext)) throw new Error(`Event writer for ${writer.ext} is registered twice`);
  writers.push(writer);
  return writer;
}

/** The writer for this output path, or an error listing the supported extensions. */
export function writerFor(path: string): EventWriter {
  const ext = extname(path).toLowerCase();
  const w = writers.find((x) => x.ext === ext);
  if (!w) throw new Error(`Cannot write events to "${path}": use one of ${writers.map((x) => x.ext).join(', ')}`);
  return w;
}
