import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeSetInfo, CodesPca } from '../../../../src-main/ipc/contract.js';
import { buildModel } from '../../../../src-main/training/models/index.js';
import { saveModelDir } from '../../../../src-main/training/models/modelFiles.js';
import { runMwb } from '../../../helpers/cli.js';
import { closeWorkspaces, demoWorkspace, type TestWorkspace } from './demoWorkspace.js';

let t: TestWorkspace;
let wsDir: string;
let modelDir: string;

beforeAll(async () => {
  t = await demoWorkspace({ clipsPerClass: 1, size: 24, seconds: 1 });
  const model = buildModel('small-cnn', { inputSize: 24, widths: [4, 6, 8], classes: 8 }).model;
  modelDir = join(t.root, 'backbone');
  await saveModelDir(model, modelDir);
  model.dispose();
  wsDir = t.ws.path;
  await t.runner.dispose();
  t.ws.close(); // the CLI opens (and locks) the workspace itself
}, 120_000);

afterAll(closeWorkspaces);

describe('mwb codes', () => {
  it('extracts codes from a model folder, lists the set and prints its PCA; errors say what to do', () => {
    const appData = join(t.root, 'appdata');
    const both = runMwb(['codes', 'extract', '--workspace', wsDir], appData);
    expect(both.status).toBe(1);
    expect(both.stderr).toMatch(/--run N .* or --model DIR/);
    expect(runMwb(['codes', 'list', '--workspace', wsDir], appData).stdout).toMatch(/No code sets yet: extract one with mwb codes extract/);

    const r = runMwb(['codes', 'extract', '--model', modelDir, '--size', '24', '--frames', '3', '--seconds', '1', '--workspace', wsDir], appData);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const key = /^Code set ([0-9a-f]{40})$/m.exec(r.stdout)?.[1];
    expect(key, r.stdout).toBeTruthy();
    expect(r.stdout).toMatch(/8 clips, codes \[3, \d+\] \(T x D\) from layer \S+ of .*backbone/);
    expect(r.stdout).toMatch(/8 written, 0 already cached, 0 failed/);

    const sets = JSON.parse(runMwb(['codes', 'list', '--json', '--workspace', wsDir], appData).stdout) as CodeSetInfo[];
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({ key, clips: 8, source: { kind: 'file', path: modelDir }, input: { frames: 3, size: 24, strategy: 'uniformFirstSeconds', seconds: 1 } });

    const pca = JSON.parse(runMwb(['codes', 'pca', key!.slice(0, 8), '--json', '--workspace', wsDir], appData).stdout) as CodesPca;
    expect(pca).toMatchObject({ key, points: 8, dims: sets[0]!.shape[1] });
    expect(pca.classes.map((c) => c.points.length)).toEqual(new Array(8).fill(1));
    const text = runMwb(['codes', 'pca', key!, '--workspace', wsDir], appData).stdout;
    expect(text).toMatch(/PCA of 8 mean codes \(D = \d+\): explained variance PC1 [\d.]+%, PC2 [\d.]+%/);
    expect(runMwb(['codes', 'pca', 'ffff', '--workspace', wsDir], appData).stderr).toMatch(/No code set ffff/);
  });
});
