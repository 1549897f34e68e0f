import { rename, rm } from 'node:fs/promises';
import { openEventFile } from './registry.js';
import type { OpenOptions } from './types.js';
import { writerFor, type WriteOptions } from './writers/registry.js';
import './writers/index.js';

/** What a conversion did: counts to show the user. */
export interface ConvertResult {
  format: string;
  writer: string;
  events: number;
  width: number;
  height: number;
  dropped: Record<string, number>;
  notes: string[];
}

/**
 * Converts any readable event file to the format named by the output extension (.aedat4, .npy),
 * streaming batch by batch. Writes to a temporary name first, so a failure (corrupt input, full
 * disk) never leaves a half-written file under the output name.
 */
export async function convertEvents(input: string, output: string,
  options: OpenOptions & { format?: string; compression?: WriteOptions['compression'] } = {}): Promise<ConvertResult> {
  const writer = writerFor(output);
  const reader = await openEventFile(input, options);
  const partial = `${output}.partial-${process.pid}`;
  try {
    const events = await writer.write(partial, reader.batches(), { width: reader.width, height: reader.height, compression: options.compression });
    await rename(partial, output);
    return {
      format: reader.format, writer: writer.describe, events, width: reader.width, height: reader.height,
      dropped: { ...reader.report.dropped }, notes: [...reader.report.notes],
    };
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  } finally {
    await reader.close();
  }
}
