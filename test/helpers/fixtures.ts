import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is `<root>/test/helpers/fixtures.ts`). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/**
 * Shared third-party test data (`../shared/fixtures` beside the checkout, see its MANIFEST.md).
 * `MWB_FIXTURES` overrides it where the checkout lives elsewhere.
 */
export const FIXTURES = process.env.MWB_FIXTURES ?? resolve(REPO_ROOT, '../shared/fixtures');

/** Folder of the small real video files (H.264 mp4, MPEG-4 avi). */
export const VIDEO_FIXTURES = resolve(FIXTURES, 'video');
