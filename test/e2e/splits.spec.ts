import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startTestServer, type TestServer } from './support/server';

// The Splits screen end to end on the demo workspace plus a few planted leaks (imported from a CSV
// manifest): create a stratified and a group split, read their statistics, run the leakage check
// (findings of every kind, then a clean split after moving a duplicate by hand), lock, duplicate.
const shots = join(ROOT, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });
/** Screenshot with the jobs panel folded (it opens by itself when a check job starts). */
async function shot(page: Page, name: string): Promise<void> {
  const toggle = page.getByTestId('jobs-toggle');
  if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
  await page.screenshot({ path: join(shots, `40-splits-${name}.png`) });
}
const FIXTURES = join(ROOT, '..', 'shared', 'fixtures', 'video');

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

/** `mwb` with a private app-data folder. */
function mwb(appData: string, ...args: string[]): void {
  execFileSync(process.execPath, [join(ROOT, 'bin', 'mwb.js'), ...args], { cwd: ROOT, env: { ...process.env, MWB_APP_DATA: appData }, stdio: 'pipe' });
}

test.describe.configure({ mode: 'serial' });

let server: TestServer;
let tmp: string;
test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'mwb-splits-e2e-'));
  const ws = join(tmp, 'ws');
  const appData = join(tmp, 'app');
  mwb(appData, 'demo', ws, '--clips-per-class', '3');
  // Planted leaks, each pair a class of its own (at 50/25/25 a class of 2 always goes 1 to train, 1
  // to val or test): two trims of one video, two videos of one actor group, a video and a
  // re-encoded copy of it under another name.
  const v = join(tmp, 'extra');
  mkdirSync(v, { recursive: true });
  ffmpeg('-i', join(FIXTURES, 'apply_eye_makeup_320x240_mpeg4.avi'), '-t', '2', '-vf', 'scale=160:120', '-c:v', 'libx264', '-crf', '20', join(v, 'makeup.mp4'));
  ffmpeg('-i', join(v, 'makeup.mp4'), '-vf', 'scale=96:72', '-c:v', 'libx264', '-crf', '32', join(v, 'holiday_0042.mp4'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=112x112:rate=25', '-t', '1.5', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', join(v, 'wave_a.mp4'));
  ffmpeg('-f', 'lavfi', '-i', 'mandelbrot=size=112x112:rate=25', '-t', '1.5', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', join(v, 'wave_b.mp4'));
  const pool = join(FIXTURES, 'pool_cleaning_340x256.mp4');
  writeFileSync(join(v, 'extra.csv'), ['path,label,start,end,group',
    `${pool},cleaning,0,3,`, `${pool},cleaning,5,8,`, `${join(v, 'wave_a.mp4')},waving,,,actor7`, `${join(v, 'wave_b.mp4')},waving,,,actor7`,
    `${join(v, 'makeup.mp4')},makeup,,,`, `${join(v, 'holiday_0042.mp4')},makeup,,,`].join('\n') + '\n');
  mwb(appData, 'import', 'csv', join(v, 'extra.csv'), '--workspace', ws);
  server = await startTestServer(ws);
});
test.afterAll(async () => {
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Fills and submits the New split dialog (shares 50/25/25). */
async function newSplit(page: Page, strategy: string, name: string, seed: number): Promise<void> {
  const dialog = page.getByTestId('split-new-dialog');
  await expect(dialog).toBeVisible();
  await dialog.locator(`[data-testid="split-strategy"][data-strategy="${strategy}"]`).click();
  for (const [subset, share] of [['train', 50], ['val', 25], ['test', 25]] as const) await dialog.getByTestId(`split-ratio-${subset}`).fill(String(share));
  await dialog.getByTestId('split-seed').fill(String(seed));
  await dialog.getByTestId('split-name').fill(name);
  await dialog.getByTestId('split-create').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('split-title')).toHaveText(name);
}

/** Runs the leakage check of the shown set and waits for its report. */
async function runCheck(page: Page): Promise<Locator> {
  await page.getByTestId('split-tab-leakage').click();
  const panel = page.getByTestId('leakage-panel');
  await panel.getByTestId('leak-run').click();
  await expect(panel.getByTestId('leak-summary')).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByTestId('leak-run')).toBeVisible({ timeout: 60_000 });
  return panel;
}

