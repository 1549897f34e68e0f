import { InvalidArgumentError, Option, type Command } from 'commander';
import { join, resolve } from 'node:path';
import {
  framesFromFile, getRepresentation, parseRepresentationOptions, representationIds, windowSpecSchema, writeFrames, type SensorSize, type WindowSpec,
} from '../motion/dvs/frames/index.js';
import { convertEvents, eventFormats, openEventFile, summarise, type EventSummary, type OpenOptions } from '../motion/dvs/index.js';
import { dvsModelIds, simulate } from '../motion/dvs/simulator/index.js';
import { sizeOption } from './flowCommands.js';
import { intOption, numberOption } from './options.js';

/** Options shared by `events info` and `events convert` (AEDAT 2.0 layout, size, AEDAT 4.0 stream). */
interface ReadFlags {
  layout?: OpenOptions['layout'];
  width?: number;
  height?: number;
  stream?: number;
  format?: string;
}

function readOptions(flags: ReadFlags): OpenOptions & { format?: string } {
  if ((flags.width === undefined) !== (flags.height === undefined)) throw new InvalidArgumentError('give --width and --height together');
  return { layout: flags.layout, width: flags.width, height: flags.height, stream: flags.stream, format: flags.format };
}

function addReadOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--layout <layout>', 'AEDAT 2.0 address layout when the header names no chip').choices(['auto', 'dvs128', 'davis']))
    .option('--width <n>', 'sensor width (overrides the header)', intOption)
    .option('--height <n>', 'sensor height (overrides the header)', intOption)
    .option('--stream <id>', 'AEDAT 4.0: which event stream to read', intOption)
    .addOption(new Option('--format <id>', 'skip detection and read as this format').choices(eventFormats().map((f) => f.id)));
}

function printSummary(s: EventSummary, file: string): void {
  const out = (line: string): boolean => process.stdout.write(line + '\n');
  const span = s.tFirst !== null && s.tLast !== null ? ` (${((s.tLast - s.tFirst) / 1e6).toFixed(3)} s)` : '';
  const list = (r: Record<string, number>): string => Object.entries(r).map(([k, v]) => `${v} ${k}`).join(', ') || 'none';
  out(`${file}`);
  out(`  format   ${eventFormats().find((f) => f.id === s.format)?.describe ?? s.format}`);
  out(`  sensor   ${s.width} x ${s.height}`);
  out(`  events   ${s.events} (${s.on} ON, ${s.off} OFF)`);
  out(`  time     ${s.tFirst ?? '-'} .. ${s.tLast ?? '-'} µs${span}`);
  out(`  dropped  ${list(s.dropped)}`);
  out(`  skipped  ${list(s.skipped)}`);
  for (const note of s.notes) out(`  note     ${note}`);
}

/** `mwb events info <file>`: format, sensor size, counts, time span, what was dropped and why. */
async function infoCommand(file: string, flags: ReadFlags & { json?: boolean }): Promise<void> {
  const reader = await openEventFile(resolve(file), readOptions(flags));
  try {
    const s = await summarise(reader);
    if (flags.json) process.stdout.write(JSON.stringify(s) + '\n');
    else printSummary(s, file);
  } finally {
    await reader.close();
  }
}

/** `mwb events convert <in> <out>`: any readable event file to .aedat4 or .npy. */
async function convertCommand(input: string, output: string, flags: ReadFlags & { compression?: 'none' | 'lz4'; json?: boolean }): Promise<void> {
  const r = await convertEvents(resolve(input), resolve(output), { ...readOptions(flags), compression: flags.compression });
  if (flags.json) process.stdout.write(JSON.stringify(r) + '\n');
  else {
    process.stdout.write(`Wrote ${r.events} events (${r.width} x ${r.height}) from ${r.format} to ${output} (${r.writer})\n`);
    const dropped = Object.entries(r.dropped);
    if (dropped.length) process.stdout.write(`  dropped ${dropped.map(([k, v]) => `${v} ${k}`).join(', ')}\n`);
  }
}

interface SimulateFlags {
  model: string; threshold?: number; thresholdOn?: number; thresholdOff?: number; seed?: number; upsample?: number;
  sigma?: number; cutoffHz?: number; leakHz?: number; shotHz?: number; refractoryUs?: number; timing?: string;
  size?: { width: number; height: number }; compression: 'none' | 'lz4'; json?: boolean;
}

/** Only the flags the user gave, named as the model options (the model's schema rejects the ones it does not take). */
function simParams(f: SimulateFlags): Record<string, unknown> {
  const given: Record<string, unknown> = {
    model: f.model, seed: f.seed, upsample: f.upsample, thresholdOn: f.thresholdOn ?? f.threshold, thresholdOff: f.thresholdOff ?? f.threshold,
    sigma: f.sigma, cutoffHz: f.cutoffHz, leakRateHz: f.leakHz, shotNoiseRateHz: f.shotHz, refractoryUs: f.refractoryUs, timing: f.timing,
  };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
}

