import type { FfmpegCommand } from 'fluent-ffmpeg';
import { configureFluentFfmpeg } from './ffmpegPaths.js';

/** Options of {@link runFfmpeg}. */
export interface RunFfmpegOptions {
  /** Aborting kills the ffmpeg child (SIGKILL) and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called with the child's pid once it is spawned (tests use it to check it is gone). */
  onSpawn?: (pid: number) => void;
}

/**
 * Runs a prepared fluent-ffmpeg command to completion so that every caller gets the same
 * cancellation: on abort the child is killed with SIGKILL (even if abort comes before it has
 * spawned) and the promise rejects with `signal.reason` only after the process has exited, so
 * nothing is left running when the caller moves on.
 */
export function runFfmpeg(command: FfmpegCommand, opts: RunFfmpegOptions = {}): Promise<void> {
  configureFluentFfmpeg();
  const { signal } = opts;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let aborted = false;
    let settled = false;
    let safety: NodeJS.Timeout | null = null;
    const proc = (): { pid?: number } | undefined => (command as unknown as { ffmpegProc?: { pid?: number } }).ffmpegProc;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (safety) clearTimeout(safety);
      fn();
    };
    const onAbort = (): void => {
      aborted = true;
      if (proc()) command.kill('SIGKILL');
      // If the exit event never comes (it always should), do not hang the caller.
      safety = setTimeout(() => finish(() => reject(signal!.reason)), 5_000);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    command
      .on('start', () => {
        const pid = proc()?.pid;
        if (pid !== undefined) opts.onSpawn?.(pid);
        if (aborted) command.kill('SIGKILL');
      })
      .on('end', () => finish(() => (aborted ? reject(signal!.reason) : resolve())))
      .on('error', (err: Error) => finish(() => reject(aborted ? signal!.reason : err)));
    command.run();
  });
}

/**
 * The line of an ffmpeg/ffprobe error worth showing a user: the last non-empty stderr line, without
 * fluent-ffmpeg's "ffmpeg exited with code N:" wrapper or the "<file>: " prefix ffmpeg puts before
 * per-file errors (the caller names the file itself). A demuxer/decoder detail printed just before
 * it ("[mov,mp4,... @ 0x...] moov atom not found") is kept in parentheses: it often says why.
 */
export function ffmpegErrorLine(err: unknown, file?: string): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split(/\r?\n/).map((l) => l.trim().replace(/^ff(mpeg|probe) exited with code \d+:?\s*/, ''))
    .filter(Boolean);
  const component = /^\[[^\]]*@ ?0x[0-9a-f]+\]\s*/i;
  let line = (lines.pop() ?? text).replace(component, '');
  if (file && line.startsWith(`${file}: `)) line = line.slice(file.length + 2);
  const before = lines.pop();
  const detail = before && component.test(before) ? before.replace(component, '') : '';
  return (detail && detail !== line ? `${line} (${detail})` : line) || text;
}
