import { z } from 'zod';
import type { ArgsOf, Channel } from './contract.js';

const id = z.number().int().positive();
const noArgs = z.union([z.null(), z.undefined()]).transform(() => undefined);
/** An importer id plus its options; the importer's own schema checks the options in the handler. */
const importRequest = z.object({
  importer: z.string().trim().min(1, 'choose an importer').max(64),
  options: z.record(z.string(), z.unknown()),
}).strict();

/** Split set channels (`splits:*`); each strategy's own schema checks `params` in the handler. */
const splitName = z.string().trim().min(1, 'a split set needs a name').max(200);
const splitSchemas = {
  'splits:strategies': noArgs,
  'splits:list': noArgs,
  'splits:create': z.object({
    name: splitName,
    strategy: z.string().trim().min(1, 'choose a strategy').max(64),
    params: z.record(z.string(), z.unknown()),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  }).strict(),
  'splits:duplicate': z.object({ id, name: splitName }).strict(),
  'splits:lock': z.object({ id, locked: z.boolean() }).strict(),
  'splits:delete': z.object({ id }).strict(),
  'splits:stats': z.object({ id, minPerPart: z.number().int().min(1).max(10_000).optional() }).strict(),
  'splits:assign': z.object({
    id,
    clipIds: z.array(id).min(1, 'choose at least one clip').max(100_000),
    subset: z.enum(['train', 'val', 'test', 'unused']),
    fold: z.number().int().min(0).max(49).nullable().optional(),
  }).strict(),
  'splits:check': z.object({ id, threshold: z.number().int().min(0).max(16).optional(), nearDuplicates: z.boolean().optional() }).strict(),
  'splits:findings': z.object({ id }).strict(),
} as const;

/** Motion preview channels (`motion:*`): the synchronised RGB / flow / DVS viewer. */
const motionSchemas = {
  'motion:preview': z.object({ clipId: id }).strict(),
  'motion:manifest': z.object({ clipId: id }).strict(),
  'motion:arrows': z.object({ clipId: id, frame: z.number().int().min(0).max(1_000_000), grid: z.number().int().min(2).max(64).optional() }).strict(),
  'motion:dvsFrame': z.object({
    clipId: id,
    t0Us: z.number().int().min(0).max(2 ** 40),
    t1Us: z.number().int().min(0).max(2 ** 40),
    mode: z.enum(['polarity', 'binary', 'stack3']),
    on: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb').optional(),
    off: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb').optional(),
  }).strict().refine((a) => a.t1Us > a.t0Us, { message: 'the window must end after it starts', path: ['t1Us'] }),
} as const;

/** Clip filter fields shared by `clips:list`, `clips:neighbor` (see `ClipFilter`). */
/** Payloads of the runs area (training, evaluation, fusion, export). */
const runArgs = z.object({ runId: id }).strict();
const trainSubset = z.enum(['train', 'val', 'test']);
const runsSchemas = {
  'runs:list': noArgs,
  'runs:get': runArgs,
  'runs:metrics': runArgs,
  // the run config itself is validated by training/run/config.ts, which names every bad field
  'runs:start': z.object({ config: z.record(z.string(), z.unknown()) }).strict(),
  'runs:resume': runArgs,
  'runs:update': z.object({ runId: id, name: z.string().trim().min(1).max(200).optional(), notes: z.string().max(10_000).optional() }).strict(),
  'runs:delete': runArgs,
  'runs:evaluate': z.object({ runId: id, subset: trainSubset, checkpoint: z.enum(['best', 'last']).optional(), splitSetId: id.optional() }).strict(),
  'runs:predictions': z.object({ evaluationId: id, only: z.enum(['all', 'wrong']).optional(), limit: z.number().int().min(1).max(100_000).optional() }).strict(),
  'runs:fuse': z.object({ runIds: z.tuple([id, id]), subset: z.enum(['val', 'test']), method: z.enum(['mean', 'weighted', 'svm']),
    weights: z.tuple([z.number().min(0), z.number().min(0)]).optional(), name: z.string().trim().min(1).max(200).optional() }).strict()
    .refine((a) => a.runIds[0] !== a.runIds[1], { message: 'choose two different runs', path: ['runIds'] }),
  'runs:export': z.object({ runId: id, dir: z.string().min(1) }).strict(),
  'runs:import': z.object({ dir: z.string().min(1), name: z.string().trim().min(1).max(200).optional() }).strict(),
  'runs:recipes': noArgs,
  'training:families': noArgs,
};

