import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHANNELS } from '../../../src-main/ipc/contract';
import { ARG_SCHEMAS, isChannel, validateArgs, ValidationError } from '../../../src-main/ipc/schemas';
import { dispatch, HANDLERS } from '../../../src-main/ipc/handlers/index';
import { Workbench } from '../../../src-main/workspace/workbench';

describe('contract validation', () => {
  it('has a schema and a handler for every channel, and nothing else', () => {
    expect(Object.keys(ARG_SCHEMAS).sort()).toEqual([...CHANNELS].sort());
    expect(Object.keys(HANDLERS).sort()).toEqual([...CHANNELS].sort());
    expect(isChannel('clips:list')).toBe(true);
    expect(isChannel('__proto__')).toBe(false);
    expect(isChannel('toString')).toBe(false);
  });

  it('accepts valid payloads and normalises void ones', () => {
    expect(validateArgs('clips:list', { offset: 0, limit: 50, search: 'left' })).toEqual({ offset: 0, limit: 50, search: 'left' });
    expect(validateArgs('jobs:list', null)).toBeUndefined();
    expect(validateArgs('workspace:open', { path: '  /tmp/x ' })).toEqual({ path: '/tmp/x' });
  });

  it.each([
    ['clips:list', { offset: 0 }, /limit/],
    ['clips:list', { offset: 0, limit: 100000 }, /limit/],
    ['clips:get', { id: 'one' }, /id/],
    ['clips:get', { id: 1.5 }, /id/],
    ['jobs:cancel', { id: 1, extra: 1 }, /extra|unrecognized/i],
    ['workspace:open', { path: '' }, /path/],
    ['demo:create', { clipsPerClass: 0 }, /clipsPerClass/],
    ['jobs:list', { anything: 1 }, /payload/],
  ] as const)('rejects %s %j', (channel, payload, message) => {
    expect(() => validateArgs(channel, payload)).toThrow(ValidationError);
    expect(() => validateArgs(channel, payload)).toThrow(message);
  });

  it('dispatch reports validation and handler errors as data, never throws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mwb-dispatch-'));
    const workbench = new Workbench(dir);
    try {
      const ctx = { workbench, host: { mode: 'browser' as const, modeReason: null } };
      const bad = await dispatch('clips:get', { id: -3 }, ctx);
      expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
      const missing = await dispatch('clips:get', { id: 42 }, ctx);
      expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/42/) } });
      const ok = await dispatch('clips:list', { offset: 0, limit: 10 }, ctx);
      expect(ok).toEqual({ ok: true, result: { total: 0, offset: 0, items: [] } });
    } finally {
      await workbench.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
