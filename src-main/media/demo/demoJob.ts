import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { registerJobKind, type JobContext } from '../../jobs/registry.js';
import { WorkerPool } from '../../jobs/workerPool.js';
import { DEMO_CLASSES } from './classes.js';
import { encodeRgbFrames } from './encode.js';
import type { ClipSpec } from './render.js';

/** Spec of a `demo.generate` job: where the clips go and what they look like. */
export const demoSpecSchema = z.object({
  mediaDir: z.string().min(1, 'mediaDir: choose a folder for the demo videos'),
  clipsPerClass: z.number().int().min(1).max(100).default(12),
  seed: z.number().int().default(1),
  size: z.number().int().min(16).max(512).default(112)
    .refine((n) => n % 2 === 0, 'size must be even (H.264 yuv420p needs even width and height)'),
  seconds: z.number().min(0.5).max(10).default(2),
  fps: z.number().int().min(5).max(60).default(25),
});

/** A validated demo spec (defaults filled in). */
export type DemoSpec = z.infer<typeof demoSpecSchema>;

/** What a finished demo job reports. */
export interface DemoJobResult {
  clips: number;
  classes: string[];
  /** The `media.probe` job queued to make thumbnails. */
  probeJobId: number;
}

/** One clip to make: its class, index, name and file. */
interface PlannedClip {
  classIndex: number;
  clipIndex: number;
  className: string;
  name: string;
  path: string;
}

/** Every clip of a spec in a fixed order: `<mediaDir>/<class>/<class>_<NN>.mp4`, NN from 01. */
export function planDemoClips(spec: DemoSpec): PlannedClip[] {
  const dir = resolve(spec.mediaDir);
  const digits = Math.max(2, String(spec.clipsPerClass).length);
  return DEMO_CLASSES.flatMap((cls, classIndex) => Array.from({ length: spec.clipsPerClass }, (_, clipIndex) => {
    const name = `${cls.name}_${String(clipIndex + 1).padStart(digits, '0')}`;
    return { classIndex, clipIndex, className: cls.name, name, path: join(dir, cls.name, `${name}.mp4`) };
  }));
}

/** How often (in clips) the clip grid is told to refresh while generating. */
const NOTIFY_EVERY = 4;

/**
 * `demo.generate`: renders the synthetic motion-actions dataset (frames drawn in a worker thread,
 * encoded by ffmpeg), labels every clip with its class, then queues `media.probe` for thumbnails.
 * Rendering the next clip overlaps encoding the current one (two cores). Deterministic for a seed;
 * resumable: a clip whose file and media row both exist is not made again.
 */
export const demoJob = registerJobKind<DemoSpec>({
  id: 'demo.generate',
  schema: demoSpecSchema,
  resumable: true,
  describe: (s) => `Generate demo dataset (${s.clipsPerClass} clips x ${DEMO_CLASSES.length} classes)`,
  async run(ctx): Promise<DemoJobResult> {
    const { spec, workspace: ws } = ctx;
    const plan = planDemoClips(spec);
    const frames = Math.max(2, Math.round(spec.seconds * spec.fps));
    const todo = plan.map((c) => !(existsSync(c.path) && ws.media.byPath(c.path)));
    // Aborted on cancel, or when one clip fails, so a render started ahead never outlives the job.
    const local = new AbortController();
    const onAbort = (): void => local.abort(ctx.signal.reason);
    // One long-lived render thread: starting a thread per clip (tsx loader) cost more than a render.
    const pool = new WorkerPool({ size: 1 });
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const render = (i: number): Promise<Uint8Array> | null => {
      const c = plan[i];
      if (!c || !todo[i]) return null;
      const input: ClipSpec = { size: spec.size, frames, seed: spec.seed, classIndex: c.classIndex, clipIndex: c.clipIndex };
      const p = pool.run<ClipSpec, Uint8Array>('media/demo/renderWorker.ts', input, { signal: local.signal });
      p.catch(() => undefined); // awaited below; this only keeps an early rejection from being unhandled
      return p;
    };
    try {
      let next = render(0);
      for (let i = 0; i < plan.length; i++) {
        ctx.signal.throwIfAborted();
        const c = plan[i]!;
        ctx.progress({ phase: 'render', done: i, total: plan.length, message: c.name });
        const pending = next;
        next = render(i + 1);
        if (pending) {
          mkdirSync(dirname(c.path), { recursive: true });
          const rgb = await pending.catch((err: unknown) => {
            if (local.signal.aborted) throw err;
            throw new Error(`Could not render demo clip ${c.name}: ${(err as Error).message}`, { cause: err });
          });
          await encodeRgbFrames(rgb, { width: spec.size, height: spec.size, fps: spec.fps }, c.path, local.signal);
        }
        record(ctx, c);
        if ((i + 1) % NOTIFY_EVERY === 0) ctx.notifyClipsChanged('demo');
      }
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      if (!local.signal.aborted) local.abort(new Error('demo job ended'));
      await pool.dispose();
    }
    ctx.progress({ phase: 'render', done: plan.length, total: plan.length, message: 'done' });
    ctx.notifyClipsChanged('demo');
    const probeJobId = ctx.enqueue('media.probe', {});
    return { clips: plan.length, classes: DEMO_CLASSES.map((c) => c.name), probeJobId };
  },
});

/** Adds the clip's class, media row and labelled clip row (idempotent, one transaction). */
function record(ctx: JobContext<DemoSpec>, c: PlannedClip): void {
  const ws = ctx.workspace;
  ws.db.transaction(() => {
    const classId = ws.classes.ensure(c.className);
    const mediaId = ws.media.upsert(c.path);
    ws.clips.upsert({ mediaId, name: c.name, classId });
  })();
}
