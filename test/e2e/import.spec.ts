import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startTestServer, type TestServer } from './support/server';

// The Import wizard end to end: a folder-per-class dataset of real tiny videos (plus two broken
// videos, a text file and a symbolic-link loop), previewed, imported by the real `dataset.import` job, reported, re-imported (skipped),
// then Relink… after moving and changing files, and Clear cache.
const shots = join(ROOT, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });
const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `20-import-${name}.png`) });

/** Writes a 0.3 s 64x48 H.264 clip of an ffmpeg test source (`testsrc`, `mandelbrot`…). */
function makeVideo(path: string, source: string, seconds = 0.3): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `${source}=size=64x48:rate=25`, '-t', String(seconds),
    '-pix_fmt', 'yuv420p', '-c:v', 'libx264', path]);
}

test.describe.configure({ mode: 'serial' });

let server: TestServer;
let tmp: string;
let root: string;
test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'mwb-import-'));
  root = join(tmp, 'actions');
  for (const [cls, source] of [['waving', 'testsrc'], ['jumping', 'mandelbrot']] as const) {
    mkdirSync(join(root, cls), { recursive: true });
    for (let i = 1; i <= 3; i++) makeVideo(join(root, cls, `${cls}_${i}.mp4`), source);
  }
  writeFileSync(join(root, 'waving', 'empty.mp4'), '');
  writeFileSync(join(root, 'jumping', 'notes.mp4'), 'these are notes, not a video\n');
  writeFileSync(join(root, 'waving', 'readme.txt'), 'not media\n');
  symlinkSync('..', join(root, 'jumping', 'loop'));
  server = await startTestServer(join(tmp, 'workspace'));
});
test.afterAll(async () => {
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The jobs panel rows of imports of this dataset, newest first once they are done. */
const importRows = (page: Page): Locator => page.getByTestId('job-row').filter({ hasText: `Import Folder per class from ${root}` });

/** Opens the wizard, picks Folder per class, types the root and previews. */
async function previewFolder(page: Page, path: string): Promise<Locator> {
  await page.getByTestId('import-button').click();
  const wizard = page.getByTestId('import-wizard');
  await expect(wizard).toBeVisible();
  await wizard.locator('[data-testid="importer-card"][data-importer="folder"]').click();
  await wizard.getByTestId('import-field-root').locator('input').fill(path);
  await wizard.getByTestId('import-preview-button').click();
  return wizard;
}

/** Waits for the newest of `count` import jobs to finish and opens its report. */
async function openReport(page: Page, count: number): Promise<Locator> {
  await expect(importRows(page)).toHaveCount(count);
  const row = importRows(page).first();
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await row.getByTestId('job-report').click();
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible();
  await expect(report.getByTestId('report-created')).toBeVisible();
  return report;
}

test('import a folder per class: preview, import, report, re-import is skipped', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('clips-empty')).toBeVisible();

  // Step 1: the registered importers as cards.
  await page.getByTestId('import-button').click();
  const wizard = page.getByTestId('import-wizard');
  const cards = wizard.getByTestId('importer-card');
  await expect(cards.first()).toBeVisible();
  for (const id of ['folder', 'ucf101', 'hmdb51']) await expect(wizard.locator(`[data-importer="${id}"]`)).toBeVisible();
  expect(await cards.count()).toBeGreaterThanOrEqual(7);
  await shot(page, '1-pick');

  // Step 2: the form; a missing required field and a wrong path are explained inline.
  await wizard.locator('[data-testid="importer-card"][data-importer="folder"]').click();
  const rootField = wizard.getByTestId('import-field-root');
  await expect(rootField).toContainText('Dataset folder');
  await expect(wizard.getByTestId('import-field-images').locator('input')).toBeChecked();
  await wizard.getByTestId('import-preview-button').click();
  await expect(rootField.getByTestId('import-field-error')).toContainText('required');
  await rootField.locator('input').fill(join(tmp, 'no-such-folder'));
  await wizard.getByTestId('import-preview-button').click();
  // A failed preview returns to the form with the core's message, so the path can be fixed there.
  await expect(wizard.getByTestId('import-error')).toContainText('no-such-folder');
  await expect(rootField.locator('input')).toBeVisible();
  await shot(page, '2-preview-error');
  await rootField.locator('input').fill(root);
  await shot(page, '3-options');

  // Step 3: the preview counts what is on disk; nothing is written yet.
  await wizard.getByTestId('import-preview-button').click();
  const preview = wizard.getByTestId('import-preview');
  await expect(preview).toBeVisible();
  await expect(preview.getByTestId('preview-total-clips')).toHaveText('8');
  await expect(preview.getByTestId('preview-total-media')).toHaveText('8');
  await expect(preview.getByTestId('preview-already')).toHaveText('0');
  await expect(preview.getByTestId('preview-total-classes')).toHaveText('2');
  await expect(preview.getByTestId('preview-class')).toHaveCount(2);
  await expect(preview.locator('[data-testid="preview-class"][data-class="waving"]')).toContainText('4');
  await expect(preview.getByTestId('preview-item')).toHaveCount(8);
  // Problems by kind: the text file is ignored, the link back to the root is not followed.
  await expect(preview.getByTestId('preview-total-problems')).toHaveText('2');
  const problems = preview.getByTestId('import-problems');
  await expect(problems.locator('[data-kind="ignored"]')).toHaveAttribute('data-count', '1');
  await expect(problems.locator('[data-kind="ignored"]')).toContainText('waving/readme.txt');
  await expect(problems.locator('[data-kind="symlink-loop"]')).toHaveAttribute('data-count', '1');
  await expect(problems.locator('[data-kind="symlink-loop"]')).toContainText('jumping/loop');
  await expect(wizard.getByTestId('import-start')).toHaveText(/Import 8 clips/);
  await shot(page, '4-preview');

  // Import: the wizard closes and the jobs panel shows the job until it is done.
  await wizard.getByTestId('import-start').click();
  await expect(wizard).toBeHidden();
  await expect(importRows(page)).toHaveCount(1);
  await shot(page, '5-job');
  const report = await openReport(page, 1);
  await expect(report.getByTestId('report-created')).toHaveText('8');
  await expect(report.getByTestId('report-skipped')).toHaveText('0');
  await expect(report.getByTestId('report-unreadable')).toHaveText('2');
  await expect(report.getByTestId('report-ignored')).toHaveText('1');
  const unreadable = report.getByTestId('report-list-unreadable');
  await expect(unreadable.getByTestId('report-file')).toHaveCount(2);
  await expect(unreadable).toContainText('waving/empty.mp4');
  await expect(unreadable).toContainText('jumping/notes.mp4');
  await expect(report.getByTestId('report-probe')).toContainText('6 readable, 2 failed');
  await shot(page, '6-report');
  await report.getByTestId('import-report-close').click();
  await expect(report).toBeHidden();

  // The grid: eight clips, the two broken files flagged.
  const clipCards = page.getByTestId('clip-card');
  await expect.poll(() => clipCards.count()).toBe(8);
  await expect(page.getByTestId('clip-error')).toHaveCount(2);
  await expect(page.getByTestId('status-counts')).toContainText('8 clips');
  await expect(page.getByTestId('status-counts')).toContainText('2 classes');
  await shot(page, '7-grid');

  // Importing the same folder again changes nothing: the preview and the report say skipped.
  const again = await previewFolder(page, root);
  await expect(again.getByTestId('preview-already')).toHaveText('8');
  await expect(again.getByTestId('preview-verdict')).toContainText('already in the workspace');
  await expect(again.getByTestId('import-start')).toHaveText(/Import again/);
  await shot(page, '8-reimport-preview');
  await again.getByTestId('import-start').click();
  await expect(again).toBeHidden();
  const second = await openReport(page, 2);
  await expect(second.getByTestId('report-created')).toHaveText('0');
  await expect(second.getByTestId('report-skipped')).toHaveText('8');
  await shot(page, '9-reimport-report');
  await second.getByTestId('import-report-close').click();
  await expect.poll(() => clipCards.count()).toBe(8);
});

