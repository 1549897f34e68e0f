import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSplitSet } from '../../../../src-main/datasets/splits/service.js';
import type { RunSummary } from '../../../../src-main/ipc/contract.js';
import { runMwb } from '../../../helpers/cli.js';
import { closeWorkspaces, demoWorkspace, type TestWorkspace } from '../data/demoWorkspace.js';

let t: TestWorkspace;
let wsDir: string;
let config: Record<string, unknown>;

beforeAll(async () => {
  t = await demoWorkspace({ clipsPerClass: 2, size: 32, seconds: 1 });
  const setId = createSplitSet(t.ws, { name: 'strat', strategy: 'stratified', params: { ratios: [0.5, 0.5, 0] }, seed: 1 }).id;
  const classIds = (t.ws.db.prepare('SELECT id FROM classes ORDER BY id LIMIT 2').all() as { id: number }[]).map((r) => r.id);
  config = {
    name: 'cli run', data: { splitSetId: setId, classIds }, inputs: [{ kind: 'rgb-frame', size: 16 }],
    model: { family: 'small-cnn', config: { inputSize: 16, widths: [3, 4, 4], denseUnits: 4, classes: 2 } },
    training: { epochs: 2, batchSize: 2, seed: 2 },
  };
  wsDir = t.ws.path;
  await t.runner.dispose();
  t.ws.close(); // the CLI opens (and locks) the workspace itself
}, 120_000);

afterAll(closeWorkspaces);

describe('mwb train / runs', () => {
  it('refuses a bad config listing every bad field', () => {
    const bad = join(t.root, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...config, training: { epochs: 0, batchSize: -1 } }));
    const r = runMwb(['train', '--config', bad, '--workspace', wsDir], join(t.root, 'appdata'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/training\.epochs/);
    expect(r.stderr).toMatch(/training\.batchSize/);
  });

  it('trains a run printing one line per epoch and a summary; runs list and show read it back', () => {
    const good = join(t.root, 'run.json');
    writeFileSync(good, JSON.stringify(config));
    const appData = join(t.root, 'appdata');
    const r = runMwb(['train', '--config', good, '--workspace', wsDir], appData);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.filter((l) => /^epoch \d\/2 +train loss [\d.]+ acc [\d.]+ +val loss [\d.]+ acc [\d.]+/.test(l))).toHaveLength(2);
    expect(r.stdout).toMatch(/Run \d+ "cli run" done: 2\/2 epochs, best epoch \d .*backend (WebAssembly|Plain JavaScript)/);
    const list = runMwb(['runs', 'list', '--json', '--workspace', wsDir], appData);
    const runs = JSON.parse(list.stdout) as RunSummary[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: 'cli run', state: 'done', epochsDone: 2, family: 'small-cnn' });
    const show = runMwb(['runs', 'show', String(runs[0]!.id), '--workspace', wsDir], appData);
    expect(show.stdout).toMatch(/epoch 2: train loss/);
    expect(runMwb(['runs', 'show', '99', '--workspace', wsDir], appData).stderr).toMatch(/No run 99/);
  });
});
