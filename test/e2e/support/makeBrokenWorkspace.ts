// Builds a workspace holding one good clip and three bad ones (zero-byte, not a video, missing),
// probes them with the real job, and exits. Run as: node --import tsx makeBrokenWorkspace.ts <dir>
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../../src-main/jobs/kinds';
import { JobRunner } from '../../../src-main/jobs/runner';
import { Workspace } from '../../../src-main/workspace/workspace';

const dir = resolve(process.argv[2]!);
const media = join(dir, 'media');
mkdirSync(media, { recursive: true });
copyFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures/video/pool_cleaning_1s.mp4'), join(media, 'good_clip.mp4'));
writeFileSync(join(media, 'empty_clip.mp4'), '');
writeFileSync(join(media, 'text_clip.mp4'), 'this is not a video\n');
const ws = Workspace.open(dir);
const cls = ws.classes.ensure('cleaning');
for (const name of ['good_clip', 'empty_clip', 'text_clip', 'missing_clip']) {
  const id = ws.media.upsert(join(media, `${name}.mp4`));
  ws.clips.upsert({ mediaId: id, name, classId: cls });
}
const runner = new JobRunner(ws, { jobChanged: () => {}, clipsChanged: () => {} });
const job = runner.enqueue('media.probe', {});
const info = await runner.wait(job);
await runner.dispose();
ws.close();
if (info.state !== 'done') throw new Error(`probe job ended ${info.state}: ${info.error}`);
