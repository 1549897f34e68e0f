/**
 * Video -> events (spec §3): pixel models registered by id (`ideal`, `v2e`), the frame-stream
 * runner and the video simulation. Importing this module registers the models.
 */
import './ideal.js';
import './v2e.js';

export { EventSink, coalesce, concatBatches } from './eventSink.js';
export { baseSimSchema, dvsModelIds, getDvsModel, parseSimParams, registerDvsModel, type BaseSimParams, type DvsModel, type PixelModel } from './models.js';
export { IdealDvs, idealSchema, type IdealParams } from './ideal.js';
export { V2eDvs, v2eSchema, type V2eParams } from './v2e.js';
export { createPixelModel, simulateFrames, type FrameStreamInfo } from './run.js';
export { simulate, type SimulateOptions, type SimulateResult } from './simulate.js';
