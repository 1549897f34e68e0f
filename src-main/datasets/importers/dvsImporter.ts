import { z } from 'zod';
import { scanClassFolders } from './classFolders.js';
import { EVENT_EXTENSIONS, extOf } from './mediaFiles.js';
import { pathOption } from './optionFields.js';
import { PlanBuilder } from './plan.js';
import { registerImporter } from './registry.js';

const schema = z.object({
  root: pathOption('root (the folder with one sub-folder per class of event recordings)'),
}).strict();

type Options = z.infer<typeof schema>;

/**
 * DVS recordings as in DVS-UCF50: `<root>/<Class>/<clip>.aedat` (also .aedat4 .raw .dat .bin
 * .csv). Rows are media of kind `events`: ffprobe never sees them; the import's probe step asks
 * the event-file readers of `motion/dvs` for format, sensor size and fingerprint.
 */
export const dvsImporter = registerImporter<Options>({
  id: 'dvs',
  title: 'DVS recordings (folder per class)',
  describe: 'Event-camera recordings in class folders: <root>/<Class>/<clip>.aedat (also .aedat4, .raw, .dat, '
    + '.bin, .csv), as in DVS-UCF50. Each file becomes one clip of kind "events", labelled with its folder; '
    + 'the event-file readers (not ffprobe) check each file and record its format and sensor size.',
  options: [
    { name: 'root', type: 'folder', label: 'Recordings folder', required: true, help: 'Folder with one sub-folder per class' },
  ],
  optionsSchema: schema,
  source: (o) => o.root,
  async scan(o, ctx) {
    const plan = new PlanBuilder('dvs', o.root);
    const kindOf = (name: string): 'events' | null => (EVENT_EXTENSIONS.includes(extOf(name)) ? 'events' : null);
    await scanClassFolders(plan, o.root, kindOf, `an event recording (${EVENT_EXTENSIONS.join(' ')})`, ctx);
    return plan.build();
  },
});
