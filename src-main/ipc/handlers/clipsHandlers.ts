import { existsSync } from 'node:fs';
import type { ClipPage } from '../contract.js';
import { linkedClips } from '../../datasets/labels/browse.js';
import { scrubStripPath } from '../../media/scrubStrip.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { Handlers } from './types.js';

/** Clip browser channels: pages of clips, one clip's details, the class list. */
export const clipsHandlers = {
  'clips:list': (args, { workbench }) => withScrubKeys(workbench.workspace, workbench.workspace.clips.page(args)),
  'clips:get': (args, { workbench }) => {
    const ws = workbench.workspace;
    const clip = ws.clips.get(args.id);
    const media = clip ? ws.media.get(clip.mediaId) : null;
    if (!clip || !media) throw Object.assign(new Error(`No clip ${args.id} in this workspace`), { code: 'not_found' });
    return { ...clip, media, videoKey: `media/${media.id}`, links: linkedClips(ws.db, clip) };
  },
  'classes:list': (_args, { workbench }) => workbench.workspace.classes.list(),
} satisfies Partial<Handlers>;

/** Adds `scrubKey` to a page's clips whose media have a hover-scrub strip (one stat per media; pages are ≤ 1000 clips). */
function withScrubKeys(ws: Workspace, page: ClipPage): ClipPage {
  const has = new Map<number, boolean>();
  const strip = (mediaId: number): boolean => {
    if (!has.has(mediaId)) has.set(mediaId, existsSync(scrubStripPath(ws.cacheDir, mediaId)));
    return has.get(mediaId)!;
  };
  return { ...page, items: page.items.map((c) => ({ ...c, scrubKey: c.mediaStatus === 'ok' && strip(c.mediaId) ? `scrub/${c.mediaId}` : null })) };
}