/** Payloads of the code-set channels (S002: codes extracted from a backbone, their PCA). */
const codesSchemas = {
  'codes:list': noArgs,
  'codes:extract': z.object({
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('run'), runId: id }).strict(),
      z.object({ kind: z.literal('file'), path: z.string().trim().min(1, 'choose the model folder (it holds model.json)').max(4096) }).strict(),
    ]),
    layer: z.string().trim().min(1).max(300).optional(),
    input: z.object({
      frames: z.number().int().min(1, 'take at least one frame per clip').max(256),
      size: z.number().int().min(8).max(1024),
      strategy: z.enum(['uniform', 'uniformFirstSeconds', 'middle', 'consecutive']),
      seconds: z.number().positive().max(3600).optional(),
    }).strict(),
    clipIds: z.array(id).min(1).max(200_000).optional(),
  }).strict(),
  'codes:layers': runArgs,
  'codes:pca': z.object({
    key: z.string().trim().min(1).max(200),
    splitSetId: id.optional(),
    subset: z.enum(['train', 'val', 'test', 'unused']).optional(),
  }).strict().refine((a) => (a.subset === undefined) === (a.splitSetId === undefined), { message: 'give a split set and a subset together', path: ['subset'] }),
};

const clipFilter = {
  search: z.string().max(200).optional(),
  label: z.string().trim().min(1).max(200).optional(),
  subset: z.object({ splitSet: id, subset: z.enum(['train', 'val', 'test', 'unused']) }).strict().optional(),
  group: z.string().max(200).optional(),
  view: z.string().max(200).optional(),
  tag: z.string().max(200).optional(),
  status: z.enum(['active', 'excluded', 'negative']).optional(),
  mediaId: id.optional(),
};
/** Clip ids of a bulk edit: up to 200,000 at once (one transaction). */
const clipIds = z.array(id).min(1, 'select at least one clip').max(200_000);
const tagList = z.array(z.string().trim().min(1, 'a tag cannot be empty').max(100)).max(100);
const optText = z.string().trim().max(200).nullable().transform((v) => (v === '' ? null : v));
const className = z.string().trim().min(1, 'a class name cannot be empty').max(200);
const seconds = z.number().finite().min(0).max(1e7);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #4e79a7');

/**
 * Runtime validation of every channel's argument, checked at the edge (Electron IPC and the
 * browser bridge) before any handler runs. `satisfies` ties each schema to the contract's type.
 */
