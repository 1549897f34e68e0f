import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace, DB_FILE } from '../../workspace/workspace.js';
import type { Handlers } from './types.js';

/** Workspace channels: which folder is open, opening another, recent ones, demo creation. */
export const workspaceHandlers = {
  'workspace:current': (_args, { workbench }) => workbench.info(),
  'workspace:open': (args, { workbench }) => workbench.open(args.path),
  'workspace:recent': (_args, { workbench }) => workbench.settings.recent(),
  'workspace:pickFolder': async (_args, { host }) => (host.pickFolder ? host.pickFolder() : null),
  'workspace:pickFile': async (args, { host }) => (host.pickFile ? host.pickFile(args) : null),
  'demo:create': async (args, { workbench }) => {
    const path = args.path ?? freeDemoFolder(workbench.settings.appDataDir);
    if (args.path && clipCount(path) > 0) {
      throw new Error(`${path} already holds a workspace with clips; choose an empty folder for the demo`);
    }
    const workspace = await workbench.open(path);
    const jobId = workbench.jobs.enqueue('demo.generate', {
      mediaDir: join(workspace.path, 'media'),
      clipsPerClass: args.clipsPerClass ?? 12,
      seed: args.seed ?? 1,
    });
    return { workspace: workbench.info(), jobId };
  },
} satisfies Partial<Handlers>;

/** `<appData>/demo-workspace`, or `-2`, `-3`… when an earlier demo already has clips. */
function freeDemoFolder(appDataDir: string): string {
  for (let i = 1; ; i++) {
    const path = join(appDataDir, i === 1 ? 'demo-workspace' : `demo-workspace-${i}`);
    if (clipCount(path) === 0) return path;
  }
}

/** Clips in the workspace at `path` (0 when there is none), without keeping it open. */
function clipCount(path: string): number {
  if (!existsSync(join(path, DB_FILE))) return 0;
  const ws = Workspace.open(path);
  try {
    return ws.clips.count();
  } finally {
    ws.close();
  }
}
