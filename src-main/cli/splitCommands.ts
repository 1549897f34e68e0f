import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createWorkbench } from '../core.js';
import {
  assignClips, createSplitSet, deleteSplitSet, duplicateSplitSet, listSplitSets, lockSplitSet, splitSetId, splitSetInfo,
} from '../datasets/splits/service.js';
import { DEFAULT_FRAMES, DEFAULT_THRESHOLD } from '../datasets/splits/leakage/checkJob.js';
import { splitStats } from '../datasets/splits/stats.js';
import { listSplitStrategies } from '../datasets/splits/strategies/registry.js';
import type { JobInfo, LeakReport, SplitSetInfo, SplitStats, SplitSubset } from '../ipc/contract.js';
import { DB_FILE, Workspace } from '../workspace/workspace.js';
import { intOption, numberOption } from './options.js';

interface CreateFlags { name: string; strategy: string; ratios?: number[]; folds?: number; testRatio?: number; source?: string; seed: number; json?: boolean }
interface NameFlags { name: string; json?: boolean }

/** `0.7,0.15,0.15` -> three numbers. */
function ratiosOption(value: string): number[] {
  const parts = value.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new InvalidArgumentError(`"${value}" is not three non-negative numbers like 0.7,0.15,0.15 (train,val,test)`);
  }
  return parts;
}