/** Aborts on Ctrl+C for the duration of `fn`, so ffmpeg is killed and partial output removed. */
async function interruptible<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSignal = (): void => abort.abort(new Error('Interrupted'));
  process.once('SIGINT', onSignal);
  try {
    return await fn(abort.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/** `mwb events simulate <video> <out>`: video -> .aedat4 / .npy events with the ideal or v2e model. */
async function simulateCommand(video: string, out: string, flags: SimulateFlags): Promise<void> {
  let lastLine = Date.now();
  const r = await interruptible((signal) => simulate(resolve(video), resolve(out), {
    params: simParams(flags), ...flags.size, compression: flags.compression,
    onProgress: (done, total) => {
      if (Date.now() - lastLine < 1000) return;
      lastLine = Date.now();
      process.stderr.write(`simulate: frame ${done}${total ? ` of ${total}` : ''}\n`);
    },
  }, signal));
  if (flags.json) process.stdout.write(JSON.stringify(r) + '\n');
  else process.stdout.write(`Wrote ${r.events} events (${r.on} ON, ${r.off} OFF, ${r.width} x ${r.height}) from ${r.frames} frames at ${r.fps} fps ` +
    `to ${out} (${r.params.model}, ${(r.frames / r.seconds).toFixed(1)} frames/s)\n`);
}

interface FramesFlags extends ReadFlags {
  mode: string; windowUs?: number; strideUs?: number; count?: number; strideCount?: number; keepIncomplete?: boolean;
  polarity?: string; stackStride?: number; tauUs?: number; bins?: number; denoiseUs?: number; outFormat?: 'png' | 'jpg' | 'npy'; json?: boolean;
}

/** The window spec from the flags: by count when --count is given, else by time (default 33 333 µs). */
function windowOf(f: FramesFlags): WindowSpec {
  let spec: WindowSpec;
  if (f.count !== undefined) {
    if (f.windowUs !== undefined || f.strideUs !== undefined) throw new InvalidArgumentError('give --count (with --stride-count) or --window-us (with --stride-us), not both');
    spec = { by: 'count', n: f.count, stride: f.strideCount, keepIncomplete: f.keepIncomplete };
  } else {
    if (f.strideCount !== undefined) throw new InvalidArgumentError('--stride-count needs --count');
    spec = { by: 'time', windowUs: f.windowUs ?? 33_333, strideUs: f.strideUs, keepIncomplete: f.keepIncomplete };
  }
  const ok = windowSpecSchema.safeParse(spec);
  if (!ok.success) throw new InvalidArgumentError(`bad window: ${ok.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')} (window and stride must be positive)`);
  return spec;
}

/** `mwb events frames <in> <outdir>`: an event file -> frames of one representation in a folder. */
async function framesCommand(input: string, outdir: string, flags: FramesFlags): Promise<void> {
  const rep = getRepresentation(flags.mode);
  const options = Object.fromEntries(Object.entries({ polarity: flags.polarity, stackStride: flags.stackStride, tauUs: flags.tauUs, bins: flags.bins })
    .filter(([, v]) => v !== undefined));
  const window = windowOf(flags);
  const parsed = parseRepresentationOptions(flags.mode, options); // bad options fail before any file is opened
  const format = flags.outFormat ?? (rep.dtype === 'u1' ? 'png' : 'npy');
  if (format !== 'npy' && rep.dtype !== 'u1') throw new InvalidArgumentError(`--mode ${flags.mode} makes float32 frames: use --out-format npy`);
  let size: SensorSize = { width: 0, height: 0 };
  const report: { denoise?: { seen: number; kept: number } } = {};
  const r = await interruptible(async (signal) => {
    const frames = framesFromFile(resolve(input), { window, mode: flags.mode, options: parsed, denoiseUs: flags.denoiseUs },
      { open: readOptions(flags), onOpen: (s) => { size = s; }, report });
    return writeFrames(frames, resolve(outdir), {
      format, signal, meta: { source: resolve(input), mode: flags.mode, options: parsed, window, denoiseUs: flags.denoiseUs ?? null },
      empty: () => ({ dtype: rep.dtype, shape: rep.shape(parsed, size) }),
    });
  });
  const denoise = report.denoise ? { seen: report.denoise.seen, kept: report.denoise.kept } : null;
  if (flags.json) process.stdout.write(JSON.stringify({ ...r, denoise }) + '\n');
  else {
    process.stdout.write(`Wrote ${r.frames} ${flags.mode} frames (${r.dtype} ${r.shape?.join(' x ')}) to ${join(outdir, r.files)}\n`);
    if (denoise) process.stdout.write(`  denoise kept ${denoise.kept} of ${denoise.seen} events\n`);
  }
}

/** `mwb events info|convert|simulate|frames`: event-camera recordings (AEDAT 2/3/4, EVT 2/3, .dat, N-MNIST, CSV). */
export function registerEventCommands(program: Command): void {
  const events = program.command('events').description('event-camera (DVS) recordings: inspect, convert, simulate from video, make frames');
  addReadOptions(events.command('info')
    .description(`format, sensor size, event/ON/OFF counts, time span and dropped events of a recording (${eventFormats().map((f) => f.id).join(', ')})`)
    .argument('<file>', 'event file')
    .option('--json', 'print JSON with keys format, width, height, events, on, off, tFirst, tLast, dropped (plus skipped, notes)'))
    .action(infoCommand);
  addReadOptions(events.command('convert')
    .description('convert an event file to AEDAT 4.0 (.aedat4) or NumPy (.npy, N x 4 int64 [t, x, y, p])')
    .argument('<in>', 'event file')
    .argument('<out>', 'output file: .aedat4 or .npy')
    .addOption(new Option('--compression <c>', 'AEDAT 4.0 packet compression').choices(['none', 'lz4']).default('none'))
    .option('--json', 'print the result as JSON'))
    .action(convertCommand);
  events.command('simulate')
    .description('simulate an event camera watching a video (ideal DVS or v2e-style model), written as .aedat4 or .npy')
    .argument('<video>', 'video file')
    .argument('<out>', 'output event file: .aedat4 or .npy')
    .addOption(new Option('--model <id>', 'pixel model').choices(dvsModelIds()).default('v2e'))
    .option('--threshold <c>', 'ON and OFF contrast threshold, log intensity (default 0.2)', numberOption)
    .option('--threshold-on <c>', 'ON threshold (overrides --threshold)', numberOption)
    .option('--threshold-off <c>', 'OFF threshold (overrides --threshold)', numberOption)
    .option('--seed <n>', 'seed of every random draw (default 0)', intOption)
    .option('--size <n|WxH>', 'sensor size in pixels (default: the video size)', sizeOption)
    .option('--upsample <n>', 'log frames per source frame interval, linearly interpolated (default 1)', intOption)
    .option('--sigma <s>', 'v2e: threshold mismatch sigma (default 0.03)', numberOption)
    .option('--cutoff-hz <f>', 'v2e: photoreceptor low-pass cutoff, 0 = off (default 300)', numberOption)
    .option('--leak-hz <r>', 'v2e: leak events per pixel per second (default 0.01)', numberOption)
    .option('--shot-hz <r>', 'v2e: shot-noise events per pixel per second (default 0.001)', numberOption)
    .option('--refractory-us <t>', 'v2e: refractory period in µs (default 500)', numberOption)
    .addOption(new Option('--timing <t>', 'v2e: interpolated crossing times, or v2e\'s evenly spaced ones').choices(['interpolate', 'even']))
    .addOption(new Option('--compression <c>', 'AEDAT 4.0 packet compression').choices(['none', 'lz4']).default('none'))
    .option('--json', 'print the result as JSON')
    .action(simulateCommand);
  addReadOptions(events.command('frames')
    .description('cut an event file into windows and write one frame per window (or per 3 windows for stack3) to a folder')
    .argument('<in>', 'event file')
    .argument('<outdir>', 'output folder (gets frame_NNNNNN.png|jpg or frames.npy, and frames.json)')
    .addOption(new Option('--mode <id>', 'representation').choices(representationIds()).makeOptionMandatory())
    .option('--window-us <n>', 'window length in µs (default 33333)', numberOption)
    .option('--stride-us <n>', 'start-to-start distance of time windows in µs (default: the window, no overlap)', numberOption)
    .option('--count <n>', 'windows of n events instead of fixed time', intOption)
    .option('--stride-count <n>', 'start-to-start distance of count windows in events (default: --count)', intOption)
    .option('--keep-incomplete', 'also write the last window that runs past the end of the recording')
    .addOption(new Option('--polarity <p>', 'binary/stack3: which events count').choices(['any', 'on', 'off']))
    .option('--stack-stride <n>', 'stack3: binary frames between the starts of consecutive stacks (default 3)', intOption)
    .option('--tau-us <n>', 'timesurface: decay constant in µs (default 50000)', numberOption)
    .option('--bins <n>', 'voxel: time bins (default 5)', intOption)
    .option('--denoise-us <n>', 'background-activity filter: keep events with a 3x3 neighbour within n µs', numberOption)
    .addOption(new Option('--out-format <f>', 'png/jpg pictures (uint8 modes) or one .npy (default: png for binary/stack3, npy otherwise)').choices(['png', 'jpg', 'npy'])))
    .option('--json', 'print the result as JSON')
    .action(framesCommand);
}
