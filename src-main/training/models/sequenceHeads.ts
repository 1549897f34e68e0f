/**
 * S002's heads over cached per-frame CNN codes [T, D] (Giel & Diaz): 'seq-average' (mean code
 * over T -> 2-layer MLP with ReLU and dropout, logits) and three recurrent heads, 'seq-rnn'
 * (vanilla RNN), 'seq-lstm' and 'seq-birnn' (bidirectional vanilla RNN, states concatenated),
 * which score every time step with a shared dense softmax and average the T softmax vectors
 * (output: probabilities). Layer names: mean_code, hidden, hidden_dropout, classifier (average);
 * rnn, rnn_dropout, step_softmax, mean_softmax (recurrent).
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { apply } from './blocks.js';
import { registerModelFamily, type ModelFamily, type ModelInput } from './registry.js';

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

/** The recurrent layer of each recurrent head, reading [B, T, D] and returning [B, T, units']. */
export const RECURRENT_CELLS: Record<string, (units: number) => tf.layers.Layer> = {
  rnn: (units) => tf.layers.simpleRNN({ units, returnSequences: true, name: 'rnn' }),
  lstm: (units) => tf.layers.lstm({ units, returnSequences: true, name: 'rnn' }),
  birnn: (units) => tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units, returnSequences: true }) as tf.RNN, mergeMode: 'concat', name: 'rnn' }),
};

/** Recurrent head: codes [B, T, D] -> per-step softmax [B, T, classes] -> mean over T [B, classes]. */
export function buildRecurrentHead(cell: string, c: SequenceHeadConfig, name: string): tf.LayersModel {
  const make = RECURRENT_CELLS[cell];
  if (!make) throw new Error(`Unknown recurrent cell "${cell}"; use one of ${Object.keys(RECURRENT_CELLS).join(', ')}`);
  const input = tf.input({ shape: [c.steps, c.codeSize], name: 'codes' });
  let x = apply(make(c.units), input);
  if (c.dropout > 0) x = apply(tf.layers.dropout({ rate: c.dropout, name: 'rnn_dropout' }), x);
  x = apply(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: c.classes, activation: 'softmax' }), name: 'step_softmax' }), x);
  const out = apply(tf.layers.globalAveragePooling1d({ name: 'mean_softmax' }), x);
  return tf.model({ inputs: input, outputs: out, name });
}

/** Average head: mean code over T -> dense (ReLU) -> dropout -> dense logits [B, classes]. */
function buildAverageHead(c: SequenceHeadConfig): tf.LayersModel {
  const input = tf.input({ shape: [c.steps, c.codeSize], name: 'codes' });
  let x = apply(tf.layers.globalAveragePooling1d({ name: 'mean_code' }), input);
  x = apply(tf.layers.dense({ units: c.units, activation: 'relu', name: 'hidden' }), x);
  if (c.dropout > 0) x = apply(tf.layers.dropout({ rate: c.dropout, name: 'hidden_dropout' }), x);
  const out = apply(tf.layers.dense({ units: c.classes, name: 'classifier' }), x);
  return tf.model({ inputs: input, outputs: out, name: 'seq_average' });
}

/** The input every sequence head reads. */
export const codesInput = (c: { steps: number; codeSize: number }): ModelInput[] =>
  [{ name: 'codes', shape: [c.steps, c.codeSize], dtype: 'float32', description: 'penultimate-layer CNN codes of T frames' }];

const TINY = { steps: 3, codeSize: 6, units: 5, dropout: 0.1, classes: 3 };
const common = { configSchema: schema as z.ZodType<SequenceHeadConfig>, inputs: codesInput, classes: (c: SequenceHeadConfig) => c.classes, tinyConfig: TINY };

const heads: ModelFamily<SequenceHeadConfig>[] = [
  { ...common, id: 'seq-average', describe: 'S002 Average head: mean of T codes -> 2-layer MLP (ReLU, dropout)', output: 'logits',
    featureLayer: () => 'hidden', build: buildAverageHead },
  { ...common, id: 'seq-rnn', describe: 'S002 vanilla RNN over T codes, averaging per-step softmax', output: 'probabilities',
    build: (c) => buildRecurrentHead('rnn', c, 'seq_rnn') },
  { ...common, id: 'seq-lstm', describe: 'S002 LSTM over T codes, averaging per-step softmax', output: 'probabilities',
    build: (c) => buildRecurrentHead('lstm', c, 'seq_lstm') },
  { ...common, id: 'seq-birnn', describe: 'S002 bidirectional RNN over T codes, averaging per-step softmax', output: 'probabilities',
    build: (c) => buildRecurrentHead('birnn', c, 'seq_birnn') },
];
heads.forEach((h) => registerModelFamily(h));
