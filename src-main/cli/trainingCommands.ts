import type { Command } from 'commander';
import type { BackendChoice } from '../training/backends/ladder.js';
import { RUNG_IDS, type RungId } from '../training/backends/rungIds.js';
import { modelFamilyInfos } from '../training/run/recipes.js';

/** `mwb models [--json]`: the registered model families with their default inputs. */
export function modelsCommand(opts: { json?: boolean }): void {
  // Defaults come from the catalogue: families with required fields (multitask tasks) show their tiny config.
  const rows = modelFamilyInfos().map((f) => ({ id: f.id, inputs: f.inputs, description: f.description, defaultConfig: f.defaults }));
  if (opts.json) {
    process.stdout.write(JSON.stringify(rows) + '\n');
    return;
  }
  for (const r of rows) {
    const inputs = r.inputs.map((i) => `${i.name} [${i.shape.join('x')}]`).join(', ');
    process.stdout.write(`${r.id.padEnd(12)} ${r.description}\n${''.padEnd(12)} input ${inputs}\n` +
      `${''.padEnd(12)} config ${configFields(r.defaultConfig)}\n`);
  }
}

/** A family's config fields with their defaults on one line, e.g. `inputSize=224 freeze={"mode":"none"}`. */
function configFields(config: Record<string, unknown>): string {
  return Object.entries(config).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ');
}

/** `mwb doctor [--json]`: which training backend is in use, on what, and how to get a faster one. */
export async function doctorCommand(opts: { json?: boolean; backend?: string }): Promise<void> {
  // Loaded here, not at the top: every other mwb command would otherwise load TensorFlow.js.
  const [{ backendBanner, selectBackend }, { RUNGS }] = await Promise.all([import('../training/backends/ladder.js'), import('../training/backends/rungs.js')]);
  const choice = await selectBackend({ force: opts.backend as RungId | undefined });
  const report = { ...choice, banner: backendBanner(choice), ladder: RUNGS.map((r) => ({ rung: r.id, speed: r.speed, howToGet: r.howToGet })) };
  if (opts.json) process.stdout.write(JSON.stringify(report) + '\n');
  else process.stdout.write(doctorText(choice));
}

/** The human-readable doctor report. */
export function doctorText(c: BackendChoice): string {
  const lines = [
    `Training backend: ${c.rung}`,
    `  device    ${c.device}`,
    `  threads   ${c.threads}`,
    `  versions  ${Object.entries(c.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `  speed     ${c.speed}`,
  ];
  if (c.skipped.length) {
    lines.push('Not available here:');
    for (const s of c.skipped) lines.push(`  ${s.rung.padEnd(14)} ${s.error}`);
  }
  if (c.howToGetFaster.length) {
    lines.push('How to get a faster backend:');
    for (const h of c.howToGetFaster) lines.push(`  ${h}`);
  }
  return lines.join('\n') + '\n';
}

/** `mwb models`, `mwb doctor`: the training area's commands. */
export function registerTrainingCommands(program: Command): void {
  program.command('models')
    .description('list the model families that can be trained')
    .option('--json', 'print a JSON array of {id, inputs, description, defaultConfig}')
    .action(modelsCommand);

  program.command('doctor')
    .description('show the training backend in use (tfjs-node-gpu, tfjs-node, wasm or cpu) and how to get a faster one')
    .option('--json', 'print the report as JSON')
    .option('--backend <rung>', `use only this rung (${RUNG_IDS.join(', ')}); also MWB_TRAINING_BACKEND`)
    .action(doctorCommand);
}
