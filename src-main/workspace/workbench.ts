import { resolve } from 'node:path';
import type { EventName, Events, WorkspaceInfo } from '../ipc/contract.js';
import { JobRunner } from '../jobs/runner.js';
import { Settings } from './settings.js';
import { Workspace } from './workspace.js';

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

/**
 * The core session behind one UI: the open workspace, its job runner, the user's settings, and
 * the event stream the UI listens to. Electron IPC, the browser bridge and the CLI all drive
 * this same object; nothing here knows which.
 */
export class Workbench {
  readonly settings: Settings;
  private ws: Workspace | null = null;
  private runner: JobRunner | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(appDataDir: string) {
    this.settings = new Settings(appDataDir);
  }

  /** Subscribes to core events; returns the unsubscribe function (its owner must call it). */
  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners) l(event, payload);
  }

  /** The open workspace, opening the last used (or the default) one on first use. */
  get workspace(): Workspace {
    if (!this.ws) this.openSync(this.settings.lastWorkspace ?? this.settings.defaultWorkspace);
    return this.ws!;
  }

  get jobs(): JobRunner {
    void this.workspace;
    return this.runner!;
  }

  info(): WorkspaceInfo {
    const ws = this.workspace;
    return { path: ws.path, name: ws.name, isDefault: ws.path === resolve(this.settings.defaultWorkspace), counts: ws.counts() };
  }

  /** Closes the current workspace (waiting for its running job to stop) and opens another. */
  async open(path: string): Promise<WorkspaceInfo> {
    const abs = resolve(path);
    if (this.ws?.path === abs) return this.info();
    const next = Workspace.open(abs); // throws before anything is closed if the folder is bad
    await this.closeCurrent();
    this.attach(next);
    const info = this.info();
    this.emit('workspace:changed', info);
    return info;
  }

  /** Stops jobs and closes the database; the owner calls this on quit. */
  async dispose(): Promise<void> {
    await this.closeCurrent();
    this.listeners.clear();
  }

  private openSync(path: string): void {
    this.attach(Workspace.open(path));
  }

  private attach(ws: Workspace): void {
    this.ws = ws;
    this.settings.touch(ws.path);
    this.runner = new JobRunner(ws, {
      jobChanged: (job) => this.emit('jobs:changed', job),
      clipsChanged: (reason) => this.emit('clips:changed', { reason }),
    });
  }

  private async closeCurrent(): Promise<void> {
    const runner = this.runner;
    const ws = this.ws;
    this.runner = null;
    this.ws = null;
    if (runner) await runner.dispose();
    ws?.close();
  }
}
