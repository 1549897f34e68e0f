import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { EvaluationsRepo } from '../db/repos/evaluationsRepo.js';
import type { EvaluationMetrics } from '../ipc/contract.js';
import { fuseRuns } from '../training/eval/fuseRuns.js';
import { exportRun, importRun } from '../training/run/exportModel.js';
import { runsOf } from '../training/run/runLifecycle.js';
import { intOption } from './options.js';
import { withWorkbench } from './withWorkbench.js';

interface EvalFlags { run: number; subset: 'train' | 'val' | 'test'; checkpoint: 'best' | 'last'; splitSet?: number; workspace?: string; json?: boolean }
interface WsFlags { workspace?: string; json?: boolean }
interface FuseFlags extends WsFlags { subset: 'val' | 'test'; method: 'mean' | 'weighted' | 'svm'; weights?: [number, number]; name?: string }

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The human-readable report of an evaluation: headline numbers, latency, size, per-class accuracy. */
export function evaluationText(runId: number, name: string, m: EvaluationMetrics): string {
  const l = m.latencyMs;
  const lines = [
    `Run ${runId} "${name}" on ${m.subset} (${m.checkpoint} checkpoint): ${m.clips} clip(s) of ${m.videos} video(s)`,
    `  top-1 ${pct(m.top1)}  top-5 ${pct(m.top5)}  video ${pct(m.videoAccuracy)}  loss ${m.loss.toFixed(4)}`,
    `  latency per clip ${l.total.toFixed(1)} ms = input ${l.preprocess.toFixed(1)} ms (from the video) + forward ${l.forward.toFixed(1)} ms, over ${l.clips} clip(s) on ${m.backend}`,
    `  ${m.params.toLocaleString('en-US')} parameters, ${(m.sizeBytes / 1024 / 1024).toFixed(2)} MiB on disk`,
    '  per class:',
  ];
  const width = Math.max(...m.perClass.map((c) => c.name.length), 5);
  for (const c of m.perClass) lines.push(`    ${c.name.padEnd(width)}  ${pct(c.accuracy).padStart(6)}  (${c.correct}/${c.total})`);
  return lines.join('\n') + '\n';
}

/** `mwb eval --run N --subset test`: evaluates in the training process and prints the result. */
async function evalCommand(flags: EvalFlags): Promise<void> {
  const out = await withWorkbench(flags.workspace, async (wb) => {
    const ws = wb.workspace;
    const row = runsOf(ws).mustGet(flags.run);
    const jobId = wb.jobs.enqueue('training.evaluate', { runId: flags.run, subset: flags.subset, checkpoint: flags.checkpoint,
      ...(flags.splitSet ? { splitSetId: flags.splitSet } : {}) });
    process.stderr.write(`Evaluating run ${flags.run} on ${flags.subset} (job ${jobId}); Ctrl+C cancels\n`);
    const onSignal = (): void => void wb.jobs.cancelSettled(jobId);
    process.once('SIGINT', onSignal);
    try {
      const info = await wb.jobs.wait(jobId);
      if (info.state !== 'done') throw new Error(`Evaluation of run ${flags.run} ${info.state}: ${info.error ?? 'no result'}`);
    } finally {
      process.off('SIGINT', onSignal);
    }
    const evaluation = new EvaluationsRepo(ws.db).latest(flags.run, flags.subset)!;
    return { runId: row.id, name: row.name, evaluation };
  });
  process.stdout.write(flags.json ? JSON.stringify(out.evaluation) + '\n' : evaluationText(out.runId, out.name, out.evaluation.metrics));
}

/** `1,2` -> two non-negative weights. */
function weightsOption(value: string): [number, number] {
  const parts = value.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n) || n < 0)) throw new InvalidArgumentError(`"${value}" is not two non-negative numbers like 2,1`);
  return [parts[0]!, parts[1]!];
}

const wsOption = (): Option => new Option('--workspace <dir>', 'workspace folder (default: the one the app last used)');

/** `mwb eval`, `mwb runs export|import|fuse`: evaluation and model exchange; adds to the `runs` group if it exists. */
export function registerEvalCommands(program: Command): void {
  program.command('eval')
    .description('evaluate a run on a subset: top-1/top-5, video accuracy, loss, latency per clip (input from the video + forward), per-class accuracy')
    .requiredOption('--run <id>', 'the run', intOption)
    .addOption(new Option('--subset <subset>', 'which subset').choices(['train', 'val', 'test']).default('test'))
    .addOption(new Option('--checkpoint <which>', 'which weights').choices(['best', 'last']).default('best'))
    .option('--split-set <id>', 'evaluate on another split set (required for imported runs)', intOption)
    .addOption(wsOption())
    .option('--json', 'print the evaluation (metrics included) as JSON')
    .action(evalCommand);

  const runs = program.commands.find((c) => c.name() === 'runs') ?? program.command('runs').description('training runs of a workspace');
  runs.command('export')
    .description('write a run\'s best model (TF.js Layers model.json + weights), labels.json and preprocessing.json into a folder')
    .argument('<run>', 'run id', intOption)
    .argument('<dir>', 'folder to write (created; must not already hold a model)')
    .addOption(wsOption())
    .option('--json', 'print {dir, files} as JSON')
    .action(async (id: number, dir: string, f: WsFlags) => {
      const out = await withWorkbench(f.workspace, (wb) => exportRun(wb.workspace, id, dir));
      process.stdout.write(f.json ? JSON.stringify(out) + '\n' : `Exported run ${id} to ${out.dir}: ${out.files.join(', ')}\n`);
    });
  runs.command('import')
    .description('import an exported model folder as a run (state imported) to evaluate, distil from, initialise from or extract codes with')
    .argument('<dir>', 'the exported folder')
    .option('--name <name>', 'name of the new run')
    .addOption(wsOption())
    .option('--json', 'print {runId} as JSON')
    .action(async (dir: string, f: WsFlags & { name?: string }) => {
      const out = await withWorkbench(f.workspace, (wb) => importRun(wb.workspace, dir, f.name));
      process.stdout.write(f.json ? JSON.stringify(out) + '\n' : `Imported ${resolve(dir)} as run ${out.runId}\n`);
    });
  runs.command('fuse')
    .description('late fusion of two evaluated runs (mean or weighted mean of softmax, or a linear SVM fitted on their val predictions), stored as a new run')
    .argument('<runA>', 'first run', intOption)
    .argument('<runB>', 'second run', intOption)
    .addOption(new Option('--subset <subset>', 'subset both runs were evaluated on').choices(['val', 'test']).default('test'))
    .addOption(new Option('--method <method>', 'how to fuse').choices(['mean', 'weighted', 'svm']).default('mean'))
    .option('--weights <a,b>', 'weights of the two runs for --method weighted', weightsOption)
    .option('--name <name>', 'name of the fused run')
    .addOption(wsOption())
    .option('--json', 'print the fused evaluation as JSON')
    .action(async (a: number, b: number, f: FuseFlags) => {
      const out = await withWorkbench(f.workspace, async (wb) => {
        const r = await fuseRuns(wb.workspace, { runIds: [a, b], subset: f.subset, method: f.method, weights: f.weights, name: f.name });
        return { ...r, name: runsOf(wb.workspace).mustGet(r.runId).name, evaluation: new EvaluationsRepo(wb.workspace.db).get(r.evaluationId)! };
      });
      process.stdout.write(f.json ? JSON.stringify(out.evaluation) + '\n' : evaluationText(out.runId, out.name, out.evaluation.metrics));
    });
}
