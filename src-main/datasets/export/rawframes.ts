import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from '../../media/ffmpegPaths.js';
import type { ExportClip } from './exportData.js';
import { safeSegment } from './listPaths.js';

/** mmaction2's rawframe file names (1-based, 5 digits): `img_00001.jpg`. */
export const imgName = (i: number): string => `img_${String(i).padStart(5, '0')}.jpg`;
/** mmaction2's flow file names: `flow_x_00001.jpg`, `flow_y_00001.jpg` (x/y components as 8-bit JPEG). */
export const flowNames = (i: number): [string, string] => [`flow_x_${String(i).padStart(5, '0')}.jpg`, `flow_y_${String(i).padStart(5, '0')}.jpg`];

const DONE = '.mwb-frames';

/**
 * Frame folder of each clip relative to the rawframes root, `<class>/<clip name>` as mmaction2's
 * extraction scripts lay them out (`_<clip id>` appended when two clips would share a folder).
 */
export function rawframeDirs(clips: readonly ExportClip[]): Map<number, string> {
  const out = new Map<number, string>();
  const used = new Set<string>();
  for (const c of clips) {
    const base = `${safeSegment(c.label ?? 'unlabelled')}/${safeSegment(c.name.replace(/\.[^.]+$/, ''))}`;
    const dir = used.has(base.toLowerCase()) ? `${base}_${c.id}` : base;
    used.add(dir.toLowerCase());
    out.set(c.id, dir);
  }
  return out;
}

/**
 * Writes a clip's frames as `img_00001.jpg`... (ffmpeg `-qscale:v 2`, every decoded frame of the
 * trim, passthrough timing) into `dir`; returns the number of frames. Goes through `<dir>.part` and
 * leaves a marker, so a finished folder is reused on the next run and an aborted one never counts.
 */
export async function writeRawframes(clip: ExportClip, dir: string, opts: { shortSide?: number; signal?: AbortSignal }): Promise<number> {
  const marker = join(dir, DONE);
  if (existsSync(marker)) return Number(readFileSync(marker, 'utf8'));
  const part = `${dir}.part`;
  rmSync(part, { recursive: true, force: true });
  mkdirSync(part, { recursive: true });
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error'];
  if (clip.start > 0) args.push('-ss', clip.start.toFixed(6));
  if (clip.end != null) args.push('-t', (clip.end - clip.start).toFixed(6));
  args.push('-i', clip.path, '-map', '0:v:0', '-an', '-sn', '-dn', '-fps_mode', 'passthrough');
  const s = opts.shortSide;
  if (s) args.push('-vf', `scale=w='if(lt(iw\\,ih)\\,${s}\\,-2)':h='if(lt(iw\\,ih)\\,-2\\,${s})'`);
  args.push('-qscale:v', '2', '-start_number', '1', join(part, 'img_%05d.jpg'));
  try {
    await run(args, clip.path, opts.signal);
    const n = readdirSync(part).filter((f) => /^img_\d{5}\.jpg$/.test(f)).length;
    if (!n) throw new Error(`Cannot write frames of ${clip.path}: ffmpeg decoded no frames${clip.start || clip.end != null ? ` between ${clip.start} s and ${clip.end ?? 'the end'}` : ''}`);
    writeFileSync(join(part, DONE), String(n));
    rmSync(dir, { recursive: true, force: true });
    renameSync(part, dir);
    return n;
  } catch (err) {
    rmSync(part, { recursive: true, force: true });
    throw err;
  }
}

function run(args: string[], file: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const child = spawn(requireBinary('ffmpeg'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-2048); });
    const onAbort = (): void => { child.kill('SIGKILL'); };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (e) => reject(new Error(`Cannot write frames of ${file}: could not start ffmpeg (${e.message})`)));
    child.once('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      const line = stderr.trim().split('\n').pop()?.replace(`${file}: `, '') ?? '';
      if (signal?.aborted) reject(signal.reason);
      else if (code !== 0) reject(new Error(`Cannot write frames of ${file}: ${line || `ffmpeg exited with code ${code}`}`));
      else resolve();
    });
  });
}

/** Runs `fn` over items with at most `limit` at once, in order of start; rejects on the first failure. */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
