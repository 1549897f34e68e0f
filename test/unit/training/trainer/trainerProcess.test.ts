import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FromTrainer, ToTrainer } from '../../../../src-main/training/trainer/protocol.js';
import { TrainerHost } from '../../../../src-main/training/trainer/trainerHost.js';
import { removeSyntheticRuns, syntheticRun, tinyConfig } from './fixtures.js';

const hosts: TrainerHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.dispose()));
});
afterAll(removeSyntheticRuns);

/** Runs one train message to the end (or until `stop` returns true) and collects the messages. */
async function train(msg: ToTrainer, stop?: (m: FromTrainer) => boolean, env?: NodeJS.ProcessEnv): Promise<FromTrainer[]> {
  const host = new TrainerHost({ env, cancelGraceMs: 20_000 });
  hosts.push(host);
  host.start(msg);
  const got: FromTrainer[] = [];
  for await (const m of host.messages()) {
    got.push(m);
    if (stop?.(m)) {
      await host.dispose();
      break;
    }
  }
  return got;
}

const losses = (ms: FromTrainer[]): number[] => ms.flatMap((m) => (m.type === 'iter' ? [m.loss] : []));

describe('training process', () => {
  it('reports its backend first, trains, checkpoints and saves the best model; resume equals an uninterrupted run', async () => {
    const a = syntheticRun();
    const config = tinyConfig({ epochs: 2 });
    const full = await train({ type: 'train', runDir: a.runDir, config, resume: false, teacherDir: null, initDirs: {} });
    expect(full[0]!.type).toBe('backend');
    expect(['wasm', 'cpu']).toContain((full[0] as Extract<FromTrainer, { type: 'backend' }>).record.rung);
    const done = full.at(-1)!;
    expect(done.type).toBe('done');
    expect(done).toMatchObject({ epochs: 2 });
    expect(existsSync(join(a.runDir, 'best', 'model.json'))).toBe(true);
    expect(existsSync(join(a.runDir, 'checkpoints', 'checkpoint.json'))).toBe(true);
    const fullLosses = losses(full);
    expect(fullLosses).toHaveLength(4); // 8 clips / batch 4 x 2 epochs

    const b = syntheticRun();
    // killed at the first iteration of epoch 2 (global iteration 2), right after checkpoint 1
    const first: FromTrainer[] = [];
    await expect(train({ type: 'train', runDir: b.runDir, config, resume: false, teacherDir: null, initDirs: {} },
      (m) => { first.push(m); return false; }, { MWB_TRAINER_FAULT: 'exit@2' })).rejects.toThrow(/exited with code 3/);
    expect(first.filter((m) => m.type === 'checkpoint')).toHaveLength(1);
    const resumed = await train({ type: 'train', runDir: b.runDir, config, resume: true, teacherDir: null, initDirs: {} });
    const firstLosses = losses(first).slice(0, 2);
    const again = losses(resumed);
    expect(again).toHaveLength(2); // only epoch 2 ran
    expect(resumed.find((m) => m.type === 'iter')).toMatchObject({ epoch: 2 });
    const combined = [...firstLosses, ...again];
    combined.forEach((l, i) => expect(Math.abs(l - fullLosses[i]!)).toBeLessThanOrEqual(1e-6));
  });
});

describe('training process failures and stops', () => {
  it('an exit inside a step becomes an error naming the exit code; a thrown error keeps its message', async () => {
    const a = syntheticRun();
    const msg: ToTrainer = { type: 'train', runDir: a.runDir, config: tinyConfig({ epochs: 1 }), resume: false, teacherDir: null, initDirs: {} };
    await expect(train(msg, undefined, { MWB_TRAINER_FAULT: 'exit@1' })).rejects.toThrow(/exited with code 3/);
    const thrown = await train(msg, undefined, { MWB_TRAINER_FAULT: 'throw@0' });
    expect(thrown.at(-1)).toMatchObject({ type: 'error', message: 'Injected trainer fault at iteration 0' });
  });

  it('cancel stops within one batch and the process exits', async () => {
    const a = syntheticRun({ perClass: 8 });
    const host = new TrainerHost({ cancelGraceMs: 20_000 });
    hosts.push(host);
    host.start({ type: 'train', runDir: a.runDir, config: tinyConfig({ epochs: 5, batchSize: 2 }), resume: false, teacherDir: null, initDirs: {} });
    let cancelled = false;
    const seen: FromTrainer[] = [];
    for await (const m of host.messages()) {
      seen.push(m);
      if (m.type === 'iter' && !cancelled) {
        host.cancel();
        cancelled = true;
      }
    }
    // messages already in flight when the cancel was sent still arrive; the child itself stops
    // at the first batch boundary after the cancel reaches it
    const last = seen.at(-1)!;
    expect(last.type).toBe('cancelled');
    expect((last as Extract<FromTrainer, { type: 'cancelled' }>).itersAfterCancel).toBeLessThanOrEqual(1);
    expect(seen.filter((m) => m.type === 'iter').length).toBeLessThan(8 * 5);
  });

  it('a child that does not stop within the grace period is killed; nothing is left running', async () => {
    const a = syntheticRun({ perClass: 8 });
    const host = new TrainerHost({ cancelGraceMs: 1 });
    hosts.push(host);
    host.start({ type: 'train', runDir: a.runDir, config: tinyConfig({ epochs: 50, batchSize: 2 }), resume: false, teacherDir: null, initDirs: {} });
    const seen: FromTrainer[] = [];
    for await (const m of host.messages()) {
      seen.push(m);
      if (m.type === 'iter') host.cancel();
    }
    expect(seen.at(-1)!.type).toBe('cancelled');
    await host.dispose();
    expect(() => process.kill(host.pid!, 0)).toThrow(); // the process is gone
  });

  it('early stopping stops when the metric does not improve for `patience` epochs', async () => {
    const a = syntheticRun();
    // lr ~0: nothing changes, so val_loss never improves after the first epoch
    // without batch norm (its moving statistics would still move) the validation loss stays put
    const config = tinyConfig({ epochs: 6, optimizer: { type: 'sgd', lr: 1e-9 }, earlyStopping: { metric: 'val_loss', patience: 2, minDelta: 0.01 } },
      { model: { family: 'small-cnn', config: { inputSize: 16, widths: [4, 4, 6], denseUnits: 8, dropout: 0.5, classes: 2, batchNorm: false } } });
    const got = await train({ type: 'train', runDir: a.runDir, config, resume: false, teacherDir: null, initDirs: {} });
    const done = got.at(-1)!;
    expect(done).toMatchObject({ type: 'done', epochs: 3, stoppedEarly: true, bestEpoch: 1 });
  });
});
