import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runMwb } from '../../helpers/cli.js';
import { removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';
import { makeExportWorkspace } from './exportFixture.js';

afterEach(() => removeTempDirs());

describe('mwb export / mwb frames', () => {
  it('exports lists and fills the frame cache from the command line', async () => {
    const fx = await makeExportWorkspace({ realVideos: true });
    const wsPath = fx.ws.path;
    fx.ws.close();
    const appData = tempDir();
    const out = tempDir();
    const ucf = runMwb(['export', 'ucf101', '--split', 'split1', '--out', out, '--workspace', wsPath], appData);
    expect(ucf.stderr).toContain('warning: 1 clip(s) in the split have no label and were left out');
    expect(ucf.status).toBe(0);
    expect(ucf.stdout).toContain(`Paths are relative to ${fx.root}`);
    expect(readFileSync(join(out, 'trainlist01.txt'), 'utf8')).toBe('ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi 2\r\n');

    const bad = runMwb(['export', 'mmaction2', '--out', out, '--workspace', wsPath], appData);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('mwb: The mmaction2 export needs a split set: pass --split <name>');

    const frames = runMwb(['frames', wsPath, '--strategy', 'uniform', '--n', '4', '--size', '32', '--json'], appData);
    expect(frames.status).toBe(0);
    // Three clips have readable videos; the other three name files that do not exist (never probed).
    expect(JSON.parse(frames.stdout)).toMatchObject({ clips: 6, extracted: 3, failed: [{}, {}, {}] });
    expect(readdirSync(join(wsPath, 'cache', 'frames')).filter((f) => f.endsWith('.npy'))).toHaveLength(3);
  });
});
