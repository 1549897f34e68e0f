import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CodeSetInfo, CodesPca } from '../ipc/contract.js';
import type { CodesJobResult } from '../training/data/codes/codesJob.js';
import { codeSetPca, extractionSpec, listCodeSets } from '../training/data/codes/codeSetViews.js';
import { intOption, numberOption } from './options.js';
import { withWorkbench } from './withWorkbench.js';

interface ExtractFlags { run?: number; model?: string; layer?: string; frames: number; seconds?: number; size: number; batchSize: number; workspace?: string; json?: boolean }
interface ListFlags { workspace?: string; json?: boolean }
interface PcaFlags extends ListFlags { splitSet?: number; subset?: 'train' | 'val' | 'test' | 'unused' }

/** "run 3 (resnet18 frozen)" or the model folder of a code set. */
export function sourceText(s: CodeSetInfo['source']): string {
  return s.kind === 'run' ? `run ${s.runId}${s.runName ? ` (${s.runName})` : ' (deleted)'}` : String(s.path);
}

/** `mwb codes extract`: runs the `training.codes` job in-process to its end and prints the code set. */
async function extractCommand(flags: ExtractFlags): Promise<void> {
  if ((flags.run === undefined) === (flags.model === undefined)) throw new Error('Give either --run N (a trained run\'s best model) or --model DIR (a TF.js Layers model folder)');
  const out = await withWorkbench(flags.workspace, async (wb) => {
    const source = flags.run !== undefined ? { kind: 'run' as const, runId: flags.run } : { kind: 'file' as const, path: resolve(flags.model!) };
    const strategy = flags.seconds !== undefined && flags.seconds > 0 ? 'uniformFirstSeconds' as const : 'uniform' as const;
    const spec = extractionSpec(wb.workspace, {
      source, ...(flags.layer ? { layer: flags.layer } : {}),
      input: { frames: flags.frames, size: flags.size, strategy, ...(strategy === 'uniformFirstSeconds' ? { seconds: flags.seconds } : {}) },
    });
    const jobId = wb.jobs.enqueue('training.codes', { ...spec, batchSize: flags.batchSize });
    process.stderr.write(`Extracting codes (job ${jobId}); Ctrl+C cancels, running the same command again resumes\n`);
    const onSignal = (): void => void wb.jobs.cancelSettled(jobId);
    process.once('SIGINT', onSignal);
    try {
      const job = await wb.jobs.wait(jobId);
      if (job.state !== 'done') throw new Error(`Code extraction ${job.state}: ${job.error ?? 'no message'}`);
    } finally {
      process.off('SIGINT', onSignal);
    }
    const row = wb.workspace.jobs.get(jobId);
    const result = JSON.parse(row?.result ?? 'null') as CodesJobResult;
    const set = listCodeSets(wb.workspace).find((s) => s.key === result.key)!;
    return { ...set, written: result.written, existing: result.existing, failed: result.failed, backend: result.backend };
  });
  if (flags.json) return void process.stdout.write(JSON.stringify(out) + '\n');
  const lines = [`Code set ${out.key}`, `  ${out.clips} clips, codes [${out.shape.join(', ')}] (T x D) from layer ${out.layer} of ${sourceText(out.source)}`,
    `  ${out.written} written, ${out.existing} already cached, ${out.failed.length} failed, backend ${out.backend}`];
  for (const f of out.failed.slice(0, 10)) lines.push(`  failed ${f.name}: ${f.error}`);
  lines.push(`  use it as a codes input: { "kind": "codes", "codesKey": "${out.key}" } with model.config.codeSize ${out.shape[1]}`);
  process.stdout.write(lines.join('\n') + '\n');
}

