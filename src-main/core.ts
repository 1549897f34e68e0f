import './jobs/kinds.js';
import { Workbench } from './workspace/workbench.js';
import { defaultAppDataDir } from './workspace/settings.js';

/**
 * Creates the core session with every job kind registered. Each entry point (Electron main,
 * `mwb serve`, the CLI, tests) starts here, so they all run exactly the same core.
 */
export function createWorkbench(appDataDir: string = defaultAppDataDir()): Workbench {
  return new Workbench(appDataDir);
}
