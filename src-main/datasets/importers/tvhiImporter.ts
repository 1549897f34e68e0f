import { z } from 'zod';
import { walkFiles } from './walk.js';
import { visualKindOf, stemOf } from './mediaFiles.js';
import { pathOption } from './optionFields.js';
import { PlanBuilder, type PlanSplitSet } from './plan.js';
import { registerImporter } from './registry.js';

const schema = z.object({
  root: pathOption('root (the tv_human_interactions_videos folder)'),
  negatives: z.enum(['skip', 'none']).default('skip'),
}).strict();

type Options = z.infer<typeof schema>;

/** The four interactions, in the dataset's own spelling. */
export const TVHI_CLASSES = ['handShake', 'highFive', 'hug', 'kiss'] as const;

/**
 * The dataset readme's two sets of positive clips per class (clip numbers 1-50), in TVHI_CLASSES
 * order. Set 1 is the test set and set 2 the train set, as in S001. Negatives are not in these lists.
 */
export const TVHI_SET1: readonly (readonly number[])[] = [
  [2, 14, 15, 16, 18, 19, 20, 21, 24, 25, 26, 27, 28, 32, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50],
  [1, 6, 7, 8, 9, 10, 11, 12, 13, 23, 24, 25, 27, 28, 29, 30, 31, 32, 33, 34, 35, 44, 45, 47, 48],
  [2, 3, 4, 11, 12, 15, 16, 17, 18, 20, 21, 27, 29, 30, 31, 32, 33, 34, 35, 36, 42, 44, 46, 49, 50],
  [1, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 22, 23, 24, 26, 29, 31, 35, 36, 38, 39, 40, 41, 42],
];
/** The readme's set 2 (the train set), same layout as TVHI_SET1. */
export const TVHI_SET2: readonly (readonly number[])[] = [
  [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 22, 23, 29, 30, 31, 33, 34, 35, 36, 37, 38, 39],
  [2, 3, 4, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 26, 36, 37, 38, 39, 40, 41, 42, 43, 46, 49, 50],
  [1, 5, 6, 7, 8, 9, 10, 13, 14, 19, 22, 23, 24, 25, 26, 28, 37, 38, 39, 40, 41, 43, 45, 47, 48],
  [2, 3, 4, 5, 6, 15, 19, 20, 21, 25, 27, 28, 30, 32, 33, 34, 37, 43, 44, 45, 46, 47, 48, 49, 50],
];

const NAME = /^(handShake|highFive|hug|kiss|negative)_(\d+)$/i;

/** Adds the official set 1 (test) / set 2 (train) entries, reporting listed clips that are absent. */
function addOfficialSplit(plan: PlanBuilder, set: PlanSplitSet, found: Map<string, number>, root: string): void {
  TVHI_CLASSES.forEach((cls, c) => {
    for (const [subset, sets] of [['test', TVHI_SET1], ['train', TVHI_SET2]] as const) {
      for (const n of sets[c]!) {
        const name = `${cls}_${String(n).padStart(4, '0')}`;
        set.listed[subset]++;
        const clip = found.get(name.toLowerCase());
        if (clip === undefined) plan.problem('missing', `${name}.avi`, `${name}.avi is in the official ${subset} set but not under ${root}`);
        else plan.assign(set, clip, subset);
      }
    }
  });
}

/**
 * TV Human Interactions: `<class>_<nnnn>.avi` for handShake, highFive, hug, kiss and negative.
 * Negatives are skipped (S001) or imported as class `none` marked negative. The readme's set 1 /
 * set 2 become split set `tvhi-official` (test / train).
 */
export const tvhiImporter = registerImporter<Options>({
  id: 'tvhi',
  title: 'TV Human Interactions',
  describe: 'TV Human Interactions videos named <class>_<nnnn>.avi (handShake, highFive, hug, kiss, negative). '
    + 'Creates one clip per video and split set tvhi-official (readme set 1 = test, set 2 = train); '
    + 'negative_* clips are skipped or imported as class "none", marked negative.',
  options: [
    { name: 'root', type: 'folder', label: 'Video folder', required: true, help: 'Folder with handShake_0001.avi…' },
    { name: 'negatives', type: 'choice', label: 'Negative clips', choices: ['skip', 'none'], default: 'skip', required: false,
      help: 'skip: leave negative_* out (S001); none: import them as class "none", marked negative' },
  ],
  optionsSchema: schema,
  source: (o) => o.root,
  async scan(o, ctx) {
    const plan = new PlanBuilder('tvhi', o.root);
    const walked = await walkFiles(o.root, { signal: ctx.signal });
    plan.problemsFrom(walked.problems);
    const found = new Map<string, number>();
    for (const f of walked.files) {
      const m = NAME.exec(stemOf(f.name));
      if (!m || visualKindOf(f.name) !== 'video') {
        if (visualKindOf(f.name) === 'video') plan.problem('ignored', f.path, `${f.path} is not named <class>_<nnnn> with a TV-HI class; it was not imported`);
        continue;
      }
      const cls = TVHI_CLASSES.find((c) => c.toLowerCase() === m[1]!.toLowerCase());
      if (!cls && o.negatives === 'skip') {
        plan.problem('ignored', f.path, `${f.name} is a negative clip; skipped (negatives: skip)`);
        continue;
      }
      const clip = plan.clip({ path: f.path, kind: 'video', name: stemOf(f.name), label: cls ?? 'none', status: cls ? 'active' : 'negative' });
      if (cls) found.set(`${cls}_${m[2]!.padStart(4, '0')}`.toLowerCase(), clip);
    }
    addOfficialSplit(plan, plan.splitSet('tvhi-official', 'official', { dataset: 'TV-HI', test: 'readme set 1', train: 'readme set 2' }), found, o.root);
    return plan.build();
  },
});
