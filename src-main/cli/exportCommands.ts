import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { createWorkbench } from '../core.js';
import { EXPORT_FLOW_METHODS, FLOW_JPEG_BOUND, type ExportFlowMethod } from '../datasets/export/rawflow.js';
import { exportFormatIds } from '../datasets/export/registry.js';
import { runExport } from '../datasets/export/runExport.js';
import type { JobInfo } from '../ipc/contract.js';
import type { FramesJobResult } from '../media/framesJob.js';
import { RESIZE_MODES } from '../media/sampling/spec.js';
import { strategyIds } from '../media/sampling/strategies.js';
import { DB_FILE, Workspace } from '../workspace/workspace.js';
import { intOption, numberOption } from './options.js';
import '../datasets/export/formats.js';

interface ExportFlags { split?: string; out: string; workspace: string; rawframes?: boolean; root?: string; shortSide?: number; fold?: number; threads?: number;
  flow?: ExportFlowMethod; json?: boolean }
interface FramesFlags { strategy: string; n?: number; seconds?: number; k?: number; length?: number; position?: string; segments?: number;
  random?: boolean; size: number; height?: number; resize: string; seed: number; threads?: number; clips?: string; json?: boolean }

/** `mwb export <format>` and `mwb frames <workspace>`: dataset lists and the frame cache from the command line. */
export function registerExportCommands(program: Command): void {
  program.command('export')
    .description('write a split set as mmaction2 lists, UCF101-style lists or a CSV manifest')
    .addArgument(program.createArgument('<format>', 'export format').choices(exportFormatIds()))
    .option('--split <name>', 'split set to export (required except for csv)')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .requiredOption('--workspace <dir>', 'workspace folder')
    .option('--rawframes', 'mmaction2: also write JPEG frames (img_00001.jpg...) and rawframe lists')
    .option('--root <dir>', 'folder list paths are relative to (default: the media files\' common folder)')
    .option('--short-side <px>', 'rawframes: scale so the short side is this many pixels', intOption)
    .option('--fold <n>', 'ucf101: NN of trainlistNN.txt/testlistNN.txt', intOption)
    .option('--threads <n>', 'rawframes: parallel ffmpeg processes (and flow threads)', intOption)
    .addOption(new Option('--flow <method>', `rawframes: also write flow_x_/flow_y_00001.jpg (bound ${FLOW_JPEG_BOUND} px, cached in the workspace)`)
      .choices([...EXPORT_FLOW_METHODS]))
    .option('--json', 'print the result as JSON')
    .action(exportCommand);

  program.command('frames')
    .description('decode and cache sampled frames of every clip (.npy under cache/frames)')
    .argument('<workspace>', 'workspace folder')
    .addOption(new Option('--strategy <id>', 'sampling strategy').choices(strategyIds()).default('uniform'))
    .option('--n <n>', 'frames (uniform, uniformFirstSeconds)', intOption)
    .option('--seconds <s>', 'uniformFirstSeconds: over the first s seconds', numberOption)
    .option('--k <k>', 'everyKth: keep 1 frame in k', intOption)
    .option('--length <n>', 'consecutive: frames (L+1 for flow stacks); tsnSegments: frames per segment', intOption)
    .addOption(new Option('--position <where>', 'consecutive: where the run starts').choices(['middle', 'random', 'start']))
    .option('--segments <n>', 'tsnSegments: segments', intOption)
    .option('--random', 'tsnSegments: random offset in each segment (training)')
    .option('--size <px>', 'output width (and height unless --height)', intOption, 224)
    .option('--height <px>', 'output height', intOption)
    .addOption(new Option('--resize <mode>', 'resize mode').choices([...RESIZE_MODES]).default('shortSideCenterCrop'))
    .option('--seed <n>', 'seed for random strategies and crops', intOption, 0)
    .option('--threads <n>', 'parallel decoders (default: cores)', intOption)
    .option('--clips <ids>', 'comma-separated clip ids (default: all)')
    .option('--json', 'print the job result as JSON')
    .action(framesCommand);
}

