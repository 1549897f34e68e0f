import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startTestServer, type TestServer } from './support/server';

// The Runs area end to end on the demo workspace with a stratified split: a field error from the
// core shown beside its field, a tiny small-cnn run started from the New run dialog (Advanced
// JSON keeps it tiny), its loss curve growing live, the run reaching `done`, evaluations on val
// and test with the confusion matrix, a prediction opening its clip, rename, a second run to
// compare and fuse, delete, and a recipe that needs a finished run started by picking it.
const shots = join(ROOT, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });
/** Screenshot with the jobs panel folded (it opens by itself when a job starts; a modal covers it). */
async function shot(page: Page, name: string): Promise<void> {
  const toggle = page.getByTestId('jobs-toggle');
  const modal = await page.locator('dialog[open]').count();
  if (!modal && (await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
  await page.screenshot({ path: join(shots, `60-runs-${name}.png`) });
}

/** `mwb` with a private app-data folder. */
function mwb(appData: string, ...args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin', 'mwb.js'), ...args], { cwd: ROOT, env: { ...process.env, MWB_APP_DATA: appData }, encoding: 'utf8' });
}

test.describe.configure({ mode: 'serial' });

let server: TestServer;
let tmp: string;
test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'mwb-runs-e2e-'));
  const ws = join(tmp, 'ws');
  const appData = join(tmp, 'app');
  mwb(appData, 'demo', ws, '--clips-per-class', '4');
  mwb(appData, 'split', 'create', ws, '--name', 'demo 50-25-25', '--strategy', 'stratified', '--ratios', '0.5,0.25,0.25', '--seed', '3');
  server = await startTestServer(ws);
});
test.afterAll(async () => {
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Rewrites the config in the Advanced (JSON) editor through `edit`. */
async function editJson(dialog: Locator, edit: (c: Record<string, any>) => void): Promise<void> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const area = dialog.getByTestId('run-json');
  if (!(await area.isVisible())) await dialog.getByTestId('run-json-toggle').click();
  const config = JSON.parse(await area.inputValue());
  edit(config);
  await area.fill(JSON.stringify(config, null, 2));
  await expect(dialog.getByTestId('run-json-error')).toHaveCount(0);
}

/** Opens New run, picks small-cnn and makes it tiny: 16 px, widths 4/6/8, batch 8, `epochs` epochs. */
async function tinyRun(page: Page, name: string, epochs: number): Promise<Locator> {
  const dialog = page.getByTestId('run-new-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('run-source-families').click();
  await dialog.locator('[data-testid="run-family"][data-id="small-cnn"]').click();
  await dialog.getByTestId('run-name').fill(name);
  await dialog.getByTestId('run-epochs').fill(String(epochs));
  await dialog.getByTestId('run-batch').fill('8');
  await dialog.getByTestId('run-lr').fill('0.01');
  await dialog.getByTestId('run-input-size').fill('16');
  await editJson(dialog, (c) => {
    c.model.config.widths = [4, 6, 8];
    c.training.seed = 7;
  });
  const json = JSON.parse(await dialog.getByTestId('run-json').inputValue());
  // The key fields wrote into the same config the JSON shows.
  expect(json.training).toMatchObject({ epochs, batchSize: 8, optimizer: { type: 'adam', lr: 0.01 } });
  expect(json.inputs[0]).toMatchObject({ kind: 'rgb-frame', size: 16 });
  expect(json.model).toMatchObject({ family: 'small-cnn', config: { inputSize: 16, widths: [4, 6, 8] } });
  return dialog;
}

/** Evaluates the shown run on `subset` and waits for its metrics. */
async function evaluate(page: Page, subset: 'val' | 'test'): Promise<Locator> {
  await page.getByTestId('run-evaluate').click();
  const dialog = page.getByTestId('run-evaluate-dialog');
  await dialog.getByTestId(`eval-subset-${subset}`).click();
  await dialog.getByTestId('eval-start').click();
  await expect(dialog).toBeHidden();
  const metrics = page.locator(`[data-testid="eval-metrics"][data-subset="${subset}"]`);
  await expect(metrics).toBeVisible({ timeout: 120_000 });
  return metrics;
}

/** Top-1 shown on the metric card, as a fraction. */
async function top1(page: Page): Promise<number> {
  const text = await page.getByTestId('eval-top1').locator('.c-value').innerText();
  expect(text).toMatch(/^\d+(\.\d)?%$/);
  return Number(text.replace('%', '')) / 100;
}

test('train a tiny run from the dialog, watch its curves, evaluate it', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto(server.url);
  await expect(page.getByTestId('backend-status')).not.toContainText(/checking/i, { timeout: 60_000 });
  await page.getByTestId('mode-runs').click();
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  await shot(page, 'empty');

  // Every read of stored curves, with how many loss points it returned.
  const metricReads: number[] = [];
  page.on('response', async (r) => {
    if (!r.url().includes('/api/runs:metrics')) return;
    const body = (await r.json().catch(() => null)) as { result?: { iters: unknown[] } } | null;
    metricReads.push(body?.result?.iters.length ?? -1);
  });

  await page.getByTestId('run-new-empty').click();
  const dialog = await tinyRun(page, 'tiny cnn', 2);
  await shot(page, 'new-dialog');
  // A value the core rejects comes back next to its field, and nothing is started.
  await dialog.getByTestId('run-epochs').fill('0');
  await dialog.getByTestId('run-start').click();
  await expect(dialog.locator('[data-testid="run-field-error"][data-field="epochs"]')).toContainText(/1/);
  await expect(page.getByTestId('run-item')).toHaveCount(0);
  await dialog.getByTestId('run-epochs').fill('2');
  await dialog.getByTestId('run-start').click();
  await expect(dialog).toBeHidden();

  const item = page.locator('[data-testid="run-item"][data-name="tiny cnn"]');
  await expect(item).toBeVisible();
  await expect(page.getByTestId('run-title')).toHaveText('tiny cnn');
  // The per-step loss curve fills in from progress events while the run trains: its stored
  // curves are read once, when it is selected (before its first step), and never again.
  const iterCurve = page.getByTestId('curve-iter-loss');
  await expect(iterCurve).toBeVisible({ timeout: 180_000 });
  await expect(item).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await expect(page.getByTestId('curve-epoch-acc')).toHaveAttribute('data-points', '2');
  const livePoints = Number(await iterCurve.getAttribute('data-points'));
  expect(metricReads).toHaveLength(1);
  expect(livePoints).toBeGreaterThan(metricReads[0]!);
  await expect(item).toContainText(/best \d+(\.\d)?%/);
  await shot(page, 'curves');

  // The live curve already had every step: after a reload the stored one has exactly as many.
  await page.reload();
  await expect(page.getByTestId('run-title')).toHaveText('tiny cnn');
  await expect.poll(async () => Number(await page.getByTestId('curve-iter-loss').getAttribute('data-points'))).toBe(livePoints);
  await page.getByTestId('run-tab-config').click();
  await expect(page.getByTestId('run-config')).toContainText('small-cnn');
  await expect(page.getByTestId('run-config')).toContainText('2 × 8');

  const val = await evaluate(page, 'val');
  await expect(val).toBeVisible();
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toHaveAttribute('data-classes', '8');
  const valTop1 = await top1(page);
  expect(valTop1).toBeGreaterThanOrEqual(0);
  expect(valTop1).toBeLessThanOrEqual(1);
  await evaluate(page, 'test');
  await expect(page.getByTestId('eval-select').locator('option')).toHaveCount(2);
  await expect(item).toContainText(/test \d+(\.\d)?%/);
  await expect(page.getByTestId('per-class-bars')).toBeVisible();
  await shot(page, 'evaluation');

  // Every prediction of the test subset; one opens its clip in the viewer beside the run.
  await page.getByTestId('pred-all').click();
  await expect(page.getByTestId('prediction-row')).toHaveCount(8); // 1 of 4 clips per class is in test
  const row = page.getByTestId('prediction-row').nth(1);
  await expect(row).toBeVisible();
  const clipId = await row.getAttribute('data-clip-id');
  await row.click();
  await expect(page.getByTestId('viewer')).toHaveAttribute('data-clip-id', clipId!);
  await expect(page.getByTestId('run-detail')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('viewer')).toHaveCount(0);

  await page.getByTestId('run-rename').click();
  await page.getByTestId('run-rename-input').fill('tiny cnn A');
  await page.getByTestId('run-rename-save').click();
  await expect(page.getByTestId('run-title')).toHaveText('tiny cnn A');
});

test('compare two runs, fuse them, delete one', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto(server.url);
  await expect(page.getByTestId('backend-status')).not.toContainText(/checking/i, { timeout: 60_000 });
  await page.getByTestId('mode-runs').click();
  await expect(page.locator('[data-testid="run-item"][data-name="tiny cnn A"]')).toBeVisible();
  await page.getByTestId('run-new').click();
  const dialog = await tinyRun(page, 'tiny cnn B', 1);
  await dialog.getByTestId('run-start').click();
  await expect(dialog).toBeHidden();
  const item = page.locator('[data-testid="run-item"][data-name="tiny cnn B"]');
  await expect(item).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await evaluate(page, 'test');

  for (const name of ['tiny cnn A', 'tiny cnn B']) {
    await page.locator('li', { has: page.locator(`[data-testid="run-item"][data-name="${name}"]`) }).getByTestId('run-pick').check();
  }
  await page.getByTestId('run-compare').click();
  const table = page.getByTestId('compare-table');
  await expect(table.getByTestId('compare-row')).toHaveCount(2);
  for (const r of await table.getByTestId('compare-row').all()) await expect(r.locator('td').nth(3)).toHaveText(/^\d+(\.\d)?%$/);
  await shot(page, 'compare');

  await page.getByTestId('run-fuse').click();
  const fuse = page.getByTestId('run-fuse-dialog');
  await fuse.getByTestId('fuse-mean').click();
  await fuse.getByTestId('fuse-name').fill('A + B mean');
  await fuse.getByTestId('fuse-start').click();
  await expect(fuse).toBeHidden({ timeout: 120_000 });
  await expect(page.getByTestId('run-title')).toHaveText('A + B mean');
  await page.getByTestId('run-tab-eval').click();
  await expect(page.locator('[data-testid="eval-metrics"][data-subset="test"]')).toBeVisible({ timeout: 60_000 });
  await top1(page);
  await expect(page.getByTestId('run-item')).toHaveCount(3);
  await page.locator('[data-testid="run-item"][data-name="tiny cnn A"]').click();
  await expect(page.getByTestId('curve-epoch-loss')).toHaveAttribute('data-points', '2');
  await shot(page, 'list');

  // Export run A's model to a folder and import it back as a run of its own.
  const exported = join(tmp, 'exported-a');
  await page.getByTestId('run-export').click();
  const exp = page.getByTestId('run-export-dialog');
  await exp.getByTestId('run-export-dir').fill(exported);
  await exp.getByTestId('run-export-start').click();
  await expect(exp.getByTestId('run-export-result')).toContainText('model.json');
  await exp.getByTestId('run-export-close').click();
  await page.getByTestId('run-import').click();
  const imp = page.getByTestId('run-import-dialog');
  await imp.getByTestId('run-import-dir').fill(exported);
  await imp.getByTestId('run-import-name').fill('A imported');
  await imp.getByTestId('run-import-start').click();
  await expect(imp).toBeHidden();
  await expect(page.getByTestId('run-title')).toHaveText('A imported');
  await expect(page.locator('[data-testid="run-item"][data-name="A imported"]')).toHaveAttribute('data-state', 'imported');

  await page.locator('[data-testid="run-item"][data-name="tiny cnn B"]').click();
  await page.getByTestId('run-delete').click();
  await page.getByTestId('run-delete-dialog').getByTestId('confirm-button').click();
  await expect(page.locator('[data-testid="run-item"][data-name="tiny cnn B"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="run-item"][data-name="tiny cnn A"]')).toBeVisible();
});

