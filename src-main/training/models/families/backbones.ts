/**
 * Infos of the ImageNet-family backbones (S000's transfer backbones, S003/S004's 2D baselines):
 * one common config (input size, channels, classes, freeze mode, head dropout, width multiplier),
 * input 'frame' [inputSize, inputSize, channels], logits, feature layer 'avg_pool'. Their
 * architectures, Keras layer names and freeze stages live with the builders in ../backbones/.
 */
import { z } from 'zod';
import { freezeDefault, freezeSchema } from '../freeze.js';
import { registerModelFamily, type ModelFamily } from '../registry.js';

/** Config fields every backbone family has. */
export const backboneFields = (defaultSize: number, minSize: number) => ({
  /** Square input side in pixels. */
  inputSize: z.number().int().min(minSize).default(defaultSize),
  /** Input channels: 3 for RGB or a DVS 3-frame stack, 2L (e.g. 20) for a flow stack. */
  channels: z.number().int().min(1).default(3),
  classes: z.number().int().min(2).default(101),
  freeze: freezeSchema.default(freezeDefault),
  /** Dropout rate between the pooled features and the new dense head (0 = no dropout layer). */
  headDropout: z.number().min(0).max(0.95).default(0),
  /** Multiplies every layer width (1 = the published network); small values build tiny models for tests. */
  widthScale: z.number().positive().max(4).default(1),
});

/** The common config, as parsed. */
export interface BackboneConfig {
  inputSize: number;
  channels: number;
  classes: number;
  freeze: z.output<typeof freezeSchema>;
  headDropout: number;
  widthScale: number;
}

/** Registers a backbone family: what differs between backbones is the id, text, schema and tiny config. */
function backboneFamily<C extends BackboneConfig>(def: { id: string; describe: string; schema: z.ZodType<C>; tinyConfig: Record<string, unknown> }): ModelFamily<C> {
  return registerModelFamily<C>({
    id: def.id,
    describe: def.describe,
    configSchema: def.schema,
    inputs: (c) => [{ name: 'frame', shape: [c.inputSize, c.inputSize, c.channels], dtype: 'float32', description: 'frame or frame stack, normalised per channel' }],
    classes: (c) => c.classes,
    output: 'logits',
    featureLayer: () => 'avg_pool',
    tinyConfig: def.tinyConfig,
  });
}

const common = z.object(backboneFields(224, 32));
/** Config of ResNet-50, VGG-16/19, DenseNet-121 and MobileNetV2 (the common fields only). */
export type CommonBackboneConfig = z.output<typeof common>;

/** Registered as 'resnet50'. */
export const resnet50Family = backboneFamily<CommonBackboneConfig>({
  id: 'resnet50',
  describe: 'ResNet-50 (bottleneck, Keras layer names) with a new head; S000 backbone, frozen or fine-tuned',
  schema: common,
  // 48 px, not 32: with batch 2, BN over 1x1 maps is so ill-conditioned that backends' rounding differences blow up.
  tinyConfig: { inputSize: 48, widthScale: 1 / 8, classes: 3 },
});

const resnet18Schema = z.object({
  ...backboneFields(224, 32),
  /** Width of the first stage; 64 in the paper. Multiplies with widthScale. */
  baseWidth: z.number().int().min(1).default(64),
});
/** Config of ResNet-18; `baseWidth` is kept for configs written before `widthScale`. */
export type ResNet18Config = z.output<typeof resnet18Schema>;

/** Registered as 'resnet18'. */
export const resnet18Family = backboneFamily<ResNet18Config>({
  id: 'resnet18',
  describe: 'ResNet-18 (2D) on RGB or stacked frames with a new head; S000 backbone, S003/S004 2D baseline',
  schema: resnet18Schema,
  tinyConfig: { inputSize: 32, baseWidth: 2, classes: 3 },
});

/** Registered as 'vgg16' and 'vgg19'. */
export const [vgg16Family, vgg19Family] = (['vgg16', 'vgg19'] as const).map((id) => backboneFamily<CommonBackboneConfig>({
  id,
  describe: `${id === 'vgg16' ? 'VGG-16' : 'VGG-19'} (Keras layer names) with a new head${id === 'vgg19' ? '; S000 backbone' : ''}, frozen or fine-tuned`,
  schema: common,
  tinyConfig: { inputSize: 32, widthScale: 1 / 32, classes: 3 },
})) as [ModelFamily<CommonBackboneConfig>, ModelFamily<CommonBackboneConfig>];

/** Registered as 'densenet121'. */
export const densenet121Family = backboneFamily<CommonBackboneConfig>({
  id: 'densenet121',
  describe: 'DenseNet-121 (Keras layer names) with a new head; S000 backbone, frozen or fine-tuned',
  schema: common,
  // 64 px, not 32: with batch 2, BN over 1x1 maps is so ill-conditioned that backends' rounding differences blow up.
  tinyConfig: { inputSize: 64, widthScale: 1 / 16, classes: 3 },
});

/** Registered as 'mobilenetv2'. */
export const mobilenetv2Family = backboneFamily<CommonBackboneConfig>({
  id: 'mobilenetv2',
  describe: 'MobileNetV2 (Keras layer names) with a new head; a light backbone for frozen or fine-tuned transfer',
  schema: common,
  // 48 px, not 32: with batch 2, BN over 1x1 maps is so ill-conditioned that backends' rounding differences blow up.
  tinyConfig: { inputSize: 48, widthScale: 1 / 8, classes: 3 },
});

const inceptionSchema = z.object(backboneFields(299, 75));
/** Config of Inception v3; input at least 75 px. */
export type InceptionV3Config = z.output<typeof inceptionSchema>;

/** Registered as 'inceptionv3'. */
export const inceptionv3Family = backboneFamily<InceptionV3Config>({
  id: 'inceptionv3',
  describe: 'Inception v3 (Keras layer names, numbered as keras-applications) with a new head; S000 backbone',
  schema: inceptionSchema,
  // 107 px (75 is the minimum): at 75 the 1x1 maps of mixed8-10 make BN with batch 2 ill-conditioned.
  tinyConfig: { inputSize: 107, widthScale: 1 / 16, classes: 3 },
});
