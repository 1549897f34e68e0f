/**
 * 'lstm-head': the benchmark's name for S002's LSTM head, kept so recorded runs and
 * bench/backends.ts still build. Same model as 'seq-lstm' (LSTM over T codes, shared dense
 * softmax per step, mean of the per-step probabilities); its config has no dropout field and
 * uses none.
 */
import { registerModelBuilder } from './builders.js';
import { lstmHeadFamily } from './families/lstmHead.js';
import { buildRecurrentHead } from './sequenceHeads.js';

registerModelBuilder(lstmHeadFamily, (c) => buildRecurrentHead('lstm', { ...c, dropout: 0 }, 'lstm_head'));
