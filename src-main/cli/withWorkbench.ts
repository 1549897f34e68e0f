import { resolve } from 'node:path';
import { createWorkbench } from '../core.js';
import type { Workbench } from '../workspace/workbench.js';

/** Opens `--workspace` (or the app's current one), runs `fn`, and always disposes the workbench. */
export async function withWorkbench<T>(dir: string | undefined, fn: (wb: Workbench) => Promise<T> | T): Promise<T> {
  const wb = createWorkbench();
  try {
    if (dir) await wb.open(resolve(dir));
    return await fn(wb);
  } finally {
    await wb.dispose();
  }
}
