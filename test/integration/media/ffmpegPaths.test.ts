import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegEncoders, ffmpegInfo, ffprobeInfo, findBinary, requireBinary } from '../../../src-main/media/ffmpegPaths.js';
import { cleanTempDirs, tempDir } from './mediaTestUtils.js';

afterAll(cleanTempDirs);

/** A fake tool on a temp PATH that prints a recognisable version banner. */
function fakeTool(dir: string, name: string, mode = 0o755): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho "${name} version 9.9-fake Copyright (c) test"\n`);
  chmodSync(file, mode);
  return file;
}

describe.skipIf(process.platform === 'win32')('ffmpeg/ffprobe resolution: env -> PATH -> npm -> missing', () => {
  const npmFfmpeg = findBinary('ffmpeg', { PATH: '' });
  const npmFfprobe = findBinary('ffprobe', { PATH: '' });

  it('falls back to the npm-shipped binaries and reads their version', () => {
    expect(npmFfmpeg.source).toBe('npm');
    expect(npmFfmpeg.path).toMatch(/@ffmpeg-installer/);
    expect(npmFfmpeg.version).toMatch(/\S/);
    expect(npmFfprobe.source).toBe('npm');
    expect(npmFfprobe.path).toMatch(/@ffprobe-installer/);
  });

  it('prefers the PATH over npm, skipping relative and non-executable entries', () => {
    const a = tempDir(), b = tempDir();
    fakeTool(a, 'ffmpeg', 0o644); // not executable: must be skipped
    const good = fakeTool(b, 'ffmpeg');
    expect(findBinary('ffmpeg', { PATH: ['relative/dir', a, b].join(':') }))
      .toEqual({ path: good, source: 'path', version: '9.9-fake' });
  });

  it('prefers MWB_FFMPEG / MWB_FFPROBE over everything', () => {
    const dir = tempDir();
    const probe = fakeTool(dir, 'ffprobe');
    expect(findBinary('ffprobe', { MWB_FFPROBE: probe, PATH: '/usr/bin:/bin' }))
      .toEqual({ path: probe, source: 'env', version: '9.9-fake' });
    expect(findBinary('ffmpeg', { MWB_FFMPEG: npmFfmpeg.path, PATH: '/usr/bin:/bin' }))
      .toEqual({ ...npmFfmpeg, source: 'env' });
  });

  it('reports an env variable pointing at nothing, with what to do', () => {
    const info = findBinary('ffmpeg', { MWB_FFMPEG: '/nowhere/ffmpeg', PATH: '/usr/bin' });
    expect(info).toEqual({ path: '/nowhere/ffmpeg', source: 'missing', version: null });
    expect(() => requireBinary('ffmpeg', info)).toThrow(/MWB_FFMPEG is set to \/nowhere\/ffmpeg.*apt-get install ffmpeg.*npm ci/);
    expect(() => requireBinary('ffprobe', { path: '', source: 'missing', version: null }))
      .toThrow(/ffprobe was not found.*Install ffmpeg.*reinstall the app's npm dependencies/);
  });

  it('resolves once per process, in the AppInfo shape', () => {
    const a = ffmpegInfo();
    expect(ffmpegInfo()).toBe(a);
    expect(['env', 'path', 'npm']).toContain(a.source);
    expect(Object.keys(a).sort()).toEqual(['path', 'source', 'version']);
    expect(ffprobeInfo().source).not.toBe('missing');
  });

  it('lists the encoders of the ffmpeg in use', () => {
    const listed = spawnSync(ffmpegInfo().path, ['-hide_banner', '-encoders'], { encoding: 'utf8' }).stdout;
    const encoders = ffmpegEncoders();
    expect(encoders.has('mpeg4')).toBe(true); // built into every ffmpeg
    expect(encoders.has('libx264')).toBe(/ libx264 /.test(listed));
    expect(encoders.has('=')).toBe(false); // the legend is not an encoder
  });
});
