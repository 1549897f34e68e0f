import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../../../src-main/media/npy.js';
import { removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { REPO_ROOT } from '../../../helpers/fixtures.js';
import { EVENT_FIXTURES, EXPECTED, TRUNCATED_HEADER } from './expected.js';

const run = promisify(execFile);
const mwb = (...args: string[]) => run(process.execPath, [join(REPO_ROOT, 'bin/mwb.js'), ...args], { cwd: REPO_ROOT });

afterAll(removeTempDirs);

describe('mwb events', () => {
  it('info --json prints the MANIFEST figures for every fixture', async () => {
    const outs = await Promise.all(EXPECTED.map((e) => mwb('events', 'info', resolve(EVENT_FIXTURES, e.file), '--json')));
    outs.forEach(({ stdout }, i) => {
      const { file: _file, ...figures } = EXPECTED[i]!;
      const json = JSON.parse(stdout) as Record<string, unknown>;
      expect(json).toMatchObject({ ...figures, dropped: {} });
      for (const key of ['format', 'width', 'height', 'events', 'on', 'off', 'tFirst', 'tLast', 'dropped']) expect(json).toHaveProperty(key);
    });
  });

  it('info on the truncated header exits 1 with the byte offset; text mode reports the layout inference', async () => {
    const err = await mwb('events', 'info', resolve(EVENT_FIXTURES, TRUNCATED_HEADER)).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toMatch(/mwb: truncated_header_davis346\.aedat: the AEDAT 2\.0 header is cut off at byte 599/);
    const { stdout } = await mwb('events', 'info', resolve(EVENT_FIXTURES, 'translating_bar_synth.aedat'));
    expect(stdout).toMatch(/events\s+10000 \(10000 ON, 0 OFF\)/);
    expect(stdout).toMatch(/note\s+no AEChip line: DAVIS layout inferred/);
  });

  it('convert writes .npy and .aedat4 that read back with the same figures', async () => {
    const dir = tempDir('mwb-cli-');
    const src = resolve(EVENT_FIXTURES, 'gen3_640x480_evt2.raw');
    const npy = join(dir, 'e.npy'), a4 = join(dir, 'e.aedat4');
    await Promise.all([mwb('events', 'convert', src, npy), mwb('events', 'convert', src, a4, '--compression', 'lz4')]);
    const arr = readNpy(npy);
    expect([arr.dtype, arr.shape]).toEqual(['i8', [539_481, 4]]);
    const back = JSON.parse((await mwb('events', 'info', a4, '--json')).stdout) as Record<string, unknown>;
    expect(back).toMatchObject({ format: 'aedat4', width: 640, height: 480, events: 539_481, on: 367_855, off: 171_626, tFirst: 1_317_888, tLast: 1_367_888 });
    const bad = await mwb('events', 'convert', src, join(dir, 'e.txt')).catch((e: { stderr: string }) => e);
    expect((bad as { stderr: string }).stderr).toMatch(/use one of \.aedat4, \.npy/);
  });
});
