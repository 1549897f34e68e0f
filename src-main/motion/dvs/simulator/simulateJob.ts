import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { registerJobKind } from '../../../jobs/registry.js';
import { WorkerPool } from '../../../jobs/workerPool.js';
import { parseSimParams } from './models.js';
import type { SimulateResult } from './simulate.js';
import type { SimulateTask } from './simulateWorker.js';
import './run.js';

/** Spec of an `events.simulate` job: which video, where the events go, which model and options. */
export const simulateJobSpecSchema = z.object({
  video: z.string().min(1, 'video: choose a video file'),
  /** Output event file: `.aedat4` or `.npy`. */
  out: z.string().regex(/\.(aedat4|npy)$/i, 'out: the event file must end in .aedat4 or .npy'),
  /** Model options, e.g. `{ model: 'v2e', thresholdOn: 0.3, seed: 1 }` (validated by the model's schema). */
  params: z.object({ model: z.string() }).passthrough().default({ model: 'v2e' }).superRefine((p, ctx) => {
    try {
      parseSimParams(p);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  }),
  width: z.number().int().min(1).max(65535).optional(),
  height: z.number().int().min(1).max(65535).optional(),
  compression: z.enum(['none', 'lz4']).default('none'),
});

/** A validated `events.simulate` spec. */
export type SimulateJobSpec = z.infer<typeof simulateJobSpecSchema>;

/**
 * `events.simulate`: video -> event file with a DVS model, in a worker thread (progress = source
 * frames done; cancel stops it and removes the partial output). Not resumable: a rerun starts over.
 */
export const simulateJob = registerJobKind<SimulateJobSpec>({
  id: 'events.simulate',
  schema: simulateJobSpecSchema,
  resumable: false,
  describe: (s) => `Simulate events (${s.params.model}) from ${s.video}`,
  async run(ctx): Promise<SimulateResult> {
    const { spec, signal } = ctx;
    const out = resolve(spec.out);
    await mkdir(dirname(out), { recursive: true });
    const task: SimulateTask = {
      video: resolve(spec.video), out,
      opts: { params: parseSimParams(spec.params), width: spec.width, height: spec.height, compression: spec.compression },
    };
    const pool = new WorkerPool({ size: 1 });
    try {
      return await pool.run<SimulateTask, SimulateResult>('motion/dvs/simulator/simulateWorker.ts', task, {
        signal, onProgress: (p) => ctx.progress(p),
      });
    } finally {
      await pool.dispose();
    }
  },
});