/** `mwb codes list`: every code set, newest first. */
async function listCommand(flags: ListFlags): Promise<void> {
  const sets = await withWorkbench(flags.workspace, (wb) => listCodeSets(wb.workspace));
  if (flags.json) return void process.stdout.write(JSON.stringify(sets) + '\n');
  if (!sets.length) return void process.stdout.write('No code sets yet: extract one with mwb codes extract --run N\n');
  for (const s of sets) {
    process.stdout.write(`${s.key.slice(0, 12)}  ${`${s.shape.join('x')}`.padEnd(9)} ${String(s.clips).padStart(5)} clips  layer ${s.layer}  from ${sourceText(s.source)}\n`);
  }
}

/** The PCA as text: explained variance, then per class the centroid of its points. */
export function pcaText(p: CodesPca): string {
  const ev = p.explained.map((e, i) => `PC${i + 1} ${(e * 100).toFixed(1)}%`).join(', ');
  const lines = [`PCA of ${p.points} mean codes (D = ${p.dims}): explained variance ${ev}`];
  for (const c of p.classes) {
    const cx = c.points.reduce((s, q) => s + q.x, 0) / c.points.length, cy = c.points.reduce((s, q) => s + q.y, 0) / c.points.length;
    lines.push(`  ${c.name.padEnd(16)} ${String(c.points.length).padStart(4)} clips  centre (${cx.toFixed(3)}, ${cy.toFixed(3)})`);
  }
  return lines.join('\n');
}

/** `mwb codes pca KEY`: the 2-D PCA of mean codes per class. */
async function pcaCommand(key: string, flags: PcaFlags): Promise<void> {
  if ((flags.splitSet === undefined) !== (flags.subset === undefined)) throw new Error('Give --split-set and --subset together (or neither, for every clip)');
  const out = await withWorkbench(flags.workspace, (wb) => {
    const full = listCodeSets(wb.workspace).filter((s) => s.key.startsWith(key));
    if (full.length > 1) throw new Error(`"${key}" matches ${full.length} code sets; give more characters of the key`);
    return codeSetPca(wb.workspace, full[0]?.key ?? key, { splitSetId: flags.splitSet, subset: flags.subset });
  });
  process.stdout.write(flags.json ? JSON.stringify(out) + '\n' : pcaText(out) + '\n');
}

/** `mwb codes extract|list|pca`: S002's cached backbone codes. */
export function registerCodesCommands(program: Command): void {
  const codes = program.command('codes').description('cached per-clip backbone codes [T, D] for sequence heads (S002)');
  codes.command('extract')
    .description('extract per-frame codes of every clip from a run\'s best model or a model folder (S002: 10 frames over the first 2 s)')
    .option('--run <run>', 'take the backbone from this run\'s best model', intOption)
    .option('--model <dir>', 'take the backbone from a TF.js Layers model folder')
    .option('--layer <name>', 'layer to take codes from (default: the feature or penultimate layer)')
    .option('--frames <n>', 'frames per clip (T)', intOption, 10)
    .option('--seconds <s>', 'spread the frames over the first S seconds (0 = the whole clip)', numberOption, 2)
    .option('--size <px>', 'frame size the backbone takes', intOption, 224)
    .option('--batch-size <n>', 'frames per forward pass', intOption, 32)
    .option('--workspace <dir>', 'workspace folder (default: the one the app last used)')
    .option('--json', 'print the code set as JSON')
    .action(extractCommand);
  codes.command('list')
    .description('every code set, newest first')
    .option('--workspace <dir>', 'workspace folder (default: the one the app last used)')
    .option('--json', 'print a JSON array of code sets')
    .action(listCommand);
  codes.command('pca')
    .description('2-D PCA of each clip\'s mean code, per class, with the explained variance')
    .argument('<key>', 'code set key (or its first characters)')
    .option('--split-set <id>', 'only clips of this split set…', intOption)
    .option('--subset <name>', '…in this subset (train, val, test, unused)')
    .option('--workspace <dir>', 'workspace folder (default: the one the app last used)')
    .option('--json', 'print the projection as JSON')
    .action(pcaCommand);
}
