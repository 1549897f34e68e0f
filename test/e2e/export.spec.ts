import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startTestServer, type TestServer } from './support/server';

// Hover-scrub over a clip card and the Export dialog, on the demo workspace (8 classes x 2 clips)
// with one stratified split made by the CLI: the card shows tiles of the scrub sprite the probe's
// follow-up job made, and a CSV export writes a manifest the test reads back from disk.
const shots = join(ROOT, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });
const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`) });

const CLIPS = 16;
let server: TestServer;
let tmp: string;
let workspace: string;
test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'mwb-export-e2e-'));
  workspace = join(tmp, 'demo');
  const mwb = (args: string[]): string => execFileSync(process.execPath, [join(ROOT, 'bin', 'mwb.js'), ...args], {
    cwd: ROOT, env: { ...process.env, MWB_APP_DATA: join(tmp, 'appdata') }, stdio: 'pipe', encoding: 'utf8',
  });
  mwb(['demo', workspace, '--clips-per-class', '2']);
  mwb(['split', 'create', workspace, '--name', 'holdout', '--strategy', 'stratified', '--ratios', '0.5,0.25,0.25', '--seed', '3']);
  server = await startTestServer(workspace);
});
test.afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('hover-scrub a clip card across its sprite tiles', async ({ page }) => {
  await page.goto(server.url);
  await expect.poll(() => page.getByTestId('clip-card').count()).toBe(CLIPS);
  // The training-backend banner appears once its check ends and pushes the grid down: let the
  // layout settle first, and measure the card again before every move.
  await expect(page.getByTestId('backend-status')).not.toContainText(/checking/i);
  const card = page.getByTestId('clip-card').first();
  const thumb = card.locator('.thumb');
  const box = (await thumb.boundingBox())!;

  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2);
  const scrub = card.getByTestId('clip-scrub');
  await expect(scrub).toBeVisible();
  // The sprite behind it is a real decoded image of 10 tiles side by side.
  const url = await scrub.evaluate((el) => /url\("?(.*?)"?\)/.exec(getComputedStyle(el).backgroundImage)![1]!);
  expect(url).toContain('/files/scrub/');
  const size = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    return { w: img.naturalWidth, h: img.naturalHeight };
  }, url);
  expect(size.w).toBe(1600); // 10 tiles of 160 px
  expect(size.h).toBe(160); // the demo videos are square

  const positions: string[] = [];
  for (const f of [0.05, 0.35, 0.95, 0.65]) {
    const now = (await thumb.boundingBox())!;
    await page.mouse.move(now.x + now.width * f, now.y + now.height / 2, { steps: 3 });
    await expect.poll(() => scrub.evaluate((el) => getComputedStyle(el).backgroundPositionX)).not.toBe(positions.at(-1) ?? '');
    positions.push(await scrub.evaluate((el) => getComputedStyle(el).backgroundPositionX));
  }
  await card.screenshot({ path: join(shots, '61-scrub-card.png') });
  await shot(page, '61-scrub'); // pointer at 65 %: tile 6 and the position bar two thirds along
  // Left to right = earlier to later tiles: the sprite moves left by whole tile widths.
  const tiles = positions.map((p) => Math.abs(Math.round(parseFloat(p) / box.width)));
  expect(tiles).toEqual([0, 3, 9, 6]);

  // Leaving the card brings the thumbnail back.
  await page.mouse.move(2, 2);
  await expect(scrub).toHaveCount(0);
  await expect(card.locator('img')).toBeVisible();
});

test('export a CSV manifest of a split from the Export dialog and view the result', async ({ page }) => {
  await page.goto(server.url);
  await expect.poll(() => page.getByTestId('clip-card').count()).toBe(CLIPS);
  await page.getByTestId('export-button').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('export-split')).toHaveValue('holdout');
  await shot(page, '60-export-dialog');

  // A path that is a file is refused inline, under the folder field, before any job starts.
  const file = join(tmp, 'not-a-folder.txt');
  writeFileSync(file, 'x');
  await dialog.getByTestId('export-format-csv').click();
  await dialog.getByTestId('export-out').fill(join(file, 'out'));
  await dialog.getByTestId('export-submit').click();
  await expect(dialog.getByTestId('export-field-error')).toContainText(`${file} is a file, not a folder`);
  await shot(page, '60-export-error');

  const out = join(tmp, 'exported csv');
  await dialog.getByTestId('export-out').fill(out);
  await dialog.getByTestId('export-submit').click();
  await expect(dialog).toHaveCount(0);

  const row = page.getByTestId('jobs-panel').getByTestId('job-row').filter({ hasText: /Export csv/ });
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await row.getByTestId('job-report').click();
  const result = page.getByTestId('export-result');
  await expect(result).toBeVisible();
  await expect(result.getByTestId('export-out-dir')).toHaveText(out);
  await expect(result.getByTestId('export-file').filter({ hasText: 'manifest.csv' })).toHaveAttribute('data-lines', String(CLIPS));
  await expect(result.getByTestId('export-file')).toHaveCount(2); // manifest.csv + export.json
  await shot(page, '60-export-result');

  // On disk: a header plus one row per clip, each with its subset in the split.
  const lines = readFileSync(join(out, 'manifest.csv'), 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(CLIPS + 1);
  expect(lines[0]).toBe('path,label,start,end,group,view,split');
  const subsets = lines.slice(1).map((l) => l.split(',').at(-1));
  expect(['train', 'val', 'test'].map((k) => subsets.filter((s) => s === k).length)).toEqual([8, 4, 4]);
  await result.getByTestId('export-result-close').click();
  await expect(result).toHaveCount(0);
});
