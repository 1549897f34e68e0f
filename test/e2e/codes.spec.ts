import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startTestServer, type TestServer } from './support/server';

// S002's code sets end to end: a tiny small-cnn trained and its codes extracted with the CLI,
// then in the Runs area the Code sets panel lists the set with its PCA plot coloured by class,
// and "Extract codes…" from the run (layer picker, S002 defaults) adds a second set; "Use in new
// run" opens New run on the sequence-head recipe with that set chosen, which then trains.
const shots = join(ROOT, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });

/** `mwb` with a private app-data folder. */
function mwb(appData: string, ...args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin', 'mwb.js'), ...args], { cwd: ROOT, env: { ...process.env, MWB_APP_DATA: appData }, encoding: 'utf8' });
}

/** Screenshot with the jobs panel folded (a modal covers it). */
async function shot(page: Page, name: string): Promise<void> {
  const toggle = page.getByTestId('jobs-toggle');
  const modal = await page.locator('dialog[open]').count();
  if (!modal && (await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
  await page.screenshot({ path: join(shots, `62-codes-${name}.png`) });
}

test.describe.configure({ mode: 'serial' });

let server: TestServer;
let tmp: string;
let clips: number;
test.beforeAll(async () => {
  test.setTimeout(300_000);
  tmp = mkdtempSync(join(tmpdir(), 'mwb-codes-e2e-'));
  const ws = join(tmp, 'ws');
  const appData = join(tmp, 'app');
  clips = (JSON.parse(mwb(appData, 'demo', ws, '--clips-per-class', '3', '--json')) as { clips: number }).clips;
  mwb(appData, 'split', 'create', ws, '--name', 'demo', '--strategy', 'stratified', '--ratios', '0.6,0.4,0', '--seed', '3');
  const config = join(tmp, 'run.json');
  writeFileSync(config, JSON.stringify({ name: 'backbone', data: { splitSetId: 1 }, inputs: [{ kind: 'rgb-frame', size: 16 }],
    model: { family: 'small-cnn', config: { inputSize: 16, widths: [4, 6, 8], denseUnits: 8 } }, training: { epochs: 1, batchSize: 8, seed: 1 } }));
  mwb(appData, 'train', '--config', config, '--workspace', ws);
  const out = mwb(appData, 'codes', 'extract', '--run', '1', '--size', '16', '--frames', '4', '--seconds', '1', '--workspace', ws);
  expect(out).toMatch(new RegExp(`${clips} clips, codes \\[4, \\d+\\]`));
  server = await startTestServer(ws);
});
test.afterAll(async () => {
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the Code sets panel lists the extracted set with its PCA, and extracts another from the run', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(server.url);
  await page.getByTestId('mode-runs').click();
  await page.locator('[data-testid="run-item"][data-name="backbone"]').click();
  const panel = page.getByTestId('codes-panel');
  await expect(panel).toBeVisible();
  if ((await panel.getByTestId('codes-toggle').getAttribute('aria-expanded')) !== 'true') await panel.getByTestId('codes-toggle').click();

  const sets = panel.getByTestId('codes-set');
  await expect(sets).toHaveCount(1);
  await expect(sets.first()).toContainText('backbone');
  await expect(sets.first()).toContainText('this run');
  await expect(sets.first()).toContainText(`${clips} clips`);
  await expect(sets.first()).toContainText('4 frames over 1 s · 16 px');
  const pca = panel.getByTestId('codes-pca');
  await expect(pca).toHaveAttribute('data-points', String(clips));
  await expect(pca.locator('canvas')).toBeVisible();
  await expect(panel.getByTestId('codes-pca-explained')).toHaveText(/^\d+(\.\d)?%$/);
  const explained = Number((await panel.getByTestId('codes-pca-explained').innerText()).replace('%', ''));
  expect(explained).toBeGreaterThan(0);
  expect(explained).toBeLessThanOrEqual(100);
  await shot(page, 'panel');

  // Extract codes from another layer with the dialog: S002 defaults, the feature layer first.
  await panel.getByTestId('codes-extract').click();
  const dialog = page.getByTestId('codes-extract-dialog');
  await expect(dialog.getByTestId('codes-frames')).toHaveValue('10');
  await expect(dialog.getByTestId('codes-seconds')).toHaveValue('2');
  const layer = dialog.getByTestId('codes-layer');
  await expect(layer.locator('option').first()).toContainText('(feature layer)');
  const conv = await layer.locator('option', { hasText: 'Conv2D' }).first().getAttribute('value');
  await layer.selectOption(conv!);
  await dialog.getByTestId('codes-frames').fill('3');
  await dialog.getByTestId('codes-size').fill('16');
  await shot(page, 'extract-dialog');
  await dialog.getByTestId('codes-extract-start').click();
  await expect(dialog).toBeHidden();
  await expect(sets).toHaveCount(2, { timeout: 180_000 });
  // the new set is listed first and shown
  await expect(sets.first()).toHaveAttribute('aria-selected', 'true');
  await expect(sets.first()).toContainText(conv!);
  await expect(sets.first()).toContainText('3 frames over 2 s');
  await expect(pca).toHaveAttribute('data-points', String(clips));
  await shot(page, 'second-set');

  // A frame size the model does not take fails the job with a message saying what to do; nothing is added.
  await panel.getByTestId('codes-extract').click();
  await dialog.getByTestId('codes-size').fill('24');
  await dialog.getByTestId('codes-extract-start').click();
  await expect(page.getByTestId('notice').filter({ hasText: 'Code extraction failed' })).toContainText(/set the input size to match the model/, { timeout: 120_000 });
  await expect(sets).toHaveCount(2);
});

test('"Use in new run" opens New run on the sequence-head recipe with the code set chosen', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(server.url);
  await page.getByTestId('mode-runs').click();
  await page.locator('[data-testid="run-item"][data-name="backbone"]').click();
  const panel = page.getByTestId('codes-panel');
  if ((await panel.getByTestId('codes-toggle').getAttribute('aria-expanded')) !== 'true') await panel.getByTestId('codes-toggle').click();
  // the set the CLI extracted: 4 frames of the feature layer
  await panel.getByTestId('codes-set').filter({ hasText: '4 frames over 1 s' }).click();
  const key = (await panel.getByTestId('codes-key').getAttribute('title'))!;
  const codeSize = Number(/codeSize (\d+)/.exec(await panel.locator('.plot-head').innerText())![1]);
  expect(codeSize).toBeGreaterThan(0);
  await panel.getByTestId('codes-use').click();

  const dialog = page.getByTestId('run-new-dialog');
  await expect(dialog.locator('[data-testid="run-recipe"][data-id="S002-seq-average"]')).toHaveAttribute('aria-pressed', 'true');
  const picker = dialog.locator('[data-testid="run-need"][data-kind="codes"] select');
  await expect(picker).toHaveValue(key);
  await expect(picker.locator('option:checked')).toHaveText(new RegExp(`^backbone · \\S+ · \\[4, ${codeSize}\\] · ${clips} clips$`));
  await expect(dialog.locator('[data-testid="run-need"][data-path="model.config.codeSize"] input')).toHaveValue(String(codeSize));
  await expect(dialog.getByTestId('run-start')).toBeEnabled();
  await dialog.getByTestId('run-epochs').fill('2');
  await dialog.getByTestId('run-batch').fill('8');
  await dialog.getByTestId('run-json-toggle').click();
  const json = JSON.parse(await dialog.getByTestId('run-json').inputValue());
  expect(json.inputs[0]).toEqual({ kind: 'codes', codesKey: key });
  // the sequence length follows the set's [T, D] too
  expect(json.model).toMatchObject({ family: 'seq-average', config: { steps: 4, codeSize } });
  await dialog.getByTestId('run-json-toggle').click();
  await shot(page, 'use-in-new-run');

  await dialog.getByTestId('run-start').click();
  await expect(dialog).toBeHidden();
  const item = page.locator('[data-testid="run-item"][data-name^="S002-seq-average"]');
  await expect(item).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
});
