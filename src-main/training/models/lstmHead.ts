/**
 * S002's LSTM head over per-frame CNN codes: an LSTM reads T codes, a shared dense softmax scores
 * every time step, and the prediction is the mean of the per-step probabilities.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { registerModelFamily } from './registry.js';

const schema = z.object({
  steps: z.number().int().min(1).default(10),
  codeSize: z.number().int().min(1).default(512),
  units: z.number().int().min(1).default(256),
  classes: z.number().int().min(2).default(101),
});
/** Config of the LSTM head; input [steps, codeSize]. */
export type LstmHeadConfig = z.infer<typeof schema>;

function build(c: LstmHeadConfig): tf.LayersModel {
  const m = tf.sequential({ name: 'lstm_head' });
  m.add(tf.layers.lstm({ inputShape: [c.steps, c.codeSize], units: c.units, returnSequences: true }));
  m.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: c.classes, activation: 'softmax' }) }));
  m.add(tf.layers.globalAveragePooling1d({}));
  return m;
}

/** Registered as 'lstm-head'. */
export const lstmHeadFamily = registerModelFamily<LstmHeadConfig>({
  id: 'lstm-head',
  describe: 'S002 LSTM head over T per-frame CNN codes, averaging per-step softmax',
  configSchema: schema as z.ZodType<LstmHeadConfig>,
  inputs: (c) => [{ name: 'codes', shape: [c.steps, c.codeSize], dtype: 'float32', description: 'penultimate-layer codes of T frames' }],
  classes: (c) => c.classes,
  output: 'probabilities',
  tinyConfig: { steps: 3, codeSize: 6, units: 5, classes: 3 },
  build,
});
