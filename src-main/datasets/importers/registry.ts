import type { z } from 'zod';
import type { ImporterInfo, ImportOptionField } from '../../ipc/contract.js';
import type { ImportPlan } from './plan.js';

/** What a scan may use: cancellation and a progress callback. */
export interface ScanContext {
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

/**
 * One dataset importer, registered once (`{ id, describe, optionsSchema, scan }`): adding a dataset
 * layout is adding one file. `options` describes the same fields as `optionsSchema` for forms.
 */
export interface Importer<Options = unknown> {
  id: string;
  title: string;
  /** One paragraph for the wizard: what layout it expects and what it creates. */
  describe: string;
  /** The form fields; the first one is the source folder or file (the CLI's positional argument). */
  options: ImportOptionField[];
  /** Validates options from the UI, the CLI or a stored job spec; fills defaults, resolves paths. */
  optionsSchema: z.ZodType<Options, unknown>;
  /** The folder or file an import with these options reads (titles, reports). */
  source(options: Options): string;
  /** Reads the source and returns what an import would create; writes nothing. */
  scan(options: Options, ctx: ScanContext): Promise<ImportPlan>;
}

const importers = new Map<string, Importer>();

/** Adds an importer; each importer module calls this once at import. */
export function registerImporter<Options>(importer: Importer<Options>): Importer<Options> {
  if (importers.has(importer.id)) throw new Error(`Importer ${importer.id} is registered twice`);
  importers.set(importer.id, importer as Importer);
  return importer;
}

/** The importer with this id, or an error listing the ones that exist. */
export function getImporter(id: string): Importer {
  const found = importers.get(id);
  if (!found) {
    throw Object.assign(new Error(`Unknown importer "${id}"; choose one of: ${[...importers.keys()].join(', ')}`),
      { code: 'bad_input' });
  }
  return found;
}

/** Every importer in registration order, as the wizard lists them. */
export function listImporters(): ImporterInfo[] {
  return [...importers.values()].map((i) => ({ id: i.id, title: i.title, description: i.describe, options: i.options }));
}

/** Validates raw options for an importer; the error names each bad option and what is expected. */
export function parseImportOptions(id: string, raw: unknown): unknown {
  const importer = getImporter(id);
  const parsed = importer.optionsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    throw Object.assign(new Error(`Invalid options for the ${importer.title} importer: ${detail}`), { code: 'validation' });
  }
  return parsed.data;
}

/** Validates the options and scans: the plan an import with these options would apply. */
export async function planImport(id: string, rawOptions: unknown, ctx: ScanContext = {}): Promise<ImportPlan> {
  const options = parseImportOptions(id, rawOptions);
  return getImporter(id).scan(options, ctx);
}
