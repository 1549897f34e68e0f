import { InvalidArgumentError, Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { convertEvents, eventFormats, openEventFile, summarise, type EventSummary, type OpenOptions } from '../motion/dvs/index.js';
import { intOption } from './options.js';

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

/** `mwb events info|convert`: event-camera recordings (AEDAT 2/3/4, EVT 2/3, .dat, N-MNIST, CSV). */
export function registerEventCommands(program: Command): void {
  const events = program.command('events').description('event-camera (DVS) recordings: inspect and convert');
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
}
