import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../paths.js';
import { ffmpegInfo } from '../../media/ffmpegPaths.js';
import type { Handlers } from './types.js';

const pkg = createRequire(import.meta.url)(join(PROJECT_ROOT, 'package.json')) as { productName: string; version: string };

/** `app:info`: what the UI shows about the running app. */
export const appHandlers = {
  'app:info': (_args, { host, workbench }) => ({
    name: pkg.productName,
    version: pkg.version,
    mode: host.mode,
    modeReason: host.modeReason,
    ffmpeg: ffmpegInfo(),
    appDataDir: workbench.settings.appDataDir,
    canPickFolder: Boolean(host.pickFolder),
  }),
} satisfies Partial<Handlers>;
