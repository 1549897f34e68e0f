import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startTestServer, type TestServer } from './support/server';

// Bad media never hide the good ones: each broken clip shows its own error in the grid and viewer.
let dir: string;
let server: TestServer;
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mwb-bad-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/e2e/support/makeBrokenWorkspace.ts'), dir], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not build the workspace: ${r.stderr}`);
  server = await startTestServer(dir);
});
test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('unreadable, empty and missing media show their errors; the good clip still plays', async ({ page }) => {
  await page.goto(server.url);
  const cards = page.getByTestId('clip-card');
  await expect.poll(() => cards.count()).toBe(4);
  await expect(cards.filter({ hasText: 'empty_clip' })).toContainText(/empty|0 bytes/i);
  await expect(cards.filter({ hasText: 'missing_clip' })).toContainText(/missing|not found/i);
  await expect(cards.filter({ hasText: 'text_clip' })).toContainText(/error|could not|invalid/i);
  await page.screenshot({ path: join(ROOT, 'test-results', 'screens', '07-bad-media.png') });

  await cards.filter({ hasText: 'text_clip' }).click();
  await expect(page.getByTestId('viewer')).toContainText(/text_clip\.mp4/);
  await expect(page.getByTestId('viewer-video')).toHaveCount(0);

  await cards.filter({ hasText: 'good_clip' }).click();
  const video = page.getByTestId('viewer-video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
  await page.getByTestId('frame-next').click();
  await expect(page.getByTestId('frame-index')).toHaveText('1');
});
