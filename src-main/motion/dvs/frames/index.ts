/**
 * Frames from events (spec §2): windows by time or count with overlap, representations registered
 * by id (binary, count, timesurface, voxel, stack3), the background-activity denoise filter, and
 * writing frame folders. Importing this module registers every representation.
 */
export { eventFrames, framesFromFile, type FramesFromFileExtras, type FramesOptions } from './pipeline.js';
export { sliceWindows, windowEvents, windowSpecSchema, type EventWindow, type WindowSpec } from './windows.js';
export {
  getRepresentation, parseRepresentationOptions, registerRepresentation, representationIds,
  type EventFrame, type FrameRenderer, type PolarityFilter, type Representation, type SensorSize,
} from './registry.js';
export { binaryFrame } from './binary.js';
export { countFrame } from './count.js';
export { timeSurfaceRenderer } from './timeSurface.js';
export { voxelGrid } from './voxel.js';
export { stack3Renderer } from './stack3.js';
export { BackgroundActivityFilter, denoiseEvents } from './denoise.js';
export { writeFrames, type WriteFramesOptions, type WriteFramesResult } from './writeFrames.js';
