import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { probeMedia } from '../../../src-main/media/probe.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import { tempDir } from '../../helpers/coreFixtures.js';
import { VIDEO_FIXTURES } from '../../helpers/fixtures.js';

/** A small labelled workspace with one split set, laid out like UCF101 (`<root>/<Class>/<file>`). */
export interface ExportFixture {
  ws: Workspace;
  root: string;
  /** Media paths by short name. */
  p: Record<'avi' | 'short' | 'long' | 'nolabel' | 'unused' | 'odd', string>;
}

/**
 * Clips (id order): avi ApplyEyeMakeup g01 train; short PoolCleaning g02 test; long PoolCleaning
 * trimmed 2.5-3.5 s view fr val; nolabel (no class) train; unused PoolCleaning unused; odd
 * (class `Odd, "quoted"`) not in the split. Classes are created PoolCleaning, ApplyEyeMakeup, Odd...,
 * so labels follow creation order: PoolCleaning 0, ApplyEyeMakeup 1, `Odd, "quoted"` 2.
 */
export async function makeExportWorkspace(opts: { realVideos?: boolean } = {}): Promise<ExportFixture> {
  const base = tempDir('mwb-export-');
  const root = join(base, 'UCF');
  const ws = Workspace.open(join(base, 'ws'));
  const p = {
    avi: join(root, 'ApplyEyeMakeup', 'v_ApplyEyeMakeup_g01_c01.avi'),
    short: join(root, 'PoolCleaning', 'v_PoolCleaning_g02_c01.mp4'),
    long: join(root, 'PoolCleaning', 'v_PoolCleaning_g01_c02.mp4'),
    nolabel: join(root, 'Unsorted', 'v_x_g03_c01.mp4'),
    unused: join(root, 'PoolCleaning', 'v_PoolCleaning_g04_c01.mp4'),
    odd: join(root, 'Odd', 'odd.mp4'),
  };
  const sources: Record<string, string> = { avi: 'apply_eye_makeup_320x240_mpeg4.avi', short: 'pool_cleaning_1s.mp4', long: 'pool_cleaning_340x256.mp4' };
  const pool = ws.classes.ensure('PoolCleaning');
  const eye = ws.classes.ensure('ApplyEyeMakeup');
  const odd = ws.classes.ensure('Odd, "quoted"');
  const media: Record<string, number> = {};
  for (const [k, path] of Object.entries(p)) {
    media[k] = ws.media.upsert(path);
    if (opts.realVideos && sources[k]) {
      mkdirSync(join(path, '..'), { recursive: true });
      copyFileSync(join(VIDEO_FIXTURES, sources[k]!), path);
      ws.media.setProbe(media[k]!, await probeMedia(path));
    }
  }
  const clip = (k: keyof typeof p, classId: number | null, extra: { start?: number; end?: number; group?: string; view?: string } = {}): number =>
    ws.clips.upsert({ mediaId: media[k]!, name: p[k].split('/').pop()!, classId, ...extra });
  const ids = {
    avi: clip('avi', eye, { group: 'g01' }),
    short: clip('short', pool, { group: 'g02' }),
    long: clip('long', pool, { start: 2.5, end: 3.5, group: 'g01', view: 'fr' }),
    nolabel: clip('nolabel', null, { group: 'g03' }),
    unused: clip('unused', pool, { group: 'g04' }),
    odd: clip('odd', odd),
  };
  const set = ws.splitSets.ensure({ name: 'split1', strategy: 'official' }).id;
  ws.splitSets.assign(set, ids.avi, 'train', 1);
  ws.splitSets.assign(set, ids.short, 'test', 1);
  ws.splitSets.assign(set, ids.long, 'val', 1);
  ws.splitSets.assign(set, ids.nolabel, 'train', 1);
  ws.splitSets.assign(set, ids.unused, 'unused', 1);
  return { ws, root, p };
}
