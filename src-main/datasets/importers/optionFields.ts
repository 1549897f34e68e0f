import { resolve } from 'node:path';
import { z } from 'zod';
import type { ImportOptionField } from '../../ipc/contract.js';

/** A required folder or file path option, made absolute (relative paths are taken from the cwd). */
export function pathOption(what: string): z.ZodType<string, unknown> {
  return z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).transform((p) => resolve(p));
}

/** An optional path option, made absolute when given. */
export function optionalPathOption(): z.ZodType<string | undefined, unknown> {
  return z.string().trim().optional().transform((p) => (p ? resolve(p) : undefined));
}

/** Which numbered official splits to import: "1,2,3", "2" or [1, 3]; undefined = every list found. */
export const splitsOption: z.ZodType<number[] | undefined, unknown> = z
  .union([z.string(), z.number().int(), z.array(z.number().int())])
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const parts = Array.isArray(v) ? v : typeof v === 'number' ? [v] : v.split(/[\s,]+/).filter(Boolean).map(Number);
    const bad = parts.filter((n) => !Number.isInteger(n) || n < 1 || n > 3);
    if (bad.length || !parts.length) {
      ctx.addIssue({ code: 'custom', message: `splits must be numbers from 1 to 3, like "1" or "1,2,3" (got "${String(v)}")` });
      return z.NEVER;
    }
    return [...new Set(parts)].sort();
  });

/** Whether listed-but-absent files still become clips (marked missing by the probe, to relink later). */
export const includeMissingOption = z.boolean().default(false);

/** Form field of `splits`. */
export const SPLITS_FIELD: ImportOptionField = {
  name: 'splits', type: 'string', label: 'Splits', required: false,
  help: 'Official splits to import as split sets, e.g. "1" or "1,2,3" (default: every list found)',
};

/** Form field of `includeMissing`. */
export const INCLUDE_MISSING_FIELD: ImportOptionField = {
  name: 'includeMissing', type: 'boolean', label: 'Create clips for missing files', default: false, required: false,
  help: 'Off: files a list names but the folder lacks are only reported. On: they become clips marked missing, for Relink… later',
};

/** Form field of the split-lists folder of UCF101 and HMDB51. */
export function splitsDirField(example: string): ImportOptionField {
  return {
    name: 'splitsDir', type: 'folder', label: 'Split lists folder', required: false,
    help: `Folder holding ${example} (default: the video folder, or the lists folder shipped beside it)`,
  };
}