test('relink a moved file and flag a changed one; clear the cache', async ({ page }) => {
  await page.goto(server.url);
  await expect.poll(() => page.getByTestId('clip-card').count()).toBe(8);

  // Move one video out of the dataset under a new name, and replace another with different content.
  const elsewhere = join(tmp, 'elsewhere');
  mkdirSync(elsewhere);
  renameSync(join(root, 'jumping', 'jumping_2.mp4'), join(elsewhere, 'renamed.mp4'));
  makeVideo(join(root, 'waving', 'waving_3.mp4'), 'testsrc2', 0.6);

  await page.getByTestId('relink-button').click();
  const relink = page.getByTestId('relink-dialog');
  await relink.getByTestId('relink-folder').fill(elsewhere);
  await relink.getByTestId('relink-submit').click();
  await expect(relink.getByTestId('relink-result')).toBeVisible();
  await expect(relink.getByTestId('relink-relinked')).toHaveAttribute('data-count', '1');
  await expect(relink.getByTestId('relink-relinked')).toContainText('renamed.mp4');
  await expect(relink.getByTestId('relink-missing')).toHaveAttribute('data-count', '0');
  await expect(relink.getByTestId('relink-changed')).toHaveAttribute('data-count', '1');
  await expect(relink.getByTestId('relink-changed')).toContainText('waving_3.mp4');
  await shot(page, '10-relink');
  await page.keyboard.press('Escape');
  await expect(relink).toBeHidden();

  // Clear cache: a cached-frames file goes, the thumbnails the database points to stay.
  const framesDir = join(tmp, 'workspace', 'cache', 'frames');
  mkdirSync(framesDir, { recursive: true });
  writeFileSync(join(framesDir, 'stale.bin'), Buffer.alloc(64 * 1024));
  await page.getByTestId('cache-indicator').click();
  const cache = page.getByTestId('cache-dialog');
  await expect(cache.getByTestId('cache-areas')).toContainText('frames');
  await expect(cache.getByTestId('cache-areas')).toContainText('thumbs');
  await expect(cache.getByTestId('cache-clear-confirm')).toBeEnabled();
  await shot(page, '11-cache');
  await cache.getByTestId('cache-clear-confirm').click();
  await expect(cache).toBeHidden();
  expect(existsSync(join(framesDir, 'stale.bin'))).toBe(false);
  await expect(page.getByTestId('cache-size')).toBeVisible();
  expect(readdirSync(join(tmp, 'workspace', 'cache', 'thumbs'), { recursive: true }).length).toBeGreaterThan(0);
});
