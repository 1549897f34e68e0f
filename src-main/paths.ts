import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

/**
 * Folder of the `src-main` sources. Running from source (tsx, vitest) this file is
 * `src-main/paths.ts`; bundled by electron-vite it lives in `out/main/`, two levels below the root.
 */
export const SRC_MAIN_DIR = here.endsWith('.ts') ? dirname(here) : resolve(dirname(here), '../../src-main');

/** The project root (holds package.json, out/, resources/). */
export const PROJECT_ROOT = resolve(SRC_MAIN_DIR, '..');

/** Built renderer served in browser mode and loaded by the Electron window. */
export const RENDERER_DIST = join(PROJECT_ROOT, 'out', 'renderer');
