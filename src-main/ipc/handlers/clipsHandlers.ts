import { existsSync } from 'node:fs';
import type { ClipPage } from '../contract.js';
import { linkedClips } from '../../datasets/labels/browse.js';
import { scrubSource, tilesInside } from '../../media/scrubSpans.js';
import { scrubFileKey, scrubStripPath } from '../../media/scrubStrip.js';
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

/**
 * Adds `scrubKey`/`scrubTiles` to a page's clips whose strip exists: the media's strip, or for a
 * short trim the strip of its span (scrubSpans.ts). One stat per strip; pages are ≤ 1000 clips.
 */
function withScrubKeys(ws: Workspace, page: ClipPage): ClipPage {
  const has = new Map<string, boolean>();
  const exists = (path: string): boolean => {
    if (!has.has(path)) has.set(path, existsSync(path));
    return has.get(path)!;
  };
  const media = new Map<number, { duration: number; frameCount: number | null } | null>();
  const probed = (id: number): { duration: number; frameCount: number | null } | null => {
    if (!media.has(id)) {
      const m = ws.media.get(id);
      media.set(id, m?.duration ? { duration: m.duration, frameCount: m.frameCount } : null);
    }
    return media.get(id)!;
  };
  return {
    ...page,
    items: page.items.map((c) => {
      const m = c.mediaStatus === 'ok' ? probed(c.mediaId) : null;
      if (!m || !exists(scrubStripPath(ws.cacheDir, c.mediaId))) return { ...c, scrubKey: null, scrubTiles: null };
      const src = scrubSource(c, m);
      if (src.strip === 'media') return { ...c, scrubKey: scrubFileKey(c.mediaId), scrubTiles: src.tiles };
      if (exists(scrubStripPath(ws.cacheDir, c.mediaId, src.span))) return { ...c, scrubKey: scrubFileKey(c.mediaId, src.span), scrubTiles: null };
      // Until a media.scrub run makes the span's strip: the media strip's tiles inside the span, never frames outside it.
      const tiles = tilesInside(src.span, m);
      return { ...c, scrubKey: tiles ? scrubFileKey(c.mediaId) : null, scrubTiles: tiles };
    }),
  };
}
