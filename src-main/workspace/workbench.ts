import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventName, Events, WorkspaceInfo } from '../ipc/contract.js';
import { JobRunner, type RunnerDisposeOptions } from '../jobs/runner.js';
import { onRunEvents } from '../training/run/runEvents.js';
import { acquireWorkspaceLock } from './lock.js';
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
  private releaseLock: (() => void) | null = null;
  /** Unsubscribes from the open workspace's run events (training jobs emit them per workspace). */
  private offRunEvents: (() => void) | null = null;
  private readonly listeners = new Set<Listener>();
  /** Workspace switches run one after another, so two quick `open()` calls cannot leak a handle. */
  private switching: Promise<unknown> = Promise.resolve();

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
    if (!this.ws) this.attach(this.openAtStart());
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
  open(path: string): Promise<WorkspaceInfo> {
    const run = this.switching.then(() => this.switchTo(path));
    this.switching = run.catch(() => undefined);
    return run;
  }

  /** Stops jobs and closes the database; the owner calls this on quit. */
  async dispose(opts: RunnerDisposeOptions = {}): Promise<void> {
    await this.switching;
    await this.closeCurrent(opts);
    this.listeners.clear();
  }

  private async switchTo(path: string): Promise<WorkspaceInfo> {
    const abs = resolve(path);
    if (this.ws?.path === abs) return this.info();
    const next = Workspace.open(abs); // throws before anything is closed if the folder is bad
    let release: () => void;
    try {
      release = acquireWorkspaceLock(abs);
    } catch (err) {
      next.close();
      throw err;
    }
    await this.closeCurrent();
    this.attach(next, release);
    const info = this.info();
    this.emit('workspace:changed', info);
    return info;
  }

  /**
   * The last workspace when it still exists and opens, else the default one: a moved, damaged or
   * newer-version last workspace must not stop the app from starting (it stays in the recent list).
   */
  private openAtStart(): Workspace {
    const last = this.settings.lastWorkspace;
    const fallback = resolve(this.settings.defaultWorkspace);
    if (last && resolve(last) !== fallback && existsSync(last)) {
      try {
        return this.lockAndOpen(last);
      } catch (err) {
        console.warn(`Could not reopen the last workspace (${(err as Error).message}); opening the default workspace instead`);
      }
    }
    return this.lockAndOpen(fallback);
  }

  private lockAndOpen(path: string): Workspace {
    const ws = Workspace.open(path);
    try {
      this.releaseLock = acquireWorkspaceLock(ws.path);
    } catch (err) {
      ws.close();
      throw err;
    }
    return ws;
  }

  private attach(ws: Workspace, release?: () => void): void {
    if (release) this.releaseLock = release;
    this.ws = ws;
    this.offRunEvents = onRunEvents(ws, (event, payload) => this.emit(event, payload));
    this.runner = new JobRunner(ws, {
      jobChanged: (job) => this.emit('jobs:changed', job),
      clipsChanged: (reason) => this.emit('clips:changed', { reason }),
    });
    this.settings.touch(ws.path);
  }

  private async closeCurrent(opts: RunnerDisposeOptions = {}): Promise<void> {
    const runner = this.runner;
    const ws = this.ws;
    // The workspace stays current (and open) until its job has stopped, so a call arriving
    // meanwhile is served by it instead of silently opening another one.
    if (runner) await runner.dispose(opts);
    this.offRunEvents?.();
    this.offRunEvents = null;
    if (this.ws === ws) {
      this.ws = null;
      this.runner = null;
    }
    ws?.close();
    const release = this.releaseLock;
    this.releaseLock = null;
    release?.();
  }
}
