import { spawn } from 'node:child_process';
import { requireBinary } from './ffmpegPaths.js';

/** Options of {@link decodeFrames}; `width`/`height` are the output size in pixels. */
export interface DecodeOptions {
  width: number;
  height: number;
  pixFmt: 'gray' | 'rgb24';
  /**
   * 'stretch' scales to width x height ignoring aspect; 'cover' scales the short side to fit, then
   * centre-crops. Both work on stored pixels (sample aspect ratio ignored). Default 'stretch'.
   */
  resize?: 'stretch' | 'cover';
  /** Seconds from the start of the file to begin decoding (input seek, frame accurate). */
  start?: number;
  /** Seconds of video to decode from `start`. */
  duration?: number;
  signal?: AbortSignal;
  /**
   * Only these 0-based frame numbers (counted by ffmpeg's decoder after `start`, in presentation
   * order, as the `select` filter's `n`), ascending; frames are yielded in that order. Decoding
   * still reads the file up to the last one, but only the selected frames are scaled and copied.
   */
  frames?: readonly number[];
  /**
   * With 'cover': cover a box `scale` times the output size, then crop at fractions `fx`, `fy`
   * (0 = left/top, 1 = right/bottom) of the slack; default `{scale: 1, fx: 0.5, fy: 0.5}` (centre crop).
   */
  crop?: { scale: number; fx: number; fy: number };
  /** ffmpeg decoder threads; default 0 (ffmpeg decides). A pool running one ffmpeg per core passes 1. */
  threads?: number;
}

/** Bytes of one output frame: height x width x (1 for gray | 3 for rgb24). */
export function frameBytes(opts: Pick<DecodeOptions, 'width' | 'height' | 'pixFmt'>): number {
  return opts.width * opts.height * (opts.pixFmt === 'gray' ? 1 : 3);
}

/** The ffmpeg -vf chain that turns a decoded frame into the requested size (and selection). */
export function decodeFilter(opts: DecodeOptions): string {
  const { width: w, height: h } = opts;
  const parts: string[] = [];
  if (opts.frames) parts.push(selectExpr(opts.frames));
  if (opts.resize === 'cover') {
    const c = opts.crop ?? { scale: 1, fx: 0.5, fy: 0.5 };
    const [sw, sh] = [Math.max(w, Math.round(w * c.scale)), Math.max(h, Math.round(h * c.scale))];
    // Cover sw x sh in stored pixels (a = iw/ih; the sample aspect is ignored, as OpenCV, decord and
    // mmaction2 do), then crop w x h.
    parts.push(`scale=w='if(gt(a\\,${sw}/${sh})\\,ceil(${sh}*a)\\,${sw})':h='if(gt(a\\,${sw}/${sh})\\,${sh}\\,ceil(${sw}/a))'`,
      `crop=${w}:${h}:x='floor((in_w-${w})*${c.fx.toFixed(6)})':y='floor((in_h-${h})*${c.fy.toFixed(6)})'`);
  } else {
    parts.push(`scale=${w}:${h}`);
  }
  parts.push('setsar=1');
  return parts.join(',');
}

/** `select` expression keeping frame numbers `idx` (ascending); ranges collapse to between(). */
export function selectExpr(idx: readonly number[]): string {
  const terms: string[] = [];
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j]! + 1) j++;
    terms.push(i === j ? `eq(n\\,${idx[i]})` : `between(n\\,${idx[i]}\\,${idx[j]})`);
    i = j + 1;
  }
  return `select='${terms.length ? terms.join('+') : '0'}'`;
}

/** The full ffmpeg argument list of {@link decodeFrames} (exported for tests and the benchmark). */
export function decodeArgs(path: string, opts: DecodeOptions): string[] {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-threads', String(opts.threads ?? 0)];
  if (opts.start !== undefined && opts.start > 0) args.push('-ss', opts.start.toFixed(6));
  if (opts.duration !== undefined) args.push('-t', opts.duration.toFixed(6));
  args.push('-i', path, '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', decodeFilter(opts),
    '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', opts.pixFmt, 'pipe:1');
  return args;
}

/** One decoded frame with its presentation time (seconds on the media's timeline, as ffmpeg decoded it). */
export interface TimedFrame {
  frame: Uint8Array;
  /** Seconds from the media start: ffmpeg's output pts (after its start-time shift) + `start`. */
  pts: number;
}

/**
 * Every decoded frame of `path` in presentation order, each a Uint8Array of height*width*(1|3) bytes.
 * Streams frame by frame from an ffmpeg child writing rawvideo to a pipe (never the whole video in
 * memory); ffmpeg is killed when `signal` aborts (the iterator then throws `signal.reason`) or when
 * the consumer stops early. Failures throw an Error naming the file with ffmpeg's last stderr line.
 */
export async function* decodeFrames(path: string, opts: DecodeOptions): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const f of decode(path, opts, false)) yield f.frame;
}

/**
 * Like {@link decodeFrames}, plus each frame's timestamp as ffmpeg's own `showinfo` reports it, so
 * sampling records the times ffmpeg really decoded (edit lists, variable frame rate) rather than
 * index / fps.
 */
export function decodeFramesTimed(path: string, opts: DecodeOptions): AsyncGenerator<TimedFrame, void, undefined> {
  return decode(path, opts, true);
}

const SHOWINFO = /Parsed_showinfo.*?\bn:\s*(\d+)\s+pts:\s*(\S+)\s+pts_time:(\S+)/;
const TIME_BASE = /Parsed_showinfo.*config in time_base:\s*(\d+)\/(\d+)/;

