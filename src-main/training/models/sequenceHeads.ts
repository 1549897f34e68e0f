/**
 * S002's heads over cached per-frame CNN codes [T, D] (Giel & Diaz): 'seq-average' (mean code
 * over T -> 2-layer MLP with ReLU and dropout, logits) and three recurrent heads, 'seq-rnn'
 * (vanilla RNN), 'seq-lstm' and 'seq-birnn' (bidirectional vanilla RNN, states concatenated),
 * which score every time step with a shared dense softmax and average the T softmax vectors
 * (output: probabilities). Layer names: mean_code, hidden, hidden_dropout, classifier (average);
 * rnn, rnn_dropout, step_softmax, mean_softmax (recurrent).
 */
import * as tf from '@tensorflow/tfjs';
import { apply } from './blocks.js';
import { registerModelBuilder } from './builders.js';
import { seqAverageFamily, seqBirnnFamily, seqLstmFamily, seqRnnFamily, type SequenceHeadConfig } from './families/sequenceHeads.js';

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

registerModelBuilder(seqAverageFamily, buildAverageHead);
registerModelBuilder(seqRnnFamily, (c) => buildRecurrentHead('rnn', c, 'seq_rnn'));
registerModelBuilder(seqLstmFamily, (c) => buildRecurrentHead('lstm', c, 'seq_lstm'));
registerModelBuilder(seqBirnnFamily, (c) => buildRecurrentHead('birnn', c, 'seq_birnn'));
