import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SplitSubset } from '../../ipc/contract.js';
import { stratifiedSample } from '../stratify.js';
import { FileIndex } from './fileIndex.js';
import { readListFile } from './listFiles.js';
import { addListed, findListsDir } from './listedEntries.js';
import { stemOf, visualKindOf } from './mediaFiles.js';
import { includeMissingOption, INCLUDE_MISSING_FIELD, optionalPathOption, pathOption } from './optionFields.js';
import { PlanBuilder, type ImportPlan, type PlanSplitSet } from './plan.js';
import { registerImporter } from './registry.js';

const schema = z.object({
  root: pathOption('root (the Stanford40 folder)'),
  splitsDir: optionalPathOption(),
  valCount: z.number().int().min(1).optional(),
  valFraction: z.number().gt(0).lt(1).optional(),
  seed: z.number().int().default(1),
  includeMissing: includeMissingOption,
}).strict().refine((o) => o.valCount === undefined || o.valFraction === undefined,
  { message: 'give valCount or valFraction, not both', path: ['valFraction'] });

type Options = z.infer<typeof schema>;

const LIST_NAME = /^(.+)_(train|test)\.txt$/;

/** Class names: `actions.txt` (`name<TAB>count` after a header) when present, else the list names. */
async function classesOf(dir: string): Promise<string[]> {
  const actions = join(dir, 'actions.txt');
  if (existsSync(actions)) {
    const names = (await readListFile(actions)).map((l) => l.text.split(/\s+/)[0]!)
      .filter((n) => n && n !== 'action_name');
    if (names.length) return names;
  }
  const found = readdirSync(dir).flatMap((f) => LIST_NAME.exec(f)?.[1] ?? []);
  return [...new Set(found)].sort();
}

async function scanClass(plan: PlanBuilder, index: FileIndex, set: PlanSplitSet, dir: string, cls: string, o: Options): Promise<void> {
  for (const subset of ['train', 'test'] as const satisfies readonly SplitSubset[]) {
    const file = join(dir, `${cls}_${subset}.txt`);
    let lines;
    try {
      lines = await readListFile(file);
    } catch (err) {
      plan.problem('missing', file, `${(err as Error).message}; class ${cls} has no ${subset} images`);
      continue;
    }
    for (const l of lines) {
      const name = l.text.split(/\s+/)[0]!;
      addListed(plan, index, set, {
        listFile: file, line: l.n, listed: `JPEGImages/${name}`, subset,
        clip: { kind: 'image', name: stemOf(name), label: cls },
      }, { root: o.root, includeMissing: o.includeMissing });
    }
  }
}

/** Moves a stratified, seeded sample of the train assignments to `val`; returns how many. */
function drawValidation(plan: ImportPlan, set: PlanSplitSet, o: Options): number {
  const train = set.assignments.filter((a) => a.subset === 'train');
  const count = o.valCount ?? (o.valFraction === undefined ? 0 : Math.round(o.valFraction * train.length));
  if (!count) return 0;
  if (count > train.length) {
    throw Object.assign(new Error(`valCount ${count} is more than the ${train.length} train images found; choose a smaller validation subset`), { code: 'bad_input' });
  }
  for (const a of stratifiedSample(train, (a) => plan.clips[a.clip]!.label ?? '', count, o.seed)) a.subset = 'val';
  return count;
}

/**
 * Stanford-40 Actions: `JPEGImages/` + `ImageSplits/<class>_{train,test}.txt` (+ `actions.txt`).
 * An image dataset with the official train/test split as split set `stanford40-official`; a
 * stratified validation subset can be drawn from train with a seed (S001: 400 of 4,000).
 */
export const stanford40Importer = registerImporter<Options>({
  id: 'stanford40',
  title: 'Stanford 40 Actions',
  describe: 'Stanford-40 images: JPEGImages/ with ImageSplits/<class>_train.txt and <class>_test.txt. '
    + 'Creates one image clip per listed image found and split set stanford40-official; optionally moves a '
    + 'stratified, seeded validation subset (valCount or valFraction) out of train.',
  options: [
    { name: 'root', type: 'folder', label: 'Stanford40 folder', required: true, help: 'Folder holding JPEGImages/ and ImageSplits/' },
    { name: 'splitsDir', type: 'folder', label: 'ImageSplits folder', required: false, help: 'Default: <root>/ImageSplits' },
    { name: 'valCount', type: 'integer', label: 'Validation images', required: false, help: 'Drawn from train, stratified by class (S001: 400)' },
    { name: 'valFraction', type: 'number', label: 'Validation fraction', required: false, help: 'Alternative to the count, e.g. 0.1 of train' },
    { name: 'seed', type: 'integer', label: 'Seed', default: 1, required: false, help: 'Same seed, same validation images' },
    INCLUDE_MISSING_FIELD,
  ],
  optionsSchema: schema,
  source: (o) => o.root,
  async scan(o, ctx) {
    const dir = findListsDir(o.root, o.splitsDir, (d) => readdirSync(d).some((f) => LIST_NAME.test(f)),
      '<class>_train.txt lists', ['ImageSplits']);
    const imagesDir = existsSync(join(o.root, 'JPEGImages')) ? join(o.root, 'JPEGImages') : o.root;
    const plan = new PlanBuilder('stanford40', o.root);
    const index = await FileIndex.build(imagesDir, plan, ctx);
    const set = plan.splitSet('stanford40-official', 'official', { dataset: 'Stanford40', listsDir: dir }, o.seed);
    for (const cls of await classesOf(dir)) await scanClass(plan, index, set, dir, cls, o);
    const built = plan.build();
    const val = drawValidation(built, set, o);
    if (val) set.params.validation = { count: val, fraction: o.valFraction ?? null, from: 'train', stratifiedBy: 'class', seed: o.seed };
    for (const f of index.unused((w) => visualKindOf(w.path) === 'image')) {
      built.problems.push({ kind: 'ignored', file: f.path, message: `${f.path} is in no ImageSplits list; it was not imported` });
    }
    return built;
  },
});
