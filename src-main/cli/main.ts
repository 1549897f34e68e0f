import { Command } from 'commander';
import { registerCodesCommands } from './codesCommands.js';
import { registerCoreCommands } from './coreCommands.js';
import { registerDatasetCommands } from './datasetCommands.js';
import { registerEvalCommands } from './evalCommands.js';
import { registerEventCommands } from './eventCommands.js';
import { registerExportCommands } from './exportCommands.js';
import { registerFlowCommands } from './flowCommands.js';
import { registerLabelCommands } from './labelCommands.js';
import { registerRunCommands } from './runCommands.js';
import { registerSplitCommands } from './splitCommands.js';
import { registerTrainingCommands } from './trainingCommands.js';

/**
 * The `mwb` program. Each area adds its commands through one `registerXCommands(program)` module,
 * listed here, so adding a command group is one import and one line.
 */
const program = new Command('mwb')
  .description('Motion Workbench on the command line: the same core as the app, no UI')
  .showHelpAfterError();

registerCoreCommands(program);
registerDatasetCommands(program);
registerEventCommands(program);
registerExportCommands(program);
registerFlowCommands(program);
registerLabelCommands(program);
registerRunCommands(program);
registerEvalCommands(program); // after the runs group: adds runs export|import|fuse to it
registerSplitCommands(program);
registerTrainingCommands(program);
registerCodesCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`mwb: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
