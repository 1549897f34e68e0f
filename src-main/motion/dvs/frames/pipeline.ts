import { openEventFile } from '../registry.js';
import type { EventBatch, OpenOptions } from '../types.js';
import { BackgroundActivityFilter, denoiseEvents } from './denoise.js';
import { getRepresentation, parseRepresentationOptions, type EventFrame, type SensorSize } from './registry.js';
import { windowEvents, type WindowSpec } from './windows.js';
import './binary.js';
import './count.js';
import './timeSurface.js';
import './voxel.js';
import './stack3.js';

/** What frames to make: windowing, representation (by id) and its options, optional denoise. */
export interface FramesOptions {
  window: WindowSpec;
  /** Representation id: binary, count, timesurface, voxel, stack3. */
  mode: string;
  /** The representation's options (validated by its schema), e.g. `{ bins: 5 }` for voxel. */
  options?: unknown;
  /** Background-activity filter window in µs before windowing (off when absent). */
  denoiseUs?: number;
}

/**
 * Event stream -> frames: (denoise) -> windows -> representation, streaming; every frame has the
 * representation's fixed dtype and shape. `report.denoise` fills in as the stream is read.
 */
export function eventFrames(batches: AsyncIterable<EventBatch>, size: SensorSize, opts: FramesOptions,
  report: { denoise?: { seen: number; kept: number } } = {}): AsyncGenerator<EventFrame> {
  const rep = getRepresentation(opts.mode);
  const renderer = rep.create(parseRepresentationOptions(opts.mode, opts.options), size);
  let source = batches;
  if (opts.denoiseUs !== undefined) {
    const filter = new BackgroundActivityFilter(size.width, size.height, opts.denoiseUs);
    report.denoise = filter;
    source = denoiseEvents(batches, filter);
  }
  return (async function* () {
    for await (const w of windowEvents(source, opts.window)) {
      const f = renderer.push(w);
      if (f) yield f;
    }
  })();
}

/** Extras of {@link framesFromFile}: how to open the file, and where to learn its size and the denoise counts. */
export interface FramesFromFileExtras {
  open?: OpenOptions & { format?: string };
  onOpen?: (size: SensorSize) => void;
  report?: { denoise?: { seen: number; kept: number } };
}

/** Frames of an event file (any readable format); the reader is closed when the stream ends or stops. */
export async function* framesFromFile(path: string, opts: FramesOptions, extras: FramesFromFileExtras = {}): AsyncGenerator<EventFrame> {
  const reader = await openEventFile(path, extras.open ?? {});
  try {
    const size = { width: reader.width, height: reader.height };
    extras.onOpen?.(size);
    yield* eventFrames(reader.batches(), size, opts, extras.report);
  } finally {
    await reader.close();
  }
}
