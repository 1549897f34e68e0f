/**
 * Parent side of the training process: forks it (its own V8 heap, so a native crash or an
 * out-of-memory kill takes down only that process), sends it one job, yields its messages, and
 * turns an unexpected exit into an error naming the exit code or signal. Cancel asks the child to
 * stop between batches and SIGKILLs it after a grace period. Dispose always ends the process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { SRC_MAIN_DIR } from '../../paths.js';
import type { FromTrainer, ToTrainer } from './protocol.js';

/** Options: heap size of the child (MiB; default half the memory, 1-8 GiB), grace period before SIGKILL after a cancel, extra env. */
export interface TrainerHostOptions {
  maxOldSpaceMb?: number;
  cancelGraceMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Raised when the training process ends without a final message (crash, kill, out of memory). */
export class TrainerExitError extends Error {
  constructor(readonly code: number | null, readonly signal: NodeJS.Signals | null, stderrTail: string) {
    const how = signal ? `was killed by signal ${signal}${signal === 'SIGKILL' ? ' (possibly out of memory)' : ''}` : `exited with code ${code}`;
    super(`The training process ${how} before finishing${stderrTail ? `: ${stderrTail}` : ''}`);
    this.name = 'TrainerExitError';
  }
}

/** Half the machine's memory, between 1 and 8 GiB: room for batches while the parent and the OS keep theirs. */
function defaultHeapMb(): number {
  return Math.max(1024, Math.min(8192, Math.floor(totalmem() / 2 ** 21)));
}

const FINAL = new Set<FromTrainer['type']>(['done', 'evaluated', 'error', 'cancelled']);

/** One training process; iterate `messages()` after `start()`; always `dispose()`. */
export class TrainerHost {
  private child: ChildProcess | null = null;
  private queue: FromTrainer[] = [];
  private wake: (() => void) | null = null;
  private exit: TrainerExitError | null = null;
  private exited = false;
  private finished = false;
  private stderr = '';
  private killTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: TrainerHostOptions = {}) {}

  /** Forks the training process and sends it `msg`. */
  start(msg: ToTrainer): void {
    if (this.child) throw new Error('This trainer host already started a process');
    const child = fork(join(SRC_MAIN_DIR, 'training', 'trainer', 'trainerBootstrap.mjs'), [join(SRC_MAIN_DIR, 'training', 'trainer', 'trainerProcess.ts')], {
      execArgv: [`--max-old-space-size=${this.opts.maxOldSpaceMb ?? defaultHeapMb()}`],
      env: { ...process.env, ...this.opts.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    child.stderr?.on('data', (b: Buffer) => { this.stderr = (this.stderr + b.toString()).slice(-4000); });
    child.on('message', (m: FromTrainer) => {
      if (FINAL.has(m.type)) this.finished = true;
      this.push(m);
    });
    child.on('error', (err) => { this.exit ??= new TrainerExitError(null, null, err.message); this.wakeUp(); });
    // 'close' (not 'exit'): by then every IPC message and stderr byte has arrived.
    child.on('close', (code, signal) => {
      this.exited = true;
      if (this.killTimer) clearTimeout(this.killTimer);
      if (!this.finished) this.exit ??= new TrainerExitError(code, signal, this.lastError());
      this.wakeUp();
    });
    child.send(msg);
  }

  /** The child's messages until its final one; throws TrainerExitError when it dies without one. */
  async *messages(): AsyncGenerator<FromTrainer> {
    for (;;) {
      const m = this.queue.shift();
      if (m) {
        yield m;
        if (FINAL.has(m.type)) return;
        continue;
      }
      if (this.exit) throw this.exit;
      if (this.exited) return;
      await new Promise<void>((r) => { this.wake = r; });
    }
  }

  /** Asks the child to stop between batches; SIGKILLs it if it has not exited after the grace period. */
  cancel(): void {
    const child = this.child;
    if (!child || this.exited) return;
    if (child.connected) child.send({ type: 'cancel' } satisfies ToTrainer, () => undefined);
    this.killTimer ??= setTimeout(() => {
      if (!this.exited) {
        this.finished = true; // a forced stop after cancel is the cancel, not a crash
        this.push({ type: 'cancelled' });
        child.kill('SIGKILL');
      }
    }, this.opts.cancelGraceMs ?? 5000);
  }

  /** Process id of the child (tests check it is gone after dispose). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Ends the child if it still runs and waits for it to exit. */
  async dispose(): Promise<void> {
    const child = this.child;
    if (this.killTimer) clearTimeout(this.killTimer);
    if (!child || this.exited) return;
    const gone = new Promise<void>((r) => child.once('close', () => r()));
    this.finished = true;
    child.kill('SIGKILL');
    await gone;
  }

  private push(m: FromTrainer): void {
    this.queue.push(m);
    this.wakeUp();
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** The last meaningful stderr line (a native crash or V8's out-of-memory message). */
  private lastError(): string {
    const lines = this.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
    const oom = lines.find((l) => /heap out of memory|Allocation failed/i.test(l));
    return (oom ?? lines.at(-1) ?? '').slice(0, 300);
  }
}
