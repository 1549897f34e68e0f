import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startTestServer, type TestServer } from './support/server';

// The synchronised motion viewer on the demo workspace: open a move_right clip, let the preview
// job compute frames, flow and events, scrub the one timeline, change the DVS window, show the
// 3-frame stack and the arrow field, and check every pane really shows a new picture.
const shots = join(ROOT, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });
const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `50-motion-${name}.png`) });

let server: TestServer;
let tmp: string;
test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'mwb-motion-e2e-'));
  const workspace = join(tmp, 'demo');
  execFileSync(process.execPath, [join(ROOT, 'bin', 'mwb.js'), 'demo', workspace, '--clips-per-class', '2'], {
    cwd: ROOT, env: { ...process.env, MWB_APP_DATA: join(tmp, 'appdata') }, stdio: 'pipe',
  });
  server = await startTestServer(workspace);
});
test.afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** The picture's src once it has loaded with real pixels. */
async function loaded(img: Locator): Promise<string> {
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
  return (await img.getAttribute('src'))!;
}

/** Moves the timeline to a frame the way a user's drag does (input events). */
async function scrub(page: Page, frame: number): Promise<void> {
  await page.getByTestId('sync-timeline').evaluate((el: HTMLInputElement, f: number) => {
    el.value = String(f);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, frame);
  await expect(page.getByTestId('sync-frame')).toHaveText(String(frame));
}

test('synchronised RGB / flow / DVS viewer: preview job, scrub, DVS window, stack3, arrows', async ({ page }) => {
  await page.goto(server.url);
  await expect.poll(() => page.getByTestId('clip-card').count()).toBe(16);
  await page.getByTestId('clip-card').filter({ hasText: 'move_right_01' }).click();
  await expect(page.getByTestId('viewer')).toBeVisible();
  await page.getByTestId('motion-open').click();

  const viewer = page.getByTestId('sync-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer).toHaveAttribute('data-ready', 'true', { timeout: 45_000 });
  const rgb = page.getByTestId('sync-rgb'), flow = page.getByTestId('sync-flow'), dvs = page.getByTestId('sync-dvs');
  await loaded(page.getByTestId('flow-legend'));
  await expect(page.getByTestId('flow-histogram').locator('rect')).toHaveCount(16);

  const seen: Record<string, Set<string>> = { rgb: new Set(), flow: new Set(), dvs: new Set() };
  for (const [i, frame] of [12, 30, 45].entries()) {
    await scrub(page, frame);
    await expect(rgb).toHaveAttribute('src', new RegExp(`/rgb/${frame}\\?`));
    await expect(flow).toHaveAttribute('src', new RegExp(`/flow/${frame}\\?`));
    await expect(dvs).toHaveAttribute('src', new RegExp(`/dvs/\\d+_${frame * 40_000}_polarity_`));
    seen.rgb!.add(await loaded(rgb));
    seen.flow!.add(await loaded(flow));
    seen.dvs!.add(await loaded(dvs));
    if (i === 0) await shot(page, 'scrubbed');
  }
  expect([seen.rgb!.size, seen.flow!.size, seen.dvs!.size]).toEqual([3, 3, 3]);
  // The patch moves right: the arrow overlay draws arrows on it.
  await expect.poll(async () => Number(await page.getByTestId('arrow-overlay').getAttribute('data-count'))).toBeGreaterThan(0);

  // A longer accumulation window: a different picture with more events.
  const before = await loaded(dvs);
  const eventsBefore = parseInt((await page.getByTestId('dvs-count').textContent())!, 10);
  await page.getByTestId('dvs-window').fill('120');
  await expect(dvs).not.toHaveAttribute('src', before);
  await expect(dvs).toHaveAttribute('src', /\/dvs\/\d+_\d+_polarity_/);
  await loaded(dvs);
  await expect.poll(async () => parseInt((await page.getByTestId('dvs-count').textContent())!, 10)).toBeGreaterThan(eventsBefore);
  await shot(page, 'window');

  // The 3-frame stack as the network sees it; arrows off.
  await page.getByTestId('dvs-stack3').check();
  await expect(dvs).toHaveAttribute('src', /_stack3\?/);
  await loaded(dvs);
  await page.getByTestId('arrow-toggle').uncheck();
  await expect(page.getByTestId('arrow-overlay')).toHaveCount(0);
  await shot(page, 'stack3');

  // Play advances the one cursor; Escape closes the motion viewer only.
  await page.getByTestId('sync-play').click();
  await expect.poll(async () => Number(await page.getByTestId('sync-frame').textContent())).not.toBe(45);
  await page.getByTestId('sync-play').click();
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(page.getByTestId('viewer')).toBeVisible();
});
