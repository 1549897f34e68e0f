import { extname } from 'node:path';
import type { MediaKind } from '../../ipc/contract.js';

/** Video containers the importers pick up by extension. */
export const VIDEO_EXTENSIONS: readonly string[] = ['.mp4', '.avi', '.mkv', '.webm', '.mov'];
/** Still images (Stanford-40 and image folders). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png'];
/** Event-camera recordings, read by the DVS readers instead of ffprobe. */
export const EVENT_EXTENSIONS: readonly string[] = ['.aedat', '.aedat4', '.raw', '.dat', '.bin', '.csv'];

/** Lower-case extension with its dot (`clip.MP4` -> `.mp4`). */
export function extOf(path: string): string {
  return extname(path).toLowerCase();
}

/** Video or image by extension, null for anything else (folder imports skip those). */
export function visualKindOf(path: string): MediaKind | null {
  const ext = extOf(path);
  if (VIDEO_EXTENSIONS.includes(ext)) return 'video';
  if (IMAGE_EXTENSIONS.includes(ext)) return 'image';
  return null;
}

/** Kind of a file a manifest names: events and images by extension, anything else a video. */
export function manifestKindOf(path: string): MediaKind {
  const ext = extOf(path);
  if (EVENT_EXTENSIONS.includes(ext)) return 'events';
  return visualKindOf(path) ?? 'video';
}

/** The file name without folder and extension: the clip's default name. */
export function stemOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const ext = extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}