/** `mwb export`: runs the exporter in this process (no job row), Ctrl+C stops ffmpeg and leaves finished files. */
async function exportCommand(format: string, flags: ExportFlags): Promise<void> {
  const ws = openExisting(flags.workspace);
  const abort = new AbortController();
  const onSignal = (): void => abort.abort(new Error('Interrupted'));
  process.once('SIGINT', onSignal);
  try {
    const result = await runExport(ws, { format, split: flags.split, out: flags.out, rawframes: flags.rawframes, root: flags.root,
      shortSide: flags.shortSide, fold: flags.fold, threads: flags.threads, flow: flags.flow }, {
      signal: abort.signal,
      progress: (p) => { if (p.total && (p.done === p.total || p.done % 50 === 0)) process.stderr.write(`${p.phase} ${p.done}/${p.total}\n`); },
    });
    if (flags.json) process.stdout.write(JSON.stringify(result) + '\n');
    else {
      process.stdout.write(`Exported ${format}${result.split ? ` (split ${result.split})` : ''} to ${result.outDir}\n`);
      for (const f of result.files) process.stdout.write(`  ${f}${result.counts[f] !== undefined ? `  ${result.counts[f]} lines` : ''}\n`);
      if (result.root) process.stdout.write(`Paths are relative to ${result.root}\n`);
      if (result.flow) process.stdout.write(`Flow: ${result.flow.pairs} flow_x_/flow_y_ pair(s) by ${result.flow.method}, bound ${result.flow.bound} px (${result.flow.decode})\n`);
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    ws.close();
  }
}

/** `mwb frames`: queues a `frames.extract` job and waits for it, printing progress to stderr. */
async function framesCommand(dir: string, f: FramesFlags): Promise<void> {
  openExisting(dir).close();
  const params = Object.fromEntries(Object.entries({ n: f.n, seconds: f.seconds, k: f.k, length: f.length, position: f.position,
    segments: f.segments, random: f.random }).filter(([, v]) => v !== undefined));
  const clipIds = f.clips ? f.clips.split(',').map((s) => Number(s.trim())) : undefined;
  const workbench = createWorkbench();
  let last = 0;
  const off = workbench.onEvent((event, payload) => {
    const job = payload as JobInfo;
    if (event !== 'jobs:changed' || (job.state === 'running' && Date.now() - last < 1000)) return;
    last = Date.now();
    process.stderr.write(`[${job.state}] ${job.title} ${job.progress.done}/${job.progress.total} ${job.progress.message}\n`);
  });
  const onSignal = (): void => void workbench.dispose().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    await workbench.open(resolve(dir));
    const id = workbench.jobs.enqueue('frames.extract', { clipIds, threads: f.threads,
      sample: { strategy: f.strategy, params, width: f.size, height: f.height ?? f.size, resize: f.resize, seed: f.seed } });
    const info = await workbench.jobs.wait(id);
    if (info.state !== 'done') throw new Error(`${info.title} ${info.state}: ${info.error ?? ''}`);
    const result = JSON.parse(workbench.workspace.jobs.get(id)!.result!) as FramesJobResult;
    if (f.json) process.stdout.write(JSON.stringify(result) + '\n');
    else {
      process.stdout.write(`${result.clips} clips: ${result.extracted} extracted, ${result.cached} already cached, ${result.failed.length} failed (${(result.bytes / 2 ** 20).toFixed(1)} MiB written)\n`);
      for (const x of result.failed) process.stderr.write(`failed: clip ${x.clipId}: ${x.error}\n`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    off();
    await workbench.dispose({ requeueRunning: true }); // follow-ups continue in the app
  }
}

function openExisting(dir: string): Workspace {
  const path = resolve(dir);
  if (!existsSync(join(path, DB_FILE))) throw new Error(`${path} is not a workspace (no ${DB_FILE} in it)`);
  return Workspace.open(path);
}
