/**
 * Info of 'lstm-head': the benchmark's name for S002's LSTM head, kept so recorded runs and
 * bench/backends.ts still build. Same model as 'seq-lstm'; its config has no dropout field and
 * uses none (../lstmHead.ts).
 */
import { z } from 'zod';
import { registerModelFamily } from '../registry.js';
import { codesInput } from './sequenceHeads.js';

const schema = z.object({
  steps: z.number().int().min(1).default(10),
  codeSize: z.number().int().min(1).default(512),
  units: z.number().int().min(1).default(256),
  classes: z.number().int().min(2).default(101),
});
/** Config of the LSTM head; input [steps, codeSize]. */
export type LstmHeadConfig = z.infer<typeof schema>;

/** Registered as 'lstm-head' (alias of 'seq-lstm' without dropout). */
export const lstmHeadFamily = registerModelFamily<LstmHeadConfig>({
  id: 'lstm-head',
  describe: 'S002 LSTM head over T per-frame CNN codes, averaging per-step softmax (seq-lstm without dropout)',
  configSchema: schema as z.ZodType<LstmHeadConfig>,
  inputs: codesInput,
  classes: (c) => c.classes,
  output: 'probabilities',
  tinyConfig: { steps: 3, codeSize: 6, units: 5, classes: 3 },
});
