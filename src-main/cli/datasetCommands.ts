import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { createWorkbench } from '../core.js';
import '../datasets/importers/all.js';
import { previewOf } from '../datasets/importers/preview.js';
import { listImporters, planImport } from '../datasets/importers/registry.js';
import { reportLines } from '../datasets/importers/report.js';
import { relinkMedia } from '../datasets/relink.js';
import type { ImportOptionField, ImportPreview, ImportReport, JobInfo } from '../ipc/contract.js';
import { DB_FILE, Workspace } from '../workspace/workspace.js';
import { intOption, numberOption } from './options.js';

interface ImportFlags { workspace: string; dryRun?: boolean; json?: boolean; probe: boolean; [option: string]: unknown }

/** `mwb import <importer> <source>`, `mwb media <workspace>`, `mwb relink <workspace> <folder>`. */
export function registerDatasetCommands(program: Command): void {
  const imp = program.command('import').description('import a dataset into a workspace (runs the import and the probe to the end)');
  for (const info of listImporters()) {
    const [source, ...rest] = info.options;
    if (!source) continue;
    const cmd = imp.command(info.id).summary(info.title).description(info.description)
      .argument(`<${source.name}>`, source.help ?? source.label)
      .requiredOption('--workspace <dir>', 'workspace folder (created if missing)')
      .option('--dry-run', 'print what would be imported, write nothing')
      .option('--json', 'print the report (or with --dry-run the preview) as JSON')
      .option('--no-probe', 'skip probing the files (unreadable files are then found later)');
    for (const f of rest) cmd.addOption(optionOf(f));
    cmd.action((src: string, flags: ImportFlags) => importCommand(info.id, source.name, rest, src, flags));
  }

  program.command('media')
    .description('list every media file of a workspace with its metadata and error')
    .argument('<workspace>', 'workspace folder')
    .option('--json', 'print a JSON array')
    .action(mediaCommand);

  program.command('relink')
    .description('find missing media again under a folder (by content fingerprint) and flag changed files')
    .argument('<workspace>', 'workspace folder')
    .argument('<folder>', 'folder to search (sub-folders included)')
    .option('--json', 'print the result as JSON')
    .action(relinkCommand);
}

/** A commander option for one importer field: `splitsDir` -> `--splits-dir <folder>`. */
function optionOf(f: ImportOptionField): Option {
  const flag = f.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const help = f.help ?? f.label;
  if (f.type === 'boolean') return f.default === true ? new Option(`--no-${flag}`, help) : new Option(`--${flag}`, help);
  const o = new Option(`--${flag} <${f.type === 'choice' ? 'value' : f.type}>`, help);
  if (f.type === 'integer') o.argParser(intOption);
  if (f.type === 'number') o.argParser(numberOption);
  if (f.choices) o.choices(f.choices);
  return o;
}

/** Collects the importer's options from the positional source and the flags that were given. */
function optionsOf(sourceName: string, fields: ImportOptionField[], src: string, flags: ImportFlags): Record<string, unknown> {
  const options: Record<string, unknown> = { [sourceName]: resolve(src) };
  for (const f of fields) if (flags[f.name] !== undefined) options[f.name] = flags[f.name];
  return options;
}

async function importCommand(importer: string, sourceName: string, fields: ImportOptionField[], src: string, flags: ImportFlags): Promise<void> {
  const options = optionsOf(sourceName, fields, src, flags);
  if (flags.dryRun) return dryRun(importer, options, flags);
  const workbench = createWorkbench();
  const off = workbench.onEvent(progressPrinter());
  const onSignal = (): void => void workbench.dispose().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    await workbench.open(resolve(flags.workspace));
    const id = workbench.jobs.enqueue('dataset.import', { importer, options, probe: flags.probe });
    const info = await workbench.jobs.wait(id);
    if (info.state !== 'done') throw new Error(`${info.title} ${info.state}: ${info.error ?? 'no report'}`);
    const report = JSON.parse(workbench.workspace.jobs.get(id)!.result!) as ImportReport;
    process.stdout.write(flags.json ? JSON.stringify(report) + '\n' : reportLines(report).join('\n') + '\n');
  } finally {
    process.off('SIGINT', onSignal);
    off();
    await workbench.dispose({ requeueRunning: true }); // follow-ups continue in the app
  }
}

