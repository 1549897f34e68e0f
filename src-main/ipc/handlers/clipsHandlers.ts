import { linkedClips } from '../../datasets/labels/browse.js';
import type { Handlers } from './types.js';

/** Clip browser channels: pages of clips, one clip's details, the class list. */
export const clipsHandlers = {
  'clips:list': (args, { workbench }) => workbench.workspace.clips.page(args),
  'clips:get': (args, { workbench }) => {
    const ws = workbench.workspace;
    const clip = ws.clips.get(args.id);
    const media = clip ? ws.media.get(clip.mediaId) : null;
    if (!clip || !media) throw Object.assign(new Error(`No clip ${args.id} in this workspace`), { code: 'not_found' });
    return { ...clip, media, videoKey: `media/${media.id}`, links: linkedClips(ws.db, clip) };
  },
  'classes:list': (_args, { workbench }) => workbench.workspace.classes.list(),
} satisfies Partial<Handlers>;
