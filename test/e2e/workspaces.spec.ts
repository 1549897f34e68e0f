import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startTestServer, type TestServer } from './support/server';

// Opening folders, the recent list, and cancelling / resuming a job from the panel.
let server: TestServer;
let dir: string;
test.beforeAll(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'mwb-open-'));
});
test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('open a folder as a workspace, refuse a file, come back through Recent', async ({ page }) => {
  await page.goto(server.url);
  await expect(page).toHaveTitle(/Motion Workbench — default-workspace/);

  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'not a folder');
  await page.getByTestId('open-workspace').click();
  await page.getByTestId('open-path').fill(file);
  await page.getByTestId('open-submit').click();
  await expect(page.getByTestId('open-error')).toContainText('is a file, not a folder');
  await page.screenshot({ path: join(ROOT, 'test-results', 'screens', '08-open-error.png') });

  const target = join(dir, 'my project');
  await page.getByTestId('open-path').fill(target);
  await page.getByTestId('open-submit').click();
  await expect(page).toHaveTitle(/Motion Workbench — my project/);
  await expect(page.getByTestId('workspace-path')).toContainText(target);

  await page.getByTestId('recent-button').click();
  const items = page.getByTestId('recent-item');
  await expect(items.filter({ hasText: 'default-workspace' })).toBeVisible();
  await page.screenshot({ path: join(ROOT, 'test-results', 'screens', '09-recent.png') });
  await items.filter({ hasText: 'default-workspace' }).click();
  await expect(page).toHaveTitle(/Motion Workbench — default-workspace/);
});

test('cancel a running job from the panel, then resume it to completion', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('create-demo').click();
  await page.getByTestId('demo-path').fill(join(dir, 'cancel-demo'));
  await page.getByTestId('demo-clips-per-class').fill('6');
  await page.getByTestId('demo-submit').click();
  const row = page.getByTestId('job-row').filter({ hasText: /demo/i }).first();
  await expect(row).toHaveAttribute('data-state', 'running');
  await row.getByTestId('job-cancel').click();
  await expect(row).toHaveAttribute('data-state', 'cancelled');
  await page.screenshot({ path: join(ROOT, 'test-results', 'screens', '10-job-cancelled.png') });
  await row.getByTestId('job-resume').click();
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect.poll(() => page.getByTestId('clip-card').count()).toBeGreaterThan(8);
  await expect(page.getByTestId('status-counts')).toContainText('48 clips');
});
