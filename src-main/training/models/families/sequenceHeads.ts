/**
 * Infos of S002's heads over cached per-frame CNN codes [T, D] (Giel & Diaz): 'seq-average'
 * (mean code -> 2-layer MLP, logits) and the recurrent 'seq-rnn', 'seq-lstm', 'seq-birnn'
 * (per-step softmax averaged over T: probabilities); architectures and layer names:
 * ../sequenceHeads.ts.
 */
import { z } from 'zod';
import { registerModelFamily, type ModelInput } from '../registry.js';

const fields = {
  steps: z.number().int().min(1).default(10),
  codeSize: z.number().int().min(1).default(512),
  /** Hidden units: the MLP's hidden layer, or the recurrent state size (per direction). */
  units: z.number().int().min(1).default(256),
  dropout: z.number().min(0).max(0.95).default(0.5),
  classes: z.number().int().min(2).default(101),
};
const schema = z.object(fields);
/** Config of a sequence head; input [steps, codeSize]. */
export type SequenceHeadConfig = z.infer<typeof schema>;

/** The input every sequence head reads. */
export const codesInput = (c: { steps: number; codeSize: number }): ModelInput[] =>
  [{ name: 'codes', shape: [c.steps, c.codeSize], dtype: 'float32', description: 'penultimate-layer CNN codes of T frames' }];

const TINY = { steps: 3, codeSize: 6, units: 5, dropout: 0.1, classes: 3 };
const common = { configSchema: schema as z.ZodType<SequenceHeadConfig>, inputs: codesInput, classes: (c: SequenceHeadConfig) => c.classes, tinyConfig: TINY };

/** Registered as 'seq-average'. */
export const seqAverageFamily = registerModelFamily<SequenceHeadConfig>({ ...common, id: 'seq-average',
  describe: 'S002 Average head: mean of T codes -> 2-layer MLP (ReLU, dropout)', output: 'logits', featureLayer: () => 'hidden' });
/** Registered as 'seq-rnn'. */
export const seqRnnFamily = registerModelFamily<SequenceHeadConfig>({ ...common, id: 'seq-rnn',
  describe: 'S002 vanilla RNN over T codes, averaging per-step softmax', output: 'probabilities' });
/** Registered as 'seq-lstm'. */
export const seqLstmFamily = registerModelFamily<SequenceHeadConfig>({ ...common, id: 'seq-lstm',
  describe: 'S002 LSTM over T codes, averaging per-step softmax', output: 'probabilities' });
/** Registered as 'seq-birnn'. */
export const seqBirnnFamily = registerModelFamily<SequenceHeadConfig>({ ...common, id: 'seq-birnn',
  describe: 'S002 bidirectional RNN over T codes, averaging per-step softmax', output: 'probabilities' });
