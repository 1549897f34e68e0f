import { z } from 'zod';
import type { MediaKind } from '../../ipc/contract.js';
import { scanClassFolders } from './classFolders.js';
import { visualKindOf } from './mediaFiles.js';
import { pathOption } from './optionFields.js';
import { PlanBuilder } from './plan.js';
import { registerImporter } from './registry.js';

const schema = z.object({
  root: pathOption('root (the folder with one sub-folder per class)'),
  images: z.boolean().default(true),
}).strict();

type Options = z.infer<typeof schema>;

/** Folder per class: `<root>/<Class>/<file>` for videos (mp4 avi mkv webm mov) and images (jpg png). */
export const folderImporter = registerImporter<Options>({
  id: 'folder',
  title: 'Folder per class',
  describe: 'One sub-folder per class: <root>/<Class>/<file>. Videos (mp4, avi, mkv, webm, mov) and images '
    + '(jpg, png) become one clip each, labelled with the folder name; a deeper folder '
    + '(<root>/<Class>/<group>/<file>) becomes the clip\'s group. No split set is created.',
  options: [
    { name: 'root', type: 'folder', label: 'Dataset folder', required: true, help: 'Folder with one sub-folder per class' },
    { name: 'images', type: 'boolean', label: 'Import images too', default: true, required: false, help: 'Off: only videos' },
  ],
  optionsSchema: schema,
  source: (o) => o.root,
  async scan(o, ctx) {
    const plan = new PlanBuilder('folder', o.root);
    const kindOf = (name: string): MediaKind | null => {
      const kind = visualKindOf(name);
      return kind === 'image' && !o.images ? null : kind;
    };
    await scanClassFolders(plan, o.root, kindOf, o.images ? 'a video or an image' : 'a video', ctx);
    return plan.build();
  },
});
