/**
 * Info of 'two-stream-mid', two-stream mid fusion (S001's "two-stream by concatenating features +
 * new dense head"; S004's fusion by a trained layer). The model's inputs are the two streams'
 * inputs named '<stream name>_<family input name>'; layer naming and freezing: ../twoStreamMid.ts.
 */
import { z } from 'zod';
import { getModelFamily, parseModelConfig, registerModelFamily, type ModelInput } from '../registry.js';
import { checkFamilyRef, familyRefFields, type FamilyRef } from './familyRef.js';

/** One stream: a family, its config and its layer-name prefix without the '_' (default by position). */
const streamSchema = (defaultName: string) => z.object({
  ...familyRefFields,
  name: z.string().regex(/^[a-z][a-z0-9]*$/, 'use lower-case letters and digits, starting with a letter')
    .refine((n) => n !== 'fusion', 'the head\'s layers are named fusion_*: choose another stream name').default(defaultName),
}).strict().superRefine(checkFamilyRef);
const schema = z.object({
  streams: z.tuple([streamSchema('rgb'), streamSchema('flow')]).default([
    { family: 'small-cnn', config: {}, name: 'rgb' },
    { family: 'cnn3d', config: {}, name: 'flow' },
  ]),
  hiddenUnits: z.number().int().min(1).default(512),
  dropout: z.number().min(0).max(0.95).default(0.5),
  classes: z.number().int().min(2).default(40),
  freezeStreams: z.boolean().default(false),
}).refine((c) => c.streams[0].name !== c.streams[1].name, { message: 'the two streams need different names', path: ['streams'] });
/** Config of the mid-fusion model. */
export type TwoStreamMidConfig = z.infer<typeof schema>;

/** The stream's inputs with their names prefixed as in the built model. */
function streamInputs(s: FamilyRef & { name: string }): ModelInput[] {
  const config = parseModelConfig(s.family, s.config);
  return getModelFamily(s.family).inputs(config).map((i) => ({ ...i, name: `${s.name}_${i.name}`, description: `${s.name} stream: ${i.description}` }));
}

/** Registered as 'two-stream-mid'. */
export const twoStreamMidFamily = registerModelFamily<TwoStreamMidConfig>({
  id: 'two-stream-mid',
  describe: 'S001/S004 two-stream mid fusion: two streams\' features concatenated -> new dense head (streams frozen or not)',
  configSchema: schema as unknown as z.ZodType<TwoStreamMidConfig>,
  inputs: (c) => c.streams.flatMap(streamInputs),
  classes: (c) => c.classes,
  output: 'logits',
  featureLayer: () => 'fusion_hidden',
  tinyConfig: {
    streams: [
      { family: 'small-cnn', config: { inputSize: 16, widths: [3, 4, 4], denseUnits: 6, dropout: 0, classes: 3 }, name: 'rgb' },
      { family: 'cnn3d', config: { frames: 4, size: 16, filters: [2, 2, 3], denseUnits: 6, dropout: 0, classes: 3 }, name: 'flow' },
    ],
    hiddenUnits: 8, dropout: 0.1, classes: 3,
  },
});
