import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runSummaryOf, type RunRow } from '../db/repos/runsRepo.js';
import type { Events, RunSummary } from '../ipc/contract.js';
import { reconcileRunStates, resumeRun, runsOf, startRun } from '../training/run/runLifecycle.js';
import { intOption } from './options.js';
import { withWorkbench } from './withWorkbench.js';

interface TrainFlags { config?: string; resume?: number; workspace?: string; json?: boolean }
interface ListFlags { workspace?: string; json?: boolean }

/** Reads and parses the `--config` file, with errors naming the file. */
function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (err) {
    throw new Error(`Cannot read the run config ${resolve(path)}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${resolve(path)} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

const fmt = (x: number | null | undefined, d = 4): string => (x === null || x === undefined ? '-' : x.toFixed(d));

/** One line per finished epoch. */
export function epochLine(e: Extract<Events['runs:progress'], { kind: 'epoch' }>, epochs: number): string {
  const val = e.valLoss === null ? 'val -' : `val loss ${fmt(e.valLoss)} acc ${fmt(e.valAcc, 3)}`;
  return `epoch ${e.epoch}/${epochs}  train loss ${fmt(e.trainLoss)} acc ${fmt(e.trainAcc, 3)}  ${val}  lr ${e.lr.toPrecision(3)}${e.best ? '  [best]' : ''}`;
}

/** The closing summary of a run. */
export function summaryLine(s: RunSummary, dir: string): string {
  const best = s.bestEpoch === null ? 'no best epoch' : `best epoch ${s.bestEpoch} (${s.bestMetricName} ${fmt(s.bestMetric)})`;
  const size = s.sizeBytes === null ? '' : `, ${(s.sizeBytes / 1024).toFixed(1)} KiB`;
  const params = s.params === null ? '' : `, ${s.params.toLocaleString('en-US')} parameters`;
  const tail = s.error ? `\n  error: ${s.error}` : '';
  return `Run ${s.id} "${s.name}" ${s.state}: ${s.epochsDone}/${s.epochs} epochs, ${best}${params}${size}, backend ${s.backend ?? 'none'}\n  folder ${dir}${tail}`;
}

/** `mwb train --config run.json | --resume N`: trains in-process (the trainer in its child process) to the end. */
async function trainCommand(flags: TrainFlags): Promise<void> {
  if ((flags.config === undefined) === (flags.resume === undefined)) throw new Error('Give either --config run.json (a new run) or --resume N (continue run N)');
  const raw = flags.config === undefined ? null : readConfigFile(flags.config);
  const summary = await withWorkbench(flags.workspace, async (wb) => {
    const ws = wb.workspace;
    const { runId, jobId } = raw === null ? { runId: flags.resume!, ...resumeRun(ws, wb.jobs, flags.resume!) } : startRun(ws, wb.jobs, raw);
    const epochs = runsOf(ws).config(runId).training.epochs;
    process.stderr.write(`Run ${runId}: training (job ${jobId}); Ctrl+C cancels, \`mwb train --resume ${runId}\` continues\n`);
    const off = wb.onEvent((event, payload) => {
      if (event !== 'runs:progress') return;
      const p = payload as Events['runs:progress'];
      if (p.runId === runId && p.kind === 'epoch' && !flags.json) process.stdout.write(epochLine(p, epochs) + '\n');
    });
    const onSignal = (): void => void wb.jobs.cancelSettled(jobId);
    process.once('SIGINT', onSignal);
    try {
      await wb.jobs.wait(jobId);
    } finally {
      process.off('SIGINT', onSignal);
      off();
    }
    const runs = runsOf(ws);
    return { summary: runSummaryOf(runs.mustGet(runId)), dir: runs.dirOf(runId) };
  });
  process.stdout.write(flags.json ? JSON.stringify(summary.summary) + '\n' : summaryLine(summary.summary, summary.dir) + '\n');
  if (summary.summary.state !== 'done') process.exitCode = 1;
}

/** `mwb runs list`: every run, newest first. */
async function listCommand(flags: ListFlags): Promise<void> {
  const rows = await withWorkbench(flags.workspace, async (wb) => {
    reconcileRunStates(wb.workspace);
    return runsOf(wb.workspace).list().map((r) => runSummaryOf(r));
  });
  if (flags.json) return void process.stdout.write(JSON.stringify(rows) + '\n');
  if (!rows.length) return void process.stdout.write('No runs yet: start one with mwb train --config run.json\n');
  for (const r of rows) {
    process.stdout.write(`${String(r.id).padStart(4)}  ${r.state.padEnd(11)} ${r.family.padEnd(14)} ${r.epochsDone}/${r.epochs} ep  best ${fmt(r.bestMetric, 3)} (${r.bestMetricName})  ${r.name}\n`);
  }
}

/** `mwb runs show N`: a run's summary, config and per-epoch curve. */
async function showCommand(id: number, flags: ListFlags): Promise<void> {
  const detail = await withWorkbench(flags.workspace, async (wb) => {
    const runs = runsOf(wb.workspace);
    const row: RunRow = runs.mustGet(id);
    return { ...runSummaryOf(row), config: JSON.parse(row.config) as Record<string, unknown>, labels: row.labels ? JSON.parse(row.labels) as string[] : [],
      backendRecord: row.backend ? JSON.parse(row.backend) as Record<string, unknown> : null, dir: runs.dirOf(id), metrics: runs.metricsSeries(id).epochs };
  });
  if (flags.json) return void process.stdout.write(JSON.stringify(detail) + '\n');
  const lines = [summaryLine(detail, detail.dir), `  labels ${detail.labels.join(', ') || '-'}`];
  for (const e of detail.metrics) {
    lines.push(`  epoch ${e.epoch}: train loss ${fmt(e.trainLoss)} acc ${fmt(e.trainAcc, 3)}, val loss ${fmt(e.valLoss)} acc ${fmt(e.valAcc, 3)}, lr ${fmt(e.lr, 6)}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

/** `mwb train`, `mwb runs list|show`: the training-run commands. */
export function registerRunCommands(program: Command): void {
  program.command('train')
    .description('validate a run config, create the run and train it to the end (one line per epoch); or continue a run')
    .option('--config <run.json>', 'run config (JSON; see the recipes in the app, `mwb models` for families)')
    .option('--resume <run>', 'continue an interrupted, cancelled or failed run from its last checkpoint', intOption)
    .option('--workspace <dir>', 'workspace folder (default: the one the app last used)')
    .option('--json', 'print the final run summary as JSON')
    .action(trainCommand);

  const runs = program.command('runs').description('training runs of a workspace');
  runs.command('list')
    .description('every run, newest first')
    .option('--workspace <dir>', 'workspace folder (default: the one the app last used)')
    .option('--json', 'print a JSON array of run summaries')
    .action(listCommand);
  runs.command('show')
    .description('one run: summary, labels, backend and per-epoch metrics')
    .argument('<run>', 'run id', intOption)
    .option('--workspace <dir>', 'workspace folder (default: the one the app last used)')
    .option('--json', 'print the run as JSON')
    .action(showCommand);
}
