import { Option, type Command } from 'commander';
import { demoCommand } from './demoCommand.js';
import { infoCommand } from './infoCommand.js';
import { intOption } from './options.js';
import { serveCommand } from './serveCommand.js';

/** `mwb demo`, `mwb info`, `mwb serve`: the foundation's commands. */
export function registerCoreCommands(program: Command): void {
  program.command('demo')
    .description('create a workspace with the synthetic "motion actions" demo dataset')
    .argument('<dir>', 'folder for the new workspace (created if missing)')
    .option('--clips-per-class <n>', 'clips per class', intOption, 12)
    .option('--seed <n>', 'random seed (same seed, same videos)', intOption, 1)
    .option('--json', 'print the summary as JSON')
    .action(demoCommand);

  program.command('info')
    .description('counts of media, clips, classes and jobs in a workspace')
    .argument('<workspace>', 'workspace folder')
    .option('--json', 'print JSON with keys media, clips, classes, jobs, mediaErrors, splitSets')
    .action(infoCommand);

  program.command('serve')
    .description('serve the UI in browser mode on 127.0.0.1 with a per-launch token')
    .argument('[workspace]', 'workspace folder (created if missing); default: the last one opened')
    .option('--port <n>', 'port (0 = any free port)', intOption, 0)
    .option('--host <address>', 'loopback address to bind', '127.0.0.1')
    .addOption(new Option('--reason <text>', 'why browser mode (shown in the UI)').hideHelp())
    .action(serveCommand);
}
