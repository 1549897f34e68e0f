import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputSpecSchema } from '../../../../src-main/training/data/inputSpec.js';
import { scratchWorkspace, timePreprocessing } from '../../../../src-main/training/eval/latency.js';
import { closeWorkspaces, demoWorkspace, type TestWorkspace } from '../data/demoWorkspace.js';

let t: TestWorkspace;

beforeAll(async () => {
  t = await demoWorkspace({ clipsPerClass: 1, size: 32, seconds: 1 }); // 8 tiny generated videos
}, 120_000);
afterAll(closeWorkspaces);

/** Files under a cache sub-folder of the real workspace. */
const cached = (sub: string): string[] => (existsSync(join(t.ws.cacheDir, sub)) ? readdirSync(join(t.ws.cacheDir, sub), { recursive: true }) as string[] : []);

describe('preprocessing latency', () => {
  it('a scratch view of the workspace keeps its database but puts caches elsewhere', () => {
    const view = scratchWorkspace(t.ws, join(t.root, 'scratch'));
    expect(view.cache('flow')).toBe(join(t.root, 'scratch', 'flow'));
    expect(view.cacheDir).toBe(join(t.root, 'scratch'));
    expect(view.db).toBe(t.ws.db);
    expect(t.ws.cache('flow')).toBe(join(t.ws.cacheDir, 'flow'));
  });

  it('makes RGB and flow inputs from the video for each timed clip, leaving no cache behind', async () => {
    const clipIds = (t.ws.db.prepare('SELECT id FROM clips ORDER BY id LIMIT 3').all() as { id: number }[]).map((r) => r.id);
    const before = { inputs: cached('inputs'), flow: cached('flow'), frames: cached('frames') };
    const specs = [inputSpecSchema.parse({ kind: 'rgb-frame', size: 16, frames: 2 }), inputSpecSchema.parse({ kind: 'flow-stack', size: 16, length: 2 })];
    const timing = await timePreprocessing(t.ws, specs, clipIds, { signal: new AbortController().signal, threads: 1 });
    expect(timing.failed).toEqual([]);
    expect(timing.clips).toBe(2); // the first clip warms the workers up
    expect(timing.msPerClip).toBeGreaterThan(0);
    expect({ inputs: cached('inputs'), flow: cached('flow'), frames: cached('frames') }).toEqual(before);
    expect(readdirSync(t.ws.cache('scratch'))).toEqual([]);
  });

  it('reports clips whose inputs cannot be made instead of timing them', async () => {
    const clipIds = (t.ws.db.prepare('SELECT id FROM clips ORDER BY id LIMIT 2').all() as { id: number }[]).map((r) => r.id);
    const dvs = inputSpecSchema.parse({ kind: 'dvs-stack3', size: 16 });
    const timing = await timePreprocessing(t.ws, [dvs], clipIds, { signal: new AbortController().signal, threads: 1 });
    expect(timing.clips).toBe(0);
    expect(timing.failed).toHaveLength(2);
    expect(timing.failed[0]).toMatch(/not an event recording/);
  });
});