export const ARG_SCHEMAS = {
  'app:info': noArgs,
  'workspace:current': noArgs,
  'workspace:open': z.object({ path: z.string().trim().min(1, 'a folder path is required').max(4096) }).strict(),
  'workspace:recent': noArgs,
  'workspace:pickFolder': noArgs,
  'workspace:pickFile': z.object({
    title: z.string().max(200).optional(),
    extensions: z.array(z.string().regex(/^\w{1,10}$/, 'an extension without the dot, e.g. json')).max(10).optional(),
  }).strict(),
  'demo:create': z.object({
    path: z.string().trim().min(1).max(4096).optional(),
    clipsPerClass: z.number().int().min(1).max(100).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  }).strict(),
  'clips:list': z.object({
    offset: z.number().int().min(0),
    limit: z.number().int().min(1).max(1000),
    ...clipFilter,
  }).strict(),
  'clips:get': z.object({ id }).strict(),
  'classes:list': noArgs,
  'jobs:list': noArgs,
  'jobs:cancel': z.object({ id }).strict(),
  'jobs:resume': z.object({ id }).strict(),
  'import:list': noArgs,
  'import:preview': importRequest,
  'import:start': importRequest,
  'media:relink': z.object({ folder: z.string().trim().min(1, 'a folder path is required').max(4096) }).strict(),
  'jobs:result': z.object({ id }).strict(),
  'cache:stats': noArgs,
  'cache:clear': z.object({ areas: z.array(z.string().regex(/^[\w.-]{1,64}$/, 'a cache folder name')).max(100).optional() }).strict(),
  'export:start': z.object({
    format: z.string().min(1).max(64),
    split: z.string().trim().min(1).max(200).optional(),
    out: z.string().trim().min(1, 'an output folder is required').max(4096),
    rawframes: z.boolean().optional(),
    root: z.string().trim().min(1).max(4096).optional(),
    shortSide: z.number().int().min(16).max(4096).optional(),
    fold: z.number().int().min(1).max(99).optional(),
    flow: z.enum(['none', 'farneback', 'tvl1']).optional(),
  }).strict(),
  'clips:update': z.object({
    ids: clipIds,
    patch: z.object({
      label: className.nullable().optional(),
      group: optText.optional(),
      view: optText.optional(),
      status: z.enum(['active', 'excluded', 'negative']).optional(),
      addTags: tagList.optional(),
      removeTags: tagList.optional(),
    }).strict(),
  }).strict(),
  'clips:trim': z.object({
    mediaId: id, start: seconds, end: seconds,
    name: z.string().trim().min(1).max(300).optional(),
    label: className.nullable().optional(),
  }).strict().refine((a) => a.end > a.start, { message: 'the end mark must come after the start mark', path: ['end'] }),
  'clips:setSpan': z.object({ id, start: seconds, end: seconds }).strict()
    .refine((a) => a.end > a.start, { message: 'the end mark must come after the start mark', path: ['end'] }),
  'clips:delete': z.object({ ids: clipIds }).strict(),
  'clips:neighbor': z.object({
    ...clipFilter,
    from: id,
    direction: z.union([z.literal(1), z.literal(-1)]),
    unlabeled: z.boolean().optional(),
  }).strict(),
  'clips:facets': noArgs,
  'clips:history': z.object({ id }).strict(),
  'clips:revert': z.object({ historyId: id }).strict(),
  'clips:link': z.object({ ids: z.array(id).min(2, 'link at least two clips').max(1000) }).strict(),
  'clips:unlink': z.object({ ids: z.array(id).min(1).max(1000) }).strict(),
  'edits:state': noArgs,
  'edits:undo': noArgs,
  'edits:redo': noArgs,
  'classes:add': z.object({ name: className, color: color.optional() }).strict(),
  'classes:rename': z.object({ id, name: className }).strict(),
  'classes:recolor': z.object({ id, color }).strict(),
  'classes:merge': z.object({ from: id, into: id }).strict()
    .refine((a) => a.from !== a.into, { message: 'choose two different classes', path: ['into'] }),
  'classes:delete': z.object({ id, moveTo: id.nullable() }).strict()
    .refine((a) => a.moveTo !== a.id, { message: 'its clips cannot move to the class being deleted', path: ['moveTo'] }),
  ...splitSchemas,
  ...motionSchemas,
  'training:backend': noArgs,
  ...runsSchemas,
  ...codesSchemas,
} satisfies { [C in Channel]: z.ZodType<ArgsOf<C>, unknown> };

/** A payload that failed validation; carried to the UI as a `validation` error. */
export class ValidationError extends Error {
  readonly code = 'validation' as const;
}

/** Validates `args` for `channel`; unknown channels and bad payloads throw ValidationError. */
export function validateArgs<C extends Channel>(channel: C, args: unknown): ArgsOf<C> {
  const schema = (ARG_SCHEMAS as Record<string, z.ZodType | undefined>)[channel];
  if (!schema) throw new ValidationError(`Unknown channel "${String(channel)}"`);
  const parsed = schema.safeParse(args);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
    throw new ValidationError(`Invalid payload for ${channel}: ${detail}`);
  }
  return parsed.data as ArgsOf<C>;
}

/** Whether a string names a channel of the contract (used by the bridge before validation). */
export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(ARG_SCHEMAS, name);
}
