import { z } from 'zod';
import type { ArgsOf, Channel } from './contract.js';

const id = z.number().int().positive();
const noArgs = z.union([z.null(), z.undefined()]).transform(() => undefined);
/** An importer id plus its options; the importer's own schema checks the options in the handler. */
const importRequest = z.object({
  importer: z.string().trim().min(1, 'choose an importer').max(64),
  options: z.record(z.string(), z.unknown()),
}).strict();

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
  'demo:create': z.object({
    path: z.string().trim().min(1).max(4096).optional(),
    clipsPerClass: z.number().int().min(1).max(100).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  }).strict(),
  'clips:list': z.object({
    offset: z.number().int().min(0),
    limit: z.number().int().min(1).max(1000),
    search: z.string().max(200).optional(),
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
  }).strict(),
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
