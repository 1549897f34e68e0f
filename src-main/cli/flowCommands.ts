import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { WorkerPool } from '../jobs/workerPool.js';
import { flowMethodIds } from '../motion/flow/methods.js';
import { flowConfigSchema, flowStorageSchema } from '../motion/flow/params.js';
import { computeVideoFlow } from '../motion/flow/videoFlow.js';
import { intOption, numberOption } from './options.js';

/** Parses `--size`: `224` (square) or `320x240` (width x height). */
export function sizeOption(value: string): { width: number; height: number } {
  const m = /^(\d+)(?:x(\d+))?$/i.exec(value.trim());
  const width = m ? Number(m[1]) : NaN, height = m ? Number(m[2] ?? m[1]) : NaN;
  if (!(width >= 8 && height >= 8 && width <= 4096 && height <= 4096)) throw new InvalidArgumentError(`"${value}" is not a size: use N (square) or WxH, 8..4096 px`);
  return { width, height };
}

/** Parses `--params` as a JSON object of method parameters. */
function jsonObjectOption(value: string): Record<string, unknown> {
  try {
    const v = JSON.parse(value) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch { /* reported below */ }
  throw new InvalidArgumentError(`"${value}" is not a JSON object, e.g. '{"winsize":15}'`);
}

interface FlowOpts {
  method: string; out: string; size: { width: number; height: number }; resize: 'stretch' | 'cover';
  params: Record<string, unknown>; dtype: 'f4' | 'f2' | 'u1'; bound: number; threads?: number; json?: boolean;
}

/** `mwb flow <video>`: optical flow of every frame pair into one .npy ((N-1) x H x W x 2). */
async function flowCommand(video: string, opts: FlowOpts): Promise<void> {
  const parsed = flowConfigSchema.safeParse({ method: opts.method, params: opts.params });
  if (!parsed.success) throw new Error(`Invalid --method/--params: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`);
  const storage = flowStorageSchema.parse(opts.dtype === 'u1' ? { dtype: 'u1', bound: opts.bound } : { dtype: opts.dtype });
  const abort = new AbortController();
  const onSignal = (): void => abort.abort(new Error('Interrupted'));
  process.once('SIGINT', onSignal);
  const pool = new WorkerPool({ size: opts.threads });
  const started = Date.now();
  let lastLine = started;
  try {
    const out = resolve(opts.out);
    const result = await computeVideoFlow({
      path: resolve(video), ...opts.size, resize: opts.resize, config: parsed.data, storage, outPath: out, pool, signal: abort.signal,
      onProgress: (pairs) => {
        if (Date.now() - lastLine < 1000) return;
        lastLine = Date.now();
        process.stderr.write(`flow: ${pairs} frame pairs\n`);
      },
    });
    const seconds = (Date.now() - started) / 1000;
    const summary = { out, method: parsed.data.method, params: parsed.data.params, shape: result.shape, dtype: storage.dtype, seconds, pairsPerSecond: result.pairs / seconds };
    if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else process.stdout.write(`Wrote ${out}: ${result.shape.join(' x ')} ${storage.dtype} (${parsed.data.method}, ${summary.pairsPerSecond.toFixed(1)} pairs/s)\n`);
  } finally {
    process.off('SIGINT', onSignal);
    await pool.dispose();
  }
}

/** `mwb flow`: the optical-flow commands. */
export function registerFlowCommands(program: Command): void {
  program.command('flow')
    .description('optical flow of every consecutive frame pair of a video, as a NumPy .npy of (N-1) x H x W x 2 (u, v in pixels per frame)')
    .argument('<video>', 'video file')
    .addOption(new Option('--method <id>', 'flow method').choices(flowMethodIds()).default('farneback'))
    .requiredOption('--out <file.npy>', 'output .npy file')
    .addOption(new Option('--size <n|WxH>', 'frame size the flow is computed at').argParser(sizeOption).default({ width: 224, height: 224 }, '224'))
    .addOption(new Option('--resize <mode>', 'stretch to the size, or cover (scale the short side, centre-crop)').choices(['stretch', 'cover']).default('stretch'))
    .option('--params <json>', 'method parameters as JSON, e.g. \'{"winsize":15}\' (defaults: S001 Farneback, OpenCV TV-L1)', jsonObjectOption, {})
    .addOption(new Option('--dtype <dtype>', 'stored values: float32, float16, or uint8 over [-bound, bound]').choices(['f4', 'f2', 'u1']).default('f4'))
    .option('--bound <px>', 'uint8 range in pixels per frame (with --dtype u1)', numberOption, 20)
    .option('--threads <n>', 'worker threads (default: one per core)', intOption)
    .option('--json', 'print a JSON summary')
    .action(flowCommand);
}