test('a recipe that needs a finished run starts by picking it, no JSON editing', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(server.url);
  await page.getByTestId('mode-runs').click();
  await expect(page.locator('[data-testid="run-item"][data-name="tiny cnn A"]')).toBeVisible();
  await page.getByTestId('run-new').click();
  const dialog = page.getByTestId('run-new-dialog');
  // A weights file is typed (browser mode has no native picker) and lands where the recipe takes it.
  await dialog.locator('[data-testid="run-recipe"][data-id="S000-resnet18-frozen"]').click();
  await expect(dialog.getByTestId('run-start-reason')).toHaveText('To start, enter the path of the ImageNet weights.');
  await dialog.getByTestId('run-need-file').fill('/weights/resnet18/model.json');
  await expect(dialog.getByTestId('run-start')).toBeEnabled();
  await dialog.getByTestId('run-json-toggle').click();
  expect(JSON.parse(await dialog.getByTestId('run-json').inputValue()).init[0].from).toEqual({ kind: 'file', path: '/weights/resnet18/model.json' });
  await dialog.getByTestId('run-json-toggle').click();
  await shot(page, 'new-dialog-file-need');

  // Class lists are picked from the workspace's classes.
  await dialog.locator('[data-testid="run-recipe"][data-id="S004-multitask"]').click();
  const [first, second] = [0, 1].map((i) => dialog.locator(`[data-testid="run-need"][data-path="objective.tasks.${i}.classIds"]`));
  await expect(first!.getByTestId('run-need-class')).toHaveCount(8);
  for (const [need, from] of [[first!, 0], [second!, 4]] as const) {
    for (const i of [from, from + 1]) await need.getByTestId('run-need-class').nth(i).click();
  }
  await expect(dialog.getByTestId('run-start')).toBeEnabled();
  await dialog.getByTestId('run-json-toggle').click();
  const tasks = JSON.parse(await dialog.getByTestId('run-json').inputValue()).objective.tasks as { classIds: number[] }[];
  expect(tasks.map((t) => t.classIds.length)).toEqual([2, 2]);
  await dialog.getByTestId('run-json-toggle').click();
  await shot(page, 'new-dialog-classes-need');

  await dialog.locator('[data-testid="run-recipe"][data-id="S001-transfer"]').click();
  const need = dialog.locator('[data-testid="run-need"][data-kind="run"]');
  await expect(need).toContainText('Spatial run');
  await expect(dialog.getByTestId('run-start')).toBeDisabled();
  await expect(dialog.getByTestId('run-start-reason')).toHaveText('To start, pick the spatial run.');
  await shot(page, 'new-dialog-run-need-missing');
  // Only finished small-cnn runs fit (not the fused run), newest first, with family and best metric.
  const options = need.locator('option:not([disabled])');
  await expect(options).toHaveText([/^A imported · small-cnn · /, /^tiny cnn A · small-cnn · val acc \d+(\.\d)?%$/]);
  const runA = Number(await options.filter({ hasText: 'tiny cnn A' }).getAttribute('value'));
  await need.locator('select').selectOption(String(runA));
  await expect(dialog.getByTestId('run-start-reason')).toHaveCount(0);
  await expect(dialog.getByTestId('run-start')).toBeEnabled();
  await dialog.getByTestId('run-name').fill('transfer from A');
  await dialog.getByTestId('run-epochs').fill('1');
  await dialog.getByTestId('run-batch').fill('8');
  await dialog.getByTestId('run-input-size').fill('16');
  // The JSON shows the picked run where the recipe takes it.
  await dialog.getByTestId('run-json-toggle').click();
  expect(JSON.parse(await dialog.getByTestId('run-json').inputValue()).init[0]).toMatchObject({ from: { kind: 'run', runId: runA }, sourcePrefix: 'block' });
  await dialog.getByTestId('run-json-toggle').click();
  await shot(page, 'new-dialog-run-need');
  await dialog.getByTestId('run-start').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('run-title')).toHaveText('transfer from A');
  await page.getByTestId('run-tab-config').click();
  await expect(page.getByTestId('run-config')).toContainText(`"runId":${runA}`);
  // Let its job end before the workspace goes (the default widths may not take A's weights: either end will do).
  await expect(page.locator('[data-testid="run-item"][data-name="transfer from A"]')).toHaveAttribute('data-state', /^(done|failed)$/, { timeout: 180_000 });
});
