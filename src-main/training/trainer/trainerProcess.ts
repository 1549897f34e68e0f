/**
 * The training child process: selects the backend (and reports it first), seeds `Math.random`,
 * runs the one job the parent sends (`train`, or `evaluate` through the evaluation module) and
 * exits. Only the run folder and the manifest's files are touched here, never the database, so
 * a crash in this process cannot damage the workspace.
 */
import { backendRecord, selectBackend } from '../backends/ladder.js';
import type { FromTrainer, ToTrainer } from './protocol.js';
import { installSeededMathRandom } from './seededRandom.js';
import { trainRun } from './trainLoop.js';
import { TrainerCancelled } from './validate.js';

let cancelled = false;
let busy = false;
/** Iterations reported so far, and how many had been when the cancel arrived. */
let iters = 0;
let itersAtCancel = 0;

/** Sends one message and resolves once it has been handed to the channel. */
function send(msg: FromTrainer): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

async function handle(msg: ToTrainer): Promise<void> {
  if (msg.type === 'cancel') {
    cancelled = true;
    itersAtCancel = iters;
    if (!busy) process.exit(0);
    return;
  }
  if (busy) return void send({ type: 'error', message: 'The training process is already busy with a run' });
  busy = true;
  let code = 0;
  try {
    const choice = await selectBackend();
    await send({ type: 'backend', record: backendRecord(choice) });
    const seed = msg.type === 'train' ? msg.config.training.seed : 1;
    const { rng } = installSeededMathRandom(seed);
    if (msg.type === 'train') {
      await trainRun(msg, { send: (m) => { if (m.type === 'iter') iters++; void send(m); }, cancelled: () => cancelled, rng });
    } else {
      const { evaluateInTrainer } = await import('../eval/evaluate.js');
      await send({ type: 'evaluated', result: await evaluateInTrainer(msg, { cancelled: () => cancelled }) });
    }
  } catch (err) {
    if (err instanceof TrainerCancelled) await send({ type: 'cancelled', itersAfterCancel: iters - itersAtCancel });
    else {
      code = 1;
      await send({ type: 'error', message: err instanceof Error ? err.message : String(err), stack: (err as Error)?.stack });
    }
  }
  process.exit(code);
}

process.on('message', (msg: ToTrainer) => void handle(msg));
process.on('disconnect', () => process.exit(0)); // the parent went away: nobody is listening