/** `mwb split create|list|stats|lock|unlock|duplicate|delete|assign|check <workspace>`. */
export function registerSplitCommands(program: Command): void {
  const split = program.command('split').description('make, inspect, lock and check train/val/test splits of a workspace');

  split.command('create')
    .description('make a named split set by a strategy; the same clips, parameters and seed always give the same split')
    .argument('<workspace>', 'workspace folder')
    .requiredOption('--name <name>', 'name of the new split set')
    .addOption(new Option('--strategy <id>', 'how to split').choices(listSplitStrategies().map((s) => s.id)).makeOptionMandatory())
    .option('--ratios <train,val,test>', 'shares of train, val and test (stratified, group; kfold: the third is held out as test)', ratiosOption)
    .option('--folds <k>', 'kfold: number of folds', intOption)
    .option('--test-ratio <r>', 'kfold: share held out as test before the folds (default 0, or the third ratio)', numberOption)
    .option('--source <set>', 'official: the imported split set to copy')
    .option('--seed <n>', 'seed of the random choices', intOption, 0)
    .option('--json', 'print the new set as JSON')
    .action((dir: string, f: CreateFlags) => withWorkspace(dir, (ws) => {
      const params: Record<string, unknown> = {};
      if (f.strategy === 'kfold') {
        if (f.folds !== undefined) params.folds = f.folds;
        const test = f.testRatio ?? (f.ratios ? f.ratios[2]! / (f.ratios[0]! + f.ratios[1]! + f.ratios[2]!) : undefined);
        if (test !== undefined) params.testRatio = test;
      } else if (f.strategy === 'official') {
        params.source = f.source ?? '';
      } else if (f.ratios) {
        params.ratios = f.ratios;
      }
      const info = createSplitSet(ws, { name: f.name, strategy: f.strategy, params, seed: f.seed });
      print(f.json, info, () => setLines(info));
    }));

  split.command('list')
    .description('list the split sets with their counts and content hashes')
    .argument('<workspace>', 'workspace folder')
    .option('--json', 'print a JSON array')
    .action((dir: string, f: { json?: boolean }) => withWorkspace(dir, (ws) => {
      const sets = listSplitSets(ws);
      print(f.json, sets, () => (sets.length ? sets.flatMap(setLines) : ['No split sets yet: mwb split create <workspace> --name N --strategy stratified']));
    }));

  split.command('stats')
    .description('clips per class and subset, achieved proportions and warnings')
    .argument('<workspace>', 'workspace folder')
    .requiredOption('--name <name>', 'split set')
    .option('--min <n>', 'warn about classes with fewer clips than this in a subset', intOption, 5)
    .option('--json', 'print the statistics as JSON')
    .action((dir: string, f: NameFlags & { min: number }) => withWorkspace(dir, (ws) => {
      const stats = splitStats(ws, splitSetId(ws, f.name), f.min);
      print(f.json, stats, () => statsLines(stats));
    }));

  for (const [cmd, locked] of [['lock', true], ['unlock', false]] as const) {
    split.command(cmd)
      .description(locked ? 'lock a split set: nothing can change it (training runs reference it by id and content hash)' : 'unlock a split set so it can be edited again')
      .argument('<workspace>', 'workspace folder')
      .requiredOption('--name <name>', 'split set')
      .option('--json', 'print the set as JSON')
      .action((dir: string, f: NameFlags) => withWorkspace(dir, (ws) => {
        const info = lockSplitSet(ws, splitSetId(ws, f.name), locked);
        print(f.json, info, () => setLines(info));
      }));
  }

  split.command('duplicate')
    .description('copy a split set (assignments included) under a new name, unlocked')
    .argument('<workspace>', 'workspace folder')
    .requiredOption('--name <name>', 'split set to copy')
    .requiredOption('--to <name>', 'name of the copy')
    .option('--json', 'print the copy as JSON')
    .action((dir: string, f: NameFlags & { to: string }) => withWorkspace(dir, (ws) => {
      const info = duplicateSplitSet(ws, splitSetId(ws, f.name), f.to);
      print(f.json, info, () => setLines(info));
    }));

  split.command('delete')
    .description('delete an unlocked split set')
    .argument('<workspace>', 'workspace folder')
    .requiredOption('--name <name>', 'split set')
    .action((dir: string, f: NameFlags) => withWorkspace(dir, (ws) => {
      deleteSplitSet(ws, splitSetId(ws, f.name));
      process.stdout.write(`Deleted split set ${f.name}\n`);
    }));

  split.command('assign')
    .description('manual override: move clips to a subset of an unlocked split set')
    .argument('<workspace>', 'workspace folder')
    .requiredOption('--name <name>', 'split set')
    .requiredOption('--clips <ids>', 'comma-separated clip ids')
    .addOption(new Option('--subset <subset>', 'where the clips go').choices(['train', 'val', 'test', 'unused']).makeOptionMandatory())
    .option('--fold <k>', 'k-fold sets: fold (1-based) of train clips', intOption)
    .option('--json', 'print the set as JSON')
    .action((dir: string, f: NameFlags & { clips: string; subset: SplitSubset; fold?: number }) => withWorkspace(dir, (ws) => {
      const ids = f.clips.split(',').map((s) => Number(s.trim()));
      if (ids.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--clips: "${f.clips}" is not a list of clip ids`);
      const info = assignClips(ws, splitSetId(ws, f.name), ids, f.subset, f.fold === undefined ? null : f.fold - 1);
      print(f.json, info, () => setLines(info));
    }));

  split.command('check')
    .description('leakage check: clips of one source video, one group, or near-duplicate content in different subsets')
    .argument('<workspace>', 'workspace folder')
    .requiredOption('--name <name>', 'split set')
    .option('--threshold <bits>', 'near-duplicate: largest frame-hash distance (bits of 64)', intOption, DEFAULT_THRESHOLD)
    .option('--frames <n>', 'near-duplicate: frames hashed per clip', intOption, DEFAULT_FRAMES)
    .option('--no-near-duplicates', 'skip the frame hashes (no decoding)')
    .option('--fail-on-leak', 'exit with status 2 when anything is found (for scripts)')
    .option('--json', 'print the report: {findings: [{kind, message, clips: [...]}, ...], counts, ...}')
    .action(checkCommand);
}

/** `mwb split check`: runs the `splits.check` job to the end and prints its report. */
async function checkCommand(dir: string, f: NameFlags & { threshold: number; frames: number; nearDuplicates: boolean; failOnLeak?: boolean }): Promise<void> {
  const path = existingWorkspace(dir);
  const workbench = createWorkbench();
  let last = 0;
  const off = workbench.onEvent((event, payload) => {
    const job = payload as JobInfo;
    if (event !== 'jobs:changed' || (job.state === 'running' && Date.now() - last < 1000)) return;
    last = Date.now();
    process.stderr.write(`[${job.state}] ${job.title} ${job.progress.phase} ${job.progress.done}/${job.progress.total}\n`);
  });
  const onSignal = (): void => void workbench.dispose().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    await workbench.open(path);
    const set = splitSetInfo(workbench.workspace, splitSetId(workbench.workspace, f.name));
    const id = workbench.jobs.enqueue('splits.check', {
      splitSetId: set.id, name: set.name, threshold: f.threshold, framesPerClip: f.frames, nearDuplicates: f.nearDuplicates,
    });
    const info = await workbench.jobs.wait(id);
    if (info.state !== 'done') throw new Error(`${info.title} ${info.state}: ${info.error ?? ''}`);
    const report = JSON.parse(workbench.workspace.jobs.get(id)!.result!) as LeakReport;
    print(f.json, report, () => reportLines(report));
    if (f.failOnLeak && report.findings.length) process.exitCode = 2;
  } finally {
    process.off('SIGINT', onSignal);
    off();
    await workbench.dispose({ requeueRunning: true }); // follow-ups continue in the app
  }
}

function existingWorkspace(dir: string): string {
  const path = resolve(dir);
  if (!existsSync(join(path, DB_FILE))) throw new Error(`${path} is not a workspace (no ${DB_FILE} in it)`);
  return path;
}

/** Opens an existing workspace for one quick command and always closes it. */
function withWorkspace(dir: string, fn: (ws: Workspace) => void): void {
  const ws = Workspace.open(existingWorkspace(dir));
  try {
    fn(ws);
  } finally {
    ws.close();
  }
}

function print(json: boolean | undefined, value: unknown, lines: () => string[]): void {
  process.stdout.write(json ? JSON.stringify(value) + '\n' : lines().join('\n') + '\n');
}

function setLines(s: SplitSetInfo): string[] {
  const n = s.subsets;
  return [
    `${s.name}${s.locked ? '  [locked]' : ''}  (${s.description})`,
    `  train ${n.train}, val ${n.val}, test ${n.test}, unused ${n.unused}${s.folds ? `, ${s.folds} folds` : ''}` +
      `${s.unassigned ? `, ${s.unassigned} not assigned` : ''}${s.overrides ? `, ${s.overrides} moved by hand` : ''}`,
    `  content hash ${s.contentHash}`,
  ];
}

function statsLines(s: SplitStats): string[] {
  const w = Math.max(5, ...s.classes.map((c) => c.name.length));
  const col = (v: string | number): string => String(v).padStart(8);
  const lines = [`${s.name}: ${s.strategy}, content hash ${s.contentHash.slice(0, 12)}`, `${'class'.padEnd(w)}${s.parts.map((p) => col(p.label)).join('')}${col('total')}`];
  for (const c of s.classes) lines.push(`${c.name.padEnd(w)}${c.counts.map(col).join('')}${col(c.total)}`);
  lines.push(`${'total'.padEnd(w)}${s.totals.map(col).join('')}${col(s.totals.reduce((a, b) => a + b, 0))}`);
  lines.push(`${'share'.padEnd(w)}${s.achieved.map((a, j) => col(s.parts[j]!.subset === 'unused' ? '' : a.toFixed(3))).join('')}`);
  if (s.parts.some((p) => p.target != null)) {
    lines.push(`${'target'.padEnd(w)}${s.parts.map((p) => col(p.target == null || p.subset === 'unused' ? '' : p.target.toFixed(3))).join('')}`);
  }
  if (s.maxClassDeviation != null) lines.push(`largest class deviation from target: ${(s.maxClassDeviation * 100).toFixed(1)} points`);
  lines.push(`groups in more than one subset: ${s.groups.straddling} of ${s.groups.total}; source videos: ${s.sources.straddling} of ${s.sources.total}`);
  for (const x of s.warnings) lines.push(`${x.level}: ${x.message}`);
  return lines;
}

function reportLines(r: LeakReport): string[] {
  const lines = [`Leakage check of ${r.name} (${r.clips} clips): ${r.findings.length ? `${r.counts['same-source']} same-source, ` +
    `${r.counts['same-group']} same-group, ${r.counts['near-duplicate']} near-duplicate finding(s)` : 'no leaks found'}`];
  for (const f of r.findings) {
    lines.push(`${f.kind}: ${f.message}`);
    for (const c of f.clips) lines.push(`  ${c.part.padEnd(6)} #${c.clipId} ${c.name}  ${c.path}`);
  }
  const nd = r.nearDuplicates;
  if (nd.checked) lines.push(`near-duplicates: ${nd.hashed} clip(s) hashed, ${nd.cached} from the cache, ${nd.skipped.length} skipped; threshold ${nd.threshold} bits`);
  for (const s of nd.skipped.slice(0, 10)) lines.push(`  skipped #${s.clipId} ${s.name}: ${s.reason}`);
  return lines;
}
