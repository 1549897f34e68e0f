import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startTestServer, type TestServer } from './support/server';

// Opening folders, the recent list (both in the workspace menu), cancelling / resuming a job
// from the panel, and the top bar: its area tabs, and the menu by keyboard at two window widths.
test.describe.configure({ mode: 'serial' });
const shots = join(ROOT, 'test-results', 'screens');

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
  await page.getByTestId('workspace-menu-button').click();
  await page.getByTestId('open-workspace').click();
  await expect(page.getByTestId('workspace-menu')).toBeHidden();
  await page.getByTestId('open-path').fill(file);
  await page.getByTestId('open-submit').click();
  await expect(page.getByTestId('open-error')).toContainText('is a file, not a folder');
  await page.screenshot({ path: join(shots, '08-open-error.png') });

  const target = join(dir, 'my project');
  await page.getByTestId('open-path').fill(target);
  await page.getByTestId('open-submit').click();
  await expect(page).toHaveTitle(/Motion Workbench — my project/);
  await expect(page.getByTestId('workspace-name')).toHaveText('my project');
  await expect(page.getByTestId('workspace-menu-button')).toHaveAttribute('title', new RegExp(target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  await page.getByTestId('workspace-menu-button').click();
  await expect(page.getByTestId('workspace-path')).toHaveText(target);
  const items = page.getByTestId('recent-item');
  await expect(items.filter({ hasText: 'default-workspace' })).toBeVisible();
  await page.screenshot({ path: join(shots, '09-recent.png') });
  await items.filter({ hasText: 'default-workspace' }).click();
  await expect(page).toHaveTitle(/Motion Workbench — default-workspace/);
});

test('cancel a running job from the panel, then resume it to completion', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('workspace-menu-button').click();
  await page.getByTestId('create-demo').click();
  await page.getByTestId('demo-path').fill(join(dir, 'cancel-demo'));
  await page.getByTestId('demo-clips-per-class').fill('6');
  await page.getByTestId('demo-submit').click();
  const row = page.getByTestId('job-row').filter({ hasText: /demo/i }).first();
  await expect(row).toHaveAttribute('data-state', 'running');
  await row.getByTestId('job-cancel').click();
  await expect(row).toHaveAttribute('data-state', 'cancelled');
  await page.screenshot({ path: join(shots, '10-job-cancelled.png') });
  await row.getByTestId('job-resume').click();
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect.poll(() => page.getByTestId('clip-card').count()).toBeGreaterThan(8);
  await expect(page.getByTestId('status-counts')).toContainText('48 clips');
});

test('the top bar: area tabs, and the workspace menu by keyboard, tidy at 1400 and 1100 px', async ({ page }) => {
  await page.goto(server.url);
  await expect(page).toHaveTitle(/Motion Workbench — cancel-demo/); // the previous test's demo, 48 clips
  const tab = (name: string) => page.getByTestId(`mode-${name}`);
  await expect(tab('clips')).toHaveAttribute('aria-current', 'page');
  await tab('runs').click();
  await expect(tab('runs')).toHaveAttribute('aria-current', 'page');
  await expect(tab('clips')).not.toHaveAttribute('aria-current', 'page');
  await tab('clips').click();
  await expect(page.getByTestId('clip-card').first()).toBeVisible();

  const button = page.getByTestId('workspace-menu-button');
  const menu = page.getByTestId('workspace-menu');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('open-workspace')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('create-demo')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('recent-item').first()).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowUp'); // wraps to the last recent workspace
  await expect(page.getByTestId('recent-item').last()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  await page.keyboard.press(' ');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(menu).toBeHidden();
  await button.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('open-workspace')).toBeFocused();
  await page.keyboard.press('Enter'); // the item runs: browser mode asks for a path
  await expect(page.getByTestId('open-path')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('open-path')).toBeHidden();

  // Nothing overflows or wraps: every control of the bar sits inside it on one row.
  for (const width of [1400, 1100]) {
    await page.setViewportSize({ width, height: 900 });
    const bar = await page.locator('.topbar').boundingBox();
    for (const id of ['workspace-menu-button', 'mode-clips', 'mode-runs', 'import-button', 'export-button']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.x + box.width, `${id} at ${width} px`).toBeLessThanOrEqual(width);
      expect(box.y, `${id} at ${width} px`).toBeGreaterThanOrEqual(bar!.y);
      expect(box.y + box.height, `${id} at ${width} px`).toBeLessThanOrEqual(bar!.y + bar!.height);
    }
    await button.click();
    await expect(menu).toBeVisible();
    await page.screenshot({ path: join(shots, `11-workspace-menu-${width}.png`) });
    await button.click();
    await expect(menu).toBeHidden();
    // the status bar keeps every item inside the window too (the ffmpeg build string gives way first)
    const status = page.getByTestId('status-bar');
    expect(await status.evaluate((el) => el.scrollWidth - el.clientWidth), `status bar at ${width} px`).toBeLessThanOrEqual(0);
    for (const id of ['status-counts', 'cache-indicator', 'backend-status', 'status-mode']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.x + box.width, `${id} at ${width} px`).toBeLessThanOrEqual(width);
    }
  }
});