async function* decode(path: string, opts: DecodeOptions, timed: boolean): AsyncGenerator<TimedFrame, void, undefined> {
  const { signal } = opts;
  signal?.throwIfAborted();
  if (!(opts.width > 0 && opts.height > 0)) throw new Error(`Cannot decode ${path}: output size ${opts.width}x${opts.height} is not positive`);
  if (opts.frames?.length === 0) return;
  const size = frameBytes(opts);
  const args = decodeArgs(path, opts);
  if (timed) {
    args[args.indexOf('-loglevel') + 1] = 'info';
    args[args.indexOf('-vf') + 1] += ',showinfo';
  }
  const child = spawn(requireBinary('ffmpeg'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const offset = opts.start && opts.start > 0 ? opts.start : 0;
  const times: number[] = [];
  let stderrDone = false;
  let wake: (() => void) | null = null;
  let stderr = '';
  let partial = '';
  let timeBase = 0; // seconds per pts tick; pts_time is printed with only 6 significant digits
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr = (stderr + d).slice(-4096);
    if (!timed) return;
    const lines = (partial + d).split(/\r?\n/);
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = SHOWINFO.exec(line);
      const tb = m ? null : TIME_BASE.exec(line);
      if (tb && Number(tb[2]) > 0) timeBase = Number(tb[1]) / Number(tb[2]);
      if (m) times[Number(m[1])] = offset + (timeBase > 0 && /^-?\d+$/.test(m[2]!) ? Number(m[2]) * timeBase : Number(m[3]));
    }
    wake?.();
  });
  child.stderr.on('end', () => { stderrDone = true; wake?.(); });
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('close', (code) => resolve({ code }));
    child.once('error', (error) => resolve({ code: null, error }));
  });
  const kill = (): void => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  signal?.addEventListener('abort', kill, { once: true });
  /** showinfo's line for frame k is written before the frame reaches stdout, but may be read after it. */
  // If an ffmpeg build words showinfo differently, stop waiting (NaN times) rather than stall the pipe.
  let unparsed = false;
  const timeOf = async (k: number): Promise<number> => {
    while (timed && !unparsed && times[k] === undefined && !stderrDone) {
      const arrived = await new Promise<boolean>((r) => {
        const t = setTimeout(() => r(false), 2000);
        wake = () => { clearTimeout(t); r(true); };
      });
      if (!arrived) unparsed = true;
    }
    wake = null;
    return times[k] ?? NaN;
  };
  try {
    let frame = new Uint8Array(size);
    let filled = 0;
    let k = 0;
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let off = 0;
      while (off < chunk.length) {
        const n = Math.min(size - filled, chunk.length - off);
        frame.set(chunk.subarray(off, off + n), filled);
        filled += n;
        off += n;
        if (filled === size) {
          const pts = await timeOf(k++);
          signal?.throwIfAborted();
          yield { frame, pts };
          frame = new Uint8Array(size);
          filled = 0;
        }
      }
    }
    const { code, error } = await exited;
    signal?.throwIfAborted();
    if (error) throw new Error(`Cannot decode ${path}: could not start ffmpeg (${error.message})`);
    if (code !== 0) throw new Error(`Cannot decode ${path}: ${lastLine(stderr, path) || `ffmpeg exited with code ${code}`}`);
  } finally {
    signal?.removeEventListener('abort', kill);
    kill();
    await exited;
  }
}
function lastLine(text: string, file: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  let line = lines.pop() ?? '';
  while (/^Conversion failed!?$|^To ignore this/.test(line) && lines.length) line = lines.pop()!;
  if (/Stream map '0:v:0' matches no streams/.test(line)) return 'it has no video stream';
  line = line.replace(/^\[[^\]]*@ ?0x[0-9a-f]+\]\s*/i, '');
  return line.startsWith(`${file}: `) ? line.slice(file.length + 2) : line;
}

/**
 * Frames ffmpeg's decoder outputs for `path` (from `start` for `duration` seconds when given), by
 * decoding without scaling: the ground truth frame numbers are counted in, used when a container's
 * frame count is missing or wrong (edit lists, damaged files, trims).
 */
export async function countFrames(path: string, opts: { start?: number; duration?: number; signal?: AbortSignal } = {}): Promise<number> {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error'];
  if (opts.start !== undefined && opts.start > 0) args.push('-ss', opts.start.toFixed(6));
  if (opts.duration !== undefined) args.push('-t', opts.duration.toFixed(6));
  args.push('-i', path, '-map', '0:v:0', '-an', '-sn', '-dn', '-fps_mode', 'passthrough', '-f', 'null', '-', '-progress', 'pipe:1');
  const { stdout } = await runTool(path, args, opts.signal);
  const all = [...stdout.matchAll(/^frame=(\d+)$/gm)];
  return all.length ? Number(all[all.length - 1]![1]) : 0;
}

/** Runs ffmpeg to completion collecting stdout text; abort kills it; failure names the file. */
function runTool(path: string, args: string[], signal?: AbortSignal): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const child = spawn(requireBinary('ffmpeg'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-4096); });
    const onAbort = (): void => { child.kill('SIGKILL'); };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (err) => { signal?.removeEventListener('abort', onAbort); reject(new Error(`Cannot decode ${path}: could not start ffmpeg (${err.message})`)); });
    child.once('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason);
      else if (code !== 0) reject(new Error(`Cannot decode ${path}: ${lastLine(stderr, path) || `ffmpeg exited with code ${code}`}`));
      else resolve({ stdout });
    });
  });
}
