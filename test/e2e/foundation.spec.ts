import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startTestServer, type TestServer } from './support/server';

// The user's first session, end to end: a fresh app-data folder, browser mode, the real core.
const shots = join(ROOT, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });
const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`) });

let server: TestServer;
test.beforeAll(async () => { server = await startTestServer(); });
test.afterAll(async () => { await server?.stop(); });

test('create the demo workspace, browse clips, step frames, reload', async ({ page }) => {
  await page.goto(server.url);
  // The token leaves the address bar but the session keeps working.
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByRole('button', { name: /create demo workspace/i }).first()).toBeVisible();
  await shot(page, '01-first-run');

  await page.getByRole('button', { name: /create demo workspace/i }).first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(/clips per class/i).fill('4');
  await shot(page, '02-demo-dialog');
  await dialog.getByRole('button', { name: /^create/i }).click();

  const panel = page.getByTestId('jobs-panel');
  const demoJob = panel.getByTestId('job-row').filter({ hasText: /demo/i }).first();
  await expect(demoJob).toBeVisible();
  await expect(demoJob.getByTestId('job-progress')).toBeVisible();
  await shot(page, '03-demo-job-running');
  await expect(demoJob).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const probeJob = panel.getByTestId('job-row').filter({ hasText: /probe|thumbnail/i }).first();
  await expect(probeJob).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  // The probe queues the hover-scrub strips of the 8 x 4 videos it read as a job of their own.
  const scrubJob = panel.getByTestId('job-row').filter({ hasText: /scrub strips for 32 media/i });
  await expect(scrubJob).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  await expect(page).toHaveTitle(/Motion Workbench — demo-workspace/);
  const cards = page.getByTestId('clip-card');
  await expect(cards.first()).toBeVisible();
  await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(8);
  // Thumbnails are real decoded images, not placeholders.
  await expect.poll(() => cards.first().locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await shot(page, '04-clip-grid');

  await cards.first().click();
  const viewer = page.getByTestId('viewer');
  await expect(viewer).toBeVisible();
  const video = page.getByTestId('viewer-video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('frame-index')).toHaveText('0');
  for (let i = 0; i < 3; i++) await page.getByTestId('frame-next').click();
  await expect(page.getByTestId('frame-index')).toHaveText('3');
  await page.getByTestId('frame-prev').click();
  await expect(page.getByTestId('frame-index')).toHaveText('2');
  // The video element really moved to frame 2 of a 25 fps clip: t in [2/25, 3/25).
  const t = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  expect(t).toBeGreaterThanOrEqual(2 / 25);
  expect(t).toBeLessThan(3 / 25);
  await shot(page, '05-viewer');

  const before = await cards.count();
  await page.reload();
  await expect(page).toHaveTitle(/Motion Workbench — demo-workspace/);
  await expect.poll(() => page.getByTestId('clip-card').count()).toBe(before);
  await expect(panel.getByTestId('job-row').filter({ hasText: /demo/i }).first()).toHaveAttribute('data-state', 'done');
  await shot(page, '06-after-reload');
});

test('without the token the bridge answers 401 and the page explains', async ({ request }) => {
  const base = new URL(server.url);
  const res = await request.post(`${base.origin}/api/app:info`, { data: null, headers: { authorization: 'Bearer wrong' } });
  expect(res.status()).toBe(401);
  const page = await request.get(`${base.origin}/`);
  expect(page.status()).toBe(401);
});
