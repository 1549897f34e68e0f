/**
 * Event-camera (DVS) files: streaming readers for every supported format, summaries, writers and
 * conversion. Importing this module registers all formats and writers.
 */
import './formats/index.js';
import './writers/index.js';

export { detectFormat, eventFormats, getEventFormat, openEventFile, registerEventFormat } from './registry.js';
export type { EventBatch, EventFormat, EventReader, OpenOptions, ReaderReport } from './types.js';
export { BATCH_SIZE } from './types.js';
export { summarise, type EventSummary } from './summary.js';
export { convertEvents, type ConvertResult } from './convert.js';
export { writeAedat4 } from './writers/aedat4Writer.js';
export { writeEventsNpy } from './writers/npyWriter.js';
export { writerFor, type WriteOptions } from './writers/registry.js';
