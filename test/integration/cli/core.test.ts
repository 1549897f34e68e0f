import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDirs, tempDir } from '../../helpers/coreFixtures';
import { runMwb, startMwb } from '../../helpers/cli';

afterEach(() => removeTempDirs());

describe('mwb demo / info / serve', () => {
  it('creates the demo workspace and reports its counts as JSON', () => {
    const appData = tempDir();
    const ws = join(tempDir(), 'demo ws with spaces');
    const demo = runMwb(['demo', ws, '--clips-per-class', '1', '--json'], appData);
    expect(demo.stderr).toMatch(/\[done\] Generate demo dataset/);
    expect(demo.status).toBe(0);
    const summary = JSON.parse(demo.stdout.trim());
    expect(summary).toMatchObject({ path: ws, clips: 8, classes: 8, media: 8 });
    expect(existsSync(join(ws, 'workspace.sqlite'))).toBe(true);
    expect(existsSync(join(ws, 'media', 'move_left', 'move_left_01.mp4'))).toBe(true);

    const info = runMwb(['info', ws, '--json'], appData);
    expect(info.status).toBe(0);
    const counts = JSON.parse(info.stdout.trim());
    // demo.generate, the media.probe it queues, and the media.scrub the probe queues.
    expect(counts).toMatchObject({ media: 8, clips: 8, classes: 8, jobs: 3 });
    expect(readdirSync(join(ws, 'cache', 'scrub')).filter((f) => /^\d+\.jpg$/.test(f))).toHaveLength(8);
    expect(runMwb(['info', ws], appData).stdout).toMatch(/clips\s+8/);
  });

  it('fails clearly on a folder that is not a workspace and on bad options', () => {
    const appData = tempDir();
    const empty = tempDir();
    const r = runMwb(['info', empty, '--json'], appData);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${empty} is not a workspace`);
    const bad = runMwb(['demo', join(empty, 'x'), '--clips-per-class', 'many'], appData);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/"many" is not a whole number/);
    const file = join(empty, 'file.txt');
    writeFileSync(file, 'x');
    const onFile = runMwb(['demo', file, '--clips-per-class', '1'], appData);
    expect(onFile.status).toBe(1);
    expect(onFile.stderr).toMatch(/is a file, not a folder/);
  });

  it('serve prints one line with the tokenised URL and answers only with the token', async () => {
    const appData = tempDir();
    const ws = tempDir();
    const child = startMwb(['serve', ws, '--port', '0'], appData);
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
        child.stdout!.on('data', (d) => {
          out += d;
          const m = /^Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32})$/m.exec(out);
          if (m) { clearTimeout(timer); resolve(m[1]!); }
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
      });
      const { origin, searchParams } = new URL(url);
      const ok = await fetch(`${origin}/api/workspace:current`, { method: 'POST', headers: { authorization: `Bearer ${searchParams.get('token')}` }, body: 'null' });
      expect(ok.status).toBe(200);
      expect((await ok.json()).result.path).toBe(ws);
      expect((await fetch(`${origin}/api/workspace:current`, { method: 'POST', body: 'null' })).status).toBe(401);
      expect(runMwb(['serve', ws, '--host', '0.0.0.0'], appData).stderr).toMatch(/loopback/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
  });
});
