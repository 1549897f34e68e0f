import { Workspace } from '../../../../src-main/workspace/workspace.js';
import { tempDir } from '../../../helpers/coreFixtures.js';

/** A workspace with `media` 2 s / 25 fps videos (rows only), one whole-file clip each, and classes. */
export interface LabelFixture {
  ws: Workspace;
  clipIds: number[];
  mediaIds: number[];
  classIds: Record<string, number>;
}

const opened: Workspace[] = [];

/** Builds the fixture; clip i is named `clip_<i>` and labelled with class `classes[i % n]` (or none). */
export function labelFixture(count = 6, classes = ['run', 'walk', 'jump'], labelled = true): LabelFixture {
  const ws = Workspace.open(tempDir('mwb-labels-'));
  opened.push(ws);
  const classIds: Record<string, number> = {};
  for (const c of classes) classIds[c] = ws.classes.ensure(c);
  const mediaIds: number[] = [];
  const clipIds: number[] = [];
  const setMedia = ws.db.prepare("UPDATE media SET status = 'ok', duration = 2, fps = 25, frame_count = 50 WHERE id = ?");
  for (let i = 0; i < count; i++) {
    const m = ws.media.upsert(`/videos/v${String(i).padStart(2, '0')}.mp4`);
    setMedia.run(m);
    mediaIds.push(m);
    const label = labelled ? classIds[classes[i % classes.length]!] : null;
    clipIds.push(ws.clips.upsert({ mediaId: m, name: `clip_${String(i).padStart(2, '0')}`, classId: label }));
  }
  return { ws, clipIds, mediaIds, classIds };
}

/** Closes every fixture workspace (call before removing temp dirs). */
export function closeFixtures(): void {
  for (const ws of opened.splice(0)) ws.close();
}

/** The label (class name) of a clip, or null. */
export function labelOf(ws: Workspace, id: number): string | null {
  return ws.clips.get(id)?.label ?? null;
}
