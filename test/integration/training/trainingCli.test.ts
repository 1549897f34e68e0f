import { afterEach, describe, expect, it } from 'vitest';
import { runMwb } from '../../helpers/cli.js';
import { removeTempDirs, tempDir } from '../../helpers/coreFixtures.js';

afterEach(removeTempDirs);

describe('mwb models and mwb doctor', () => {
  it('models --json lists every family with its inputs and description', () => {
    const r = runMwb(['models', '--json'], tempDir());
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; inputs: { shape: number[] }[]; description: string }[];
    expect(rows.map((x) => x.id)).toEqual(expect.arrayContaining(['small-cnn', 'resnet18', 'cnn3d', 'lstm-head']));
    const flow = rows.find((x) => x.id === 'cnn3d')!;
    expect(flow.inputs[0]!.shape).toEqual([16, 224, 224, 2]);
    expect(flow.description).toMatch(/flow/);
  });

  it('models lists each family with its inputs and config fields with their defaults', () => {
    const r = runMwb(['models'], tempDir());
    expect(r.status, r.stderr).toBe(0);
    const block = r.stdout.slice(r.stdout.indexOf('small-cnn'), r.stdout.indexOf('\n', r.stdout.indexOf('config', r.stdout.indexOf('small-cnn'))));
    expect(block).toMatch(/input frame \[224x224x3\]/);
    expect(block).toMatch(/config inputSize=224 .*widths=\[96,256,512\].*freeze=\{"mode":"none"\}/);
  });

  it('doctor --json reports the rung in use, why faster ones are missing and how to get them', () => {
    const r = runMwb(['doctor', '--json'], tempDir());
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { rung: string; device: string; versions: Record<string, string>; howToGetFaster: string[]; banner: string; ladder: unknown[] };
    expect(['tfjs-node-gpu', 'tfjs-node', 'wasm']).toContain(d.rung);
    expect(d.device).toBeTruthy();
    expect(Object.keys(d.versions)).toContain('@tensorflow/tfjs');
    expect(d.ladder).toHaveLength(4);
    if (d.rung === 'wasm') {
      expect(d.howToGetFaster.join('\n')).toMatch(/CUDA 11\.2 and cuDNN 8\.1/);
      expect(d.banner).toMatch(/^Training on wasm/);
    }
  });

  it('doctor prints a readable report, and a forced rung that is missing fails with the reason', () => {
    const ok = runMwb(['doctor', '--backend', 'cpu'], tempDir());
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Training backend: cpu\n {2}device {4}CPU, plain JavaScript/);
    const bad = runMwb(['doctor', '--backend', 'abacus'], tempDir());
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Unknown backend rung "abacus"/);
  });
});
