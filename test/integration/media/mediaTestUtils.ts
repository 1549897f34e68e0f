import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from '../../../src-main/media/ffmpegPaths.js';

const made: string[] = [];

/** A fresh temp folder; `cleanTempDirs()` removes all made so far. */
export function tempDir(prefix = 'mwb-media-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the folders made by `tempDir` (afterAll/afterEach). */
export function cleanTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Runs the ffmpeg in use synchronously (test set-up only); throws with its stderr on failure. */
export function ffmpegSync(args: string[]): Buffer {
  const r = spawnSync(requireBinary('ffmpeg'), ['-v', 'error', '-y', ...args], { maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${r.stderr?.toString()}`);
  return r.stdout;
}

/** Decodes a video to raw frames (rgb24 or gray bytes, frames x H x W [x 3]); ffmpeg auto-rotates. */
export function decodeRaw(path: string, pixFmt: 'rgb24' | 'gray' = 'rgb24', extra: string[] = []): Uint8Array {
  return new Uint8Array(ffmpegSync(['-i', path, ...extra, '-f', 'rawvideo', '-pix_fmt', pixFmt, '-']));
}

/**
 * Pids of ffmpeg/ffprobe processes whose parent is this process (Linux `/proc`), so a test can
 * prove a cancelled command left nothing running. Returns [] where `/proc` does not exist.
 */
export function ffmpegChildren(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      if (ppid === process.pid && /ffmpeg|ffprobe/.test(comm)) pids.push(Number(e));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** True while a process with this pid exists (zombies included). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Width and height of a JPEG from its SOF marker; throws if the bytes are not a JPEG. */
export function jpegSize(bytes: Buffer): { width: number; height: number } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG (no SOI marker)');
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) throw new Error(`bad JPEG marker at ${i}`);
    const marker = bytes[i + 1]!;
    const len = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  throw new Error('JPEG without a frame header');
}
