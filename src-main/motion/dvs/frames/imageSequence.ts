import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { requireBinary } from '../../../media/ffmpegPaths.js';
import type { EventFrame } from './registry.js';

/** Image formats the frame folder can hold (via ffmpeg's image2 muxer). */
export type ImageFormat = 'png' | 'jpg';

/**
 * Writes uint8 frames as numbered pictures `frame_000000.png`, ... through one ffmpeg process
 * (rawvideo on stdin -> image2), with back-pressure. Frames of shape 1 x H x W become grey images
 * (0/1 binary values are scaled to 0/255), H x W x 3 become RGB. Aborting kills ffmpeg.
 */
export class ImageSequenceWriter {
  private child: ReturnType<typeof spawn> | null = null;
  private exited: Promise<{ code: number | null; stderr: string }> | null = null;
  private kind = '';
  count = 0;

  constructor(readonly dir: string, readonly format: ImageFormat, private readonly signal?: AbortSignal) {}

  /** Pixel layout of a frame for ffmpeg, or an error telling the user to pick .npy. */
  static pixFmt(f: Pick<EventFrame, 'dtype' | 'shape'>): { pixFmt: 'gray' | 'rgb24'; width: number; height: number } {
    const s = f.shape;
    if (f.dtype === 'u1' && s.length === 3 && s[0] === 1) return { pixFmt: 'gray', width: s[2]!, height: s[1]! };
    if (f.dtype === 'u1' && s.length === 3 && s[2] === 3) return { pixFmt: 'rgb24', width: s[1]!, height: s[0]! };
    throw new Error(`Frames of ${f.dtype} ${s.join(' x ')} cannot be saved as pictures: use --format npy`);
  }

  /** Sends one frame to ffmpeg (starting it at the first frame). */
  async write(f: EventFrame): Promise<void> {
    const { pixFmt, width, height } = ImageSequenceWriter.pixFmt(f);
    if (!this.child) this.start(pixFmt, width, height);
    else if (this.kind !== `${pixFmt}:${width}x${height}`) throw new Error(`Frame ${f.index} changes the picture format`);
    let bytes = new Uint8Array(f.data.buffer, f.data.byteOffset, f.data.byteLength);
    if (pixFmt === 'gray' && bytes.every((v) => v <= 1)) bytes = bytes.map((v) => v * 255);
    const stdin = this.child!.stdin!;
    const child = this.child!;
    if (!stdin.write(bytes)) await new Promise<void>((resolve) => {
      const done = (): void => { stdin.off('drain', done); child.off('close', done); resolve(); };
      stdin.once('drain', done);
      child.once('close', done); // ffmpeg died: close() reports why
    });
    this.count++;
  }

  /** Ends ffmpeg's input and waits; a failure names the folder and ffmpeg's last message. */
  async close(): Promise<void> {
    if (!this.child) return;
    this.child.stdin!.end();
    const { code, stderr } = await this.exited!;
    this.signal?.throwIfAborted();
    if (code !== 0) throw new Error(`Could not write pictures to ${this.dir}: ${stderr.trim().split('\n').pop() ?? `ffmpeg exited with ${code}`}`);
  }

  private start(pixFmt: string, width: number, height: number): void {
    this.kind = `${pixFmt}:${width}x${height}`;
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', pixFmt, '-s', `${width}x${height}`,
      '-framerate', '1', '-i', 'pipe:0', '-start_number', '0', ...(this.format === 'jpg' ? ['-q:v', '2'] : []),
      '-f', 'image2', '-y', join(this.dir, `frame_%06d.${this.format}`)];
    const child = spawn(requireBinary('ffmpeg'), args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-4096); });
    child.stdin!.on('error', () => undefined); // EPIPE when ffmpeg dies: reported by close()
    this.exited = new Promise((resolve) => {
      child.once('close', (code) => resolve({ code, stderr }));
      child.once('error', (err) => resolve({ code: -1, stderr: `could not start ffmpeg (${err.message})` }));
    });
    const kill = (): void => { child.kill('SIGKILL'); };
    this.signal?.addEventListener('abort', kill, { once: true });
    void this.exited.then(() => this.signal?.removeEventListener('abort', kill));
    this.child = child;
  }
}
