import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startTestServer, type TestServer } from './support/server';

// The training backend in the status bar, the slow-backend banner, its Details popover, and a
// dismissal that survives a reload. tfjs-node cannot install here, so the ladder lands on wasm.
const shots = join(ROOT, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });
const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`) });

let server: TestServer;
let workspace: string;
test.beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'mwb-e2e-backend-'));
  server = await startTestServer(workspace, { MWB_TRAINING_BACKEND: '' });
});
test.afterAll(async () => {
  await server?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test('status bar and banner show the wasm rung; details list every rung; dismissal is remembered', async ({ page }) => {
  await page.goto(server.url);
  const status = page.getByTestId('backend-status');
  await expect(status).toHaveText(/Training: (checking…|WebAssembly)/);
  await expect(status).toHaveText(/^Training: WebAssembly \((SIMD, )?1 thread\)$/, { timeout: 30_000 });
  await expect(status).toHaveAttribute('data-rung', 'wasm');

  // One compact line: which rung and how much slower; the rest is one click away.
  const banner = page.getByTestId('backend-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(/Training runs on WebAssembly \((SIMD, )?1 thread\): about 4x slower per training step than native CPU training/);
  expect((await banner.boundingBox())!.height).toBeLessThan(40);
  await shot(page, '70-backend-banner-compact');
  await expect(page.getByTestId('backend-details')).toHaveText(/How to get native speed/);

  await page.getByTestId('backend-details').click();
  const details = page.getByTestId('backend-details-popover');
  await expect(details).toBeVisible();
  // Everything the banner used to say: the whole slowdown and what to install for native speed.
  const how = details.getByTestId('backend-native-how');
  await expect(how).toContainText(/about 4x slower.*uses one core where native TensorFlow uses all of them.*10-50x faster again/is);
  await expect(how).toContainText(/install @tensorflow\/tfjs-node \(all CPU cores\), or @tensorflow\/tfjs-node-gpu.*CUDA 11\.2 and cuDNN 8\.1; then restart/s);
  const rungs = details.getByTestId('backend-rung');
  await expect(rungs).toHaveCount(4);
  await expect(rungs.nth(0)).toHaveAttribute('data-status', 'missing');
  await expect(rungs.nth(0)).toContainText(/tfjs-node-gpu.*missing.*Why: not installed/s);
  await expect(rungs.nth(0)).toContainText(/10-50x faster/);
  await expect(rungs.nth(1)).toHaveAttribute('data-status', 'missing');
  await expect(rungs.nth(2)).toHaveAttribute('data-status', 'in-use');
  await expect(rungs.nth(2)).toContainText(/WebAssembly SIMD on one core/);
  await expect(rungs.nth(3)).toHaveAttribute('data-status', 'not-checked');
  await expect(rungs.nth(3)).toContainText(/Pure JavaScript/);
  await shot(page, '70-backend-banner');

  // Escape closes the popover; the status bar opens the same list.
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await status.click();
  await expect(details).toBeVisible();
  await status.click();
  await expect(details).toBeHidden();

  await page.getByTestId('backend-dismiss').click();
  await expect(banner).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('backend-status')).toHaveText(/Training: WebAssembly/, { timeout: 30_000 });
  await expect(page.getByTestId('backend-banner')).toHaveCount(0);
  // The status bar still reaches the details after the banner was dismissed.
  await page.getByTestId('backend-status').click();
  await expect(page.getByTestId('backend-details-popover')).toBeVisible();
  await shot(page, '71-backend-details-from-status');
});
