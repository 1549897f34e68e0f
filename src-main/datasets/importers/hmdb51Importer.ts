import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { SplitSubset } from '../../ipc/contract.js';
import { FileIndex } from './fileIndex.js';
import { readListFile, type ListLine } from './listFiles.js';
import { addListed, findListsDir } from './listedEntries.js';
import { stemOf, visualKindOf } from './mediaFiles.js';
import {
  includeMissingOption, INCLUDE_MISSING_FIELD, optionalPathOption, pathOption, splitsDirField, splitsOption, SPLITS_FIELD,
} from './optionFields.js';
import { PlanBuilder, type PlanSplitSet } from './plan.js';
import { registerImporter } from './registry.js';

const schema = z.object({
  root: pathOption('root (the HMDB51 video folder)'),
  splitsDir: optionalPathOption(),
  splits: splitsOption,
  includeMissing: includeMissingOption,
}).strict();

type Options = z.infer<typeof schema>;

/** `<class>_test_split<N>.txt`; class names may hold underscores (`brush_hair`). */
const LIST_NAME = /^(.+)_test_split([123])\.txt$/;
/** The 1/2/0 code of each line: 1 = train, 2 = test, 0 = not used in that split. */
const SUBSET_OF: Record<string, SplitSubset> = { 1: 'train', 2: 'test', 0: 'unused' };
const VIEWS = new Set(['fr', 'ba', 'le', 'ri']);

/** Split lists of a folder: `[{ cls, split, file }]` in name order. */
function listsIn(dir: string): { cls: string; split: number; file: string }[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const m = LIST_NAME.exec(f);
    return m ? [{ cls: m[1]!, split: Number(m[2]), file: join(dir, f) }] : [];
  });
}

/**
 * Meta-data HMDB51 encodes in a file name `<source>_<class>_<body>_<camera>_<people>_<view>_<quality>_<n>`:
 * the group is the source video (clips cut from one video share actors and scene), the view is
 * fr/ba/le/ri, the rest become tags. Null fields when the name does not follow the pattern.
 */
export function parseHmdbName(file: string, cls: string): { group: string | null; view: string | null; tags: string[] } {
  const tokens = stemOf(file).split('_');
  if (tokens.length < 7) return { group: null, view: null, tags: [] };
  const [body, camera, people, view, quality] = tokens.slice(-6, -1) as [string, string, string, string, string];
  const prefix = tokens.slice(0, -6).join('_');
  const suffix = `_${cls}`;
  const group = prefix.toLowerCase().endsWith(suffix.toLowerCase()) ? prefix.slice(0, -suffix.length) : null;
  if (!VIEWS.has(view)) return { group, view: null, tags: [] };
  return { group: group || null, view, tags: [`body:${body}`, `camera:${camera}`, `people:${people}`, `quality:${quality}`] };
}

async function scanList(plan: PlanBuilder, index: FileIndex, set: PlanSplitSet, cls: string, file: string, o: Options): Promise<void> {
  let lines: ListLine[];
  try {
    lines = await readListFile(file);
  } catch (err) {
    plan.problem('unreadable', file, `${(err as Error).message}; class ${cls} is left out of ${set.name}`);
    return;
  }
  for (const l of lines) {
    const [name, code, extra] = l.text.split(/\s+/);
    const subset = code === undefined ? undefined : SUBSET_OF[code];
    if (!name || !subset || extra !== undefined) {
      plan.problem('bad-line', `${basename(file)}:${l.n}`, `${basename(file)} line ${l.n}: expected "<video>.avi <0|1|2>", got "${l.text}"; the line was skipped`);
      continue;
    }
    const meta = parseHmdbName(name, cls);
    addListed(plan, index, set, {
      listFile: file, line: l.n, listed: `${cls}/${name}`, folderHint: cls, subset,
      clip: { kind: 'video', name: stemOf(name), label: cls, ...meta },
    }, o);
  }
}

/**
 * HMDB51: the 153 `<class>_test_split{1,2,3}.txt` lists (`name.avi C`, 1 = train, 2 = test, 0 =
 * unused) over the video folder; each split becomes split set `hmdb51-splitN` with all three subsets.
 */
export const hmdb51Importer = registerImporter<Options>({
  id: 'hmdb51',
  title: 'HMDB51',
  describe: 'HMDB51 videos with the official testTrainMulti_7030_splits lists (<class>_test_split1..3.txt). '
    + 'Creates one clip per listed video found, labelled by class, grouped by source video, with the '
    + 'camera view (fr/ba/le/ri), and split sets hmdb51-split1..3 (train, test, unused).',
  options: [
    { name: 'root', type: 'folder', label: 'Video folder (hmdb51)', required: true, help: 'Folder with the .avi files (in class folders or flat)' },
    splitsDirField('brush_hair_test_split1.txt…'),
    SPLITS_FIELD,
    INCLUDE_MISSING_FIELD,
  ],
  optionsSchema: schema,
  source: (o) => o.root,
  async scan(o, ctx) {
    const dir = findListsDir(o.root, o.splitsDir, (d) => listsIn(d).length > 0, '<class>_test_split1.txt lists',
      ['testTrainMulti_7030_splits', 'test_train_splits']);
    const lists = listsIn(dir);
    const plan = new PlanBuilder('hmdb51', o.root);
    const index = await FileIndex.build(o.root, plan, ctx);
    const splits = o.splits ?? [...new Set(lists.map((l) => l.split))].sort();
    const classes = [...new Set(lists.map((l) => l.cls))];
    for (const n of splits) {
      ctx.progress?.(`reading split ${n} lists`);
      const set = plan.splitSet(`hmdb51-split${n}`, 'official', { dataset: 'HMDB51', split: n, listsDir: dir });
      for (const cls of classes) {
        const list = lists.find((l) => l.cls === cls && l.split === n);
        if (list) await scanList(plan, index, set, cls, list.file, o);
        else plan.problem('missing', join(dir, `${cls}_test_split${n}.txt`), `${cls}_test_split${n}.txt is missing from ${dir}; class ${cls} is left out of ${set.name}`);
      }
    }
    for (const f of index.unused((w) => visualKindOf(w.path) === 'video')) {
      plan.problem('ignored', f.path, `${f.path} is in no split list of ${dir}; it was not imported`);
    }
    return plan.build();
  },
});
