import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { SplitSubset } from '../../ipc/contract.js';
import { FileIndex } from './fileIndex.js';
import { readListFile, type ListLine } from './listFiles.js';
import { addListed, findListsDir, type ListedEntry } from './listedEntries.js';
import { stemOf, visualKindOf } from './mediaFiles.js';
import {
  includeMissingOption, INCLUDE_MISSING_FIELD, optionalPathOption, pathOption, splitsDirField, splitsOption, SPLITS_FIELD,
} from './optionFields.js';
import { PlanBuilder, type PlanSplitSet } from './plan.js';
import { registerImporter } from './registry.js';

const schema = z.object({
  root: pathOption('root (the UCF-101 video folder)'),
  splitsDir: optionalPathOption(),
  splits: splitsOption,
  includeMissing: includeMissingOption,
}).strict();

type Options = z.infer<typeof schema>;

/** Class names of `classInd.txt` by their 1-based index, and by lower-case name. */
interface ClassIndex {
  byNumber: Map<number, string>;
  byName: Map<string, string>;
}

/** `v_<Class>_g<GG>_c<CC>`: the group (`g08`, one actor/scene) and clip number of a UCF101 file. */
const UCF_NAME = /^v_(.+)_(g\d+)_(c\d+)$/i;

/** Parses `classInd.txt` (`N Name` per line); throws naming the file and line on a bad entry. */
export function parseClassInd(lines: ListLine[], file: string): ClassIndex {
  const idx: ClassIndex = { byNumber: new Map(), byName: new Map() };
  for (const l of lines) {
    const m = /^(\d+)\s+(\S+)$/.exec(l.text);
    if (!m) throw new Error(`${file} line ${l.n}: expected "<number> <ClassName>", got "${l.text}"`);
    idx.byNumber.set(Number(m[1]), m[2]!);
    idx.byName.set(m[2]!.toLowerCase(), m[2]!);
  }
  if (!idx.byNumber.size) throw new Error(`${file} lists no classes`);
  return idx;
}

/**
 * One line of a UCF101 train/test list (`Class/v_Class_gGG_cCC.avi [label]`, labels 1-based) as
 * an entry, or a message saying what is wrong with it. The label number wins over the folder.
 */
export function parseUcfLine(text: string, classes: ClassIndex): { listed: string; folder?: string; label: string; group: string | null } | string {
  const [listedRaw, labelText, extra] = text.split(/\s+/);
  if (!listedRaw || extra !== undefined) return `expected "<Class>/<file>.avi [label]", got "${text}"`;
  const listed = listedRaw.replace(/\\/g, '/');
  const parts = listed.split('/');
  const folder = parts.length > 1 ? parts.at(-2) : undefined;
  const name = UCF_NAME.exec(stemOf(listed));
  let label: string | undefined;
  if (labelText !== undefined) {
    label = classes.byNumber.get(Number(labelText));
    if (!label) return `label "${labelText}" is not a class number of classInd.txt (1..${classes.byNumber.size})`;
  } else {
    label = classes.byName.get((folder ?? name?.[1] ?? '').toLowerCase());
    if (!label) return `cannot tell the class of "${listed}": its folder is not a class of classInd.txt`;
  }
  return { listed, folder, label, group: name ? name[2]!.toLowerCase() : null };
}

/** Split numbers whose train list exists in the lists folder. */
function splitsPresent(dir: string): number[] {
  return [1, 2, 3].filter((n) => existsSync(join(dir, `trainlist0${n}.txt`)));
}

async function scanList(plan: PlanBuilder, index: FileIndex, set: PlanSplitSet, classes: ClassIndex,
  file: string, subset: SplitSubset, o: Options): Promise<void> {
  let lines: ListLine[];
  try {
    lines = await readListFile(file);
  } catch (err) {
    plan.problem('missing', file, `${(err as Error).message}; split set ${set.name} has no ${subset} entries`);
    return;
  }
  for (const l of lines) {
    const parsed = parseUcfLine(l.text, classes);
    if (typeof parsed === 'string') {
      plan.problem('bad-line', `${basename(file)}:${l.n}`, `${basename(file)} line ${l.n}: ${parsed}; the line was skipped`);
      continue;
    }
    const entry: ListedEntry = {
      listFile: file, line: l.n, listed: parsed.listed, folderHint: parsed.folder, subset,
      clip: { kind: 'video', name: stemOf(parsed.listed), label: parsed.label, group: parsed.group },
    };
    addListed(plan, index, set, entry, o);
  }
}

/**
 * UCF101: `classInd.txt` + `trainlist0N.txt` / `testlist0N.txt` over the video folder. Each
 * official split becomes split set `ucf101-splitN`; the group (`g08`) comes from the file name so
 * group-aware splits keep one actor's clips together.
 */
export const ucf101Importer = registerImporter<Options>({
  id: 'ucf101',
  title: 'UCF101',
  describe: 'UCF101 videos with the official lists (classInd.txt, trainlist0N.txt, testlist0N.txt). '
    + 'Creates one clip per listed video found, labelled by class, grouped by its gGG actor group, and '
    + 'split sets ucf101-split1..3. Listed videos that are not on disk are reported as missing.',
  options: [
    { name: 'root', type: 'folder', label: 'Video folder (UCF-101)', required: true, help: 'Folder with the .avi files (in class folders or flat)' },
    splitsDirField('classInd.txt, trainlist01.txt, testlist01.txt…'),
    SPLITS_FIELD,
    INCLUDE_MISSING_FIELD,
  ],
  optionsSchema: schema,
  source: (o) => o.root,
  async scan(o, ctx) {
    const dir = findListsDir(o.root, o.splitsDir, (d) => existsSync(join(d, 'classInd.txt')), 'classInd.txt', ['ucfTrainTestlist']);
    const classFile = join(dir, 'classInd.txt');
    const classes = parseClassInd(await readListFile(classFile), classFile);
    const plan = new PlanBuilder('ucf101', o.root);
    const index = await FileIndex.build(o.root, plan, ctx);
    const splits = o.splits ?? splitsPresent(dir);
    if (!splits.length) throw Object.assign(new Error(`No trainlist0N.txt in ${dir}: nothing says which videos are train or test`), { code: 'bad_input' });
    for (const n of splits) {
      ctx.progress?.(`reading split ${n} lists`);
      const set = plan.splitSet(`ucf101-split${n}`, 'official', { dataset: 'UCF101', split: n, listsDir: dir });
      await scanList(plan, index, set, classes, join(dir, `trainlist0${n}.txt`), 'train', o);
      await scanList(plan, index, set, classes, join(dir, `testlist0${n}.txt`), 'test', o);
    }
    for (const f of index.unused((w) => visualKindOf(w.path) === 'video')) {
      plan.problem('ignored', f.path, `${f.path} is in no split list of ${dir}; it was not imported`);
    }
    return plan.build();
  },
});