test('splits: create, statistics, leakage findings, fix by hand, clean check, lock, duplicate', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('clip-card').first()).toBeVisible();
  await page.getByTestId('mode-splits').click();
  await expect(page.getByTestId('splits-empty')).toBeVisible();
  await shot(page, '1-empty');

  // A stratified split from the New split dialog.
  await page.getByTestId('split-new-empty').click();
  const dialog = page.getByTestId('split-new-dialog');
  await expect(dialog.getByTestId('split-ratio-train')).toHaveValue('70');
  await expect(dialog.getByTestId('split-name')).toHaveValue('stratified 70-15-15 seed 0');
  await shot(page, '2-new-dialog');
  await newSplit(page, 'stratified', 'strat-7', 7);
  await expect(page.getByTestId('split-description')).toHaveText('stratified by class, 0.50/0.25/0.25, seed 7');

  // Statistics: 30 labelled clips (24 demo + 6 imported) in 11 classes, tiles, chart, table, warnings.
  const stats = page.getByTestId('split-stats');
  await expect(stats.getByTestId('split-table-row')).toHaveCount(11);
  await expect(stats.getByTestId('chart-row')).toHaveCount(11);
  const tiles = stats.getByTestId('split-tile');
  await expect(tiles).toHaveCount(3);
  const counts = await tiles.locator('.tile-value').allInnerTexts();
  expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(30);
  await expect(stats.locator('[data-testid="split-table-row"][data-class="cleaning"] td.num').first()).toHaveText('1');
  await expect(stats.getByTestId('split-warnings')).toBeVisible();
  await expect(stats.getByTestId('split-warning').first()).toHaveAttribute('data-level', 'error');
  await shot(page, '3-stats');
  await stats.getByTestId('chart-mode-count').click();
  await stats.getByTestId('split-table').scrollIntoViewIfNeeded();
  await shot(page, '3b-table');
  // A count opens those clips in the browser (filtered by class and subset).
  const cell = stats.locator('[data-testid="split-table-row"][data-class="move_down"] [data-part="train"]').getByTestId('split-table-count');
  const inTrain = Number(await cell.innerText());
  expect(inTrain).toBeGreaterThan(0);
  await cell.click();
  await expect(page.getByTestId('splits-screen')).toBeHidden();
  await expect(page.getByTestId('clip-card')).toHaveCount(inTrain);
  for (const card of await page.getByTestId('clip-card').all()) await expect(card).toContainText('move_down');
  await page.getByTestId('mode-splits').click();
  await expect(page.getByTestId('split-title')).toHaveText('strat-7');

  // Its leakage check: the planted leaks, one finding of each kind, clips side by side.
  let panel = await runCheck(page);
  await expect(panel.getByTestId('leak-filter-same-source')).toHaveAttribute('data-count', '1');
  await expect(panel.getByTestId('leak-filter-same-group')).toHaveAttribute('data-count', '1');
  await expect(panel.getByTestId('leak-filter-near-duplicate')).toHaveAttribute('data-count', '1');
  const source = panel.locator('[data-testid="leak-finding"][data-kind="same-source"]');
  await expect(source.getByTestId('leak-clip')).toHaveCount(2);
  await expect(source).toContainText('pool_cleaning_340x256.mp4');
  const dup = panel.locator('[data-testid="leak-finding"][data-kind="near-duplicate"]');
  await expect(dup.getByTestId('leak-clip')).toHaveCount(2);
  await expect(dup).toContainText('holiday_0042');
  await expect(dup.locator('[data-testid="leak-clip"] img').first()).toBeVisible();
  await expect(page.getByTestId('split-tab-leak-count')).toHaveText('3');
  await shot(page, '4-findings');
  await panel.getByTestId('leak-filter-near-duplicate').click();
  await expect(panel.getByTestId('leak-finding')).toHaveCount(1);
  await shot(page, '5-near-duplicate');

  // A group split keeps trims and groups together; the re-encoded copy is only visible by content.
  await page.getByTestId('split-new').click();
  await newSplit(page, 'group', 'grouped', 3);
  await expect(page.getByTestId('split-tile-groups').locator('.tile-value')).toHaveText('0');
  await shot(page, '6-group-stats');
  panel = await runCheck(page);
  await expect(panel.getByTestId('leak-finding')).toHaveCount(1);
  await expect(panel.getByTestId('leak-finding')).toHaveAttribute('data-kind', 'near-duplicate');
  // Fix it by hand: move both copies to train (manual override), then check again: clean.
  await panel.getByTestId('leak-move-all').selectOption('train');
  await expect(panel.getByTestId('leak-resolved')).toBeVisible();
  await expect(panel.getByTestId('leak-stale')).toBeVisible();
  await expect(page.locator('[data-testid="split-item"][data-name="grouped"]')).toBeVisible();
  panel = await runCheck(page);
  await expect(panel.getByTestId('leak-clean')).toContainText('No leaks found');
  await expect(page.getByTestId('split-tab-leak-count')).toHaveText('0');
  await shot(page, '7-clean');

  // Lock it: the note explains why; moving and deleting are refused in the UI.
  await page.getByTestId('split-lock').click();
  await expect(page.getByTestId('split-locked-note')).toContainText('Locked: training runs reference this set');
  await expect(page.getByTestId('split-locked-badge')).toBeVisible();
  await expect(page.locator('[data-testid="split-item"][data-name="grouped"]')).toHaveAttribute('data-locked', 'true');
  await expect(page.getByTestId('split-delete')).toBeDisabled();
  await page.getByTestId('split-tab-stats').click();
  await shot(page, '8-locked');

  // A k-fold split: folds are the columns.
  await page.getByTestId('split-new').click();
  const kdialog = page.getByTestId('split-new-dialog');
  await kdialog.locator('[data-testid="split-strategy"][data-strategy="kfold"]').click();
  await kdialog.getByTestId('split-folds').fill('3');
  await kdialog.getByTestId('split-create').click();
  await expect(page.getByTestId('split-title')).toHaveText('kfold 3 seed 0');
  await expect(page.getByTestId('split-table').locator('thead th')).toHaveText(['Class', 'Fold 1', 'Fold 2', 'Fold 3', 'Total']);
  await shot(page, '9-kfold');
  await page.locator('[data-testid="split-item"][data-name="grouped"]').click();

  // Duplicate to edit a copy: same content hash, unlocked.
  const hash = await page.getByTestId('split-hash').innerText();
  await page.getByTestId('split-duplicate').click();
  await expect(page.getByTestId('split-duplicate-name')).toHaveValue('grouped copy');
  await page.getByTestId('split-duplicate-submit').click();
  await expect(page.getByTestId('split-title')).toHaveText('grouped copy');
  await expect(page.getByTestId('split-locked-badge')).toHaveCount(0);
  expect(await page.getByTestId('split-hash').innerText()).toBe(hash);
  await expect(page.getByTestId('split-item')).toHaveCount(4);
  await page.getByTestId('split-delete').click();
  await page.getByTestId('split-delete-dialog').getByTestId('confirm-button').click();
  await expect(page.getByTestId('split-item')).toHaveCount(3);
});
