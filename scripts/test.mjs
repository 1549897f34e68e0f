#!/usr/bin/env node
// `npm test`: every check the project has, in one command, ending with one summary line.
//   typecheck (vue-tsc) -> lint (eslint) -> unit + integration (vitest, real SQLite and ffmpeg)
//   -> build -> end-to-end (Playwright driving Debian's Chromium against browser mode).
// Without a Chromium the browser tests are skipped with a message, unless MWB_REQUIRE_BROWSER=1
// (set by .ci/run), where a missing browser fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${[cmd.replace(root + '/', ''), ...args].join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) failures.push(name);
  return r.status === 0;
}

function readJson(file) {
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return null; }
}

function chromium() {
  return [process.env.MWB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
    .find((p) => p && existsSync(p));
}

// Static checks count as one test each, so a type or lint error shows in the totals too.
for (const [name, cmd, args] of [['typecheck', bin('vue-tsc'), ['--noEmit', '-p', 'tsconfig.json']], ['lint', bin('eslint'), ['.']]]) {
  if (step(name, cmd, args)) totals.passed++; else totals.failed++;
}

const vitestJson = join(results, 'vitest.json');
rmSync(vitestJson, { force: true });
const unitOk = step('unit + integration', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
  totals.passed += v.numPassedTests ?? 0;
  totals.failed += v.numFailedTests ?? 0;
  totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} else if (!unitOk) totals.failed++;

const browser = chromium();
if (!browser) {
  const msg = 'no Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set MWB_CHROMIUM=/path/to/chrome, then run `npm test` again.';
  if (process.env.MWB_REQUIRE_BROWSER === '1') {
    console.log(`\n=== end-to-end: FAILED: ${msg}`);
    failures.push('end-to-end (no browser)');
    totals.failed++;
  } else {
    console.log(`\n=== end-to-end: SKIPPED: ${msg}`);
    totals.skipped++;
  }
} else if (step('build', bin('electron-vite'), ['build'])) {
  const e2eJson = join(results, 'e2e.json');
  rmSync(e2eJson, { force: true });
  const e2eOk = step('end-to-end', bin('playwright'), ['test'], { MWB_CHROMIUM: browser });
  const e = readJson(e2eJson);
  if (e?.stats) {
    totals.passed += (e.stats.expected ?? 0) + (e.stats.flaky ?? 0);
    totals.failed += e.stats.unexpected ?? 0;
    totals.skipped += e.stats.skipped ?? 0;
  } else if (!e2eOk) totals.failed++;
} else totals.failed++;

console.log(failures.length ? `\nFailed steps: ${failures.join(', ')}` : '\nAll steps passed.');
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length ? 1 : 0);