/** `--dry-run`: the preview, counting clips an existing workspace already has; writes nothing. */
async function dryRun(importer: string, options: Record<string, unknown>, flags: ImportFlags): Promise<void> {
  const plan = await planImport(importer, options);
  const dir = resolve(flags.workspace);
  const ws = existsSync(join(dir, DB_FILE)) ? Workspace.open(dir) : null;
  let preview: ImportPreview;
  try {
    preview = previewOf(plan, ws);
  } finally {
    ws?.close();
  }
  if (flags.json) return void process.stdout.write(JSON.stringify(preview) + '\n');
  const lines = [`Would import from ${preview.root} (${preview.importer}): ${preview.clips} clip(s) of ${preview.media} file(s) in ${preview.classes.length} class(es); ${preview.alreadyImported} already in the workspace`];
  for (const s of preview.splitSets) {
    lines.push(`  split set ${s.name}: listed train ${s.listed.train}, val ${s.listed.val}, test ${s.listed.test}, unused ${s.listed.unused}; `
      + `found train ${s.subsets.train}, val ${s.subsets.val}, test ${s.subsets.test}, unused ${s.subsets.unused}`);
  }
  for (const [kind, n] of Object.entries(preview.problems.counts)) lines.push(`  ${kind}: ${n}`);
  process.stdout.write(lines.join('\n') + '\n');
}

/** Prints job progress to stderr at most once a second, and every state change. */
function progressPrinter(): (event: string, payload: unknown) => void {
  let last = 0;
  return (event, payload) => {
    if (event !== 'jobs:changed') return;
    const job = payload as JobInfo;
    const now = Date.now();
    if (job.state === 'running' && now - last < 1000) return;
    last = now;
    const p = job.progress;
    process.stderr.write(`[${job.state}] ${job.title}${p.total ? ` ${p.phase} ${p.done}/${p.total}` : ''} ${p.message}\n`);
  };
}

function openExisting(dir: string): Workspace {
  const path = resolve(dir);
  if (!existsSync(join(path, DB_FILE))) throw new Error(`${path} is not a workspace (no ${DB_FILE} in it)`);
  return Workspace.open(path);
}

/** `mwb media <workspace>`: each media's path, kind, status, duration, fps, frames, size, codec, error. */
function mediaCommand(dir: string, opts: { json?: boolean }): void {
  const ws = openExisting(dir);
  try {
    const rows = ws.media.list().map((m) => ({
      id: m.id, path: m.path, kind: m.kind, status: m.status, duration: m.duration, fps: m.fps, frameCount: m.frameCount,
      width: m.width, height: m.height, codec: m.codec, error: m.error, changed: m.changed,
    }));
    if (opts.json) return void process.stdout.write(JSON.stringify(rows) + '\n');
    for (const m of rows) {
      const meta = m.status === 'ok' ? `${m.width}x${m.height} ${m.codec} ${m.duration ?? '-'} s ${m.fps ?? '-'} fps ${m.frameCount} frames` : m.error ?? '';
      process.stdout.write(`${String(m.id).padStart(6)} ${m.status.padEnd(7)} ${m.path}  ${meta}\n`);
    }
  } finally {
    ws.close();
  }
}

/** `mwb relink <workspace> <folder>`: prints what was found again, what is still missing, what changed. */
async function relinkCommand(dir: string, folder: string, opts: { json?: boolean }): Promise<void> {
  const ws = openExisting(dir);
  try {
    const r = await relinkMedia(ws, resolve(folder));
    if (opts.json) return void process.stdout.write(JSON.stringify(r) + '\n');
    const lines = [`Relinked ${r.relinked.length}, still missing ${r.stillMissing.length}, changed ${r.changed.length}`];
    for (const x of r.relinked) lines.push(`  relinked: ${x.from} -> ${x.to}`);
    for (const p of r.stillMissing) lines.push(`  missing: ${p}`);
    for (const p of r.changed) lines.push(`  changed: ${p}`);
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    ws.close();
  }
}
