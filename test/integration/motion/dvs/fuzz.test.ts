import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEventFile, summarise } from '../../../../src-main/motion/dvs/index.js';
import { openFilesUnder, removeTempDirs, tempDir } from '../../../helpers/coreFixtures.js';
import { Evt3Encoder, aedat3Body, aedat3Header, csvFile, randomEvents, rawHeader, rng } from '../../../unit/motion/dvs/synth.js';
import { EVENT_FIXTURES, EXPECTED, TRUNCATED_HEADER } from './expected.js';

/**
 * Truncated and byte-flipped copies of every fixture (and of synthetic AEDAT 3.1 / EVT 3.0 / CSV
 * files) must each resolve or reject with a plain Error naming the file, within a time bound:
 * never a TypeError/RangeError from inside a reader, never a hang. MWB_FUZZ_CASES raises the
 * number of copies per file (default 12 truncations + 12 flip sets, seeded).
 */

const CASES = Number(process.env.MWB_FUZZ_CASES ?? 12);
const BOUND_MS = 10_000;

afterAll(removeTempDirs);

const ev = randomEvents(3000, 128, 128, 77, 0, 30);
const synthetic: [string, Buffer][] = [
  ['synth.aedat', Buffer.concat([aedat3Header('DVS128'), aedat3Body(ev, 500)])],
  ['synth.raw', Buffer.concat([rawHeader(3, 128, 128), new Evt3Encoder().encode(ev)])],
  ['synth.csv', Buffer.from(csvFile(ev))],
];
const originals: [string, Buffer][] = [
  ...[...EXPECTED.map((e) => e.file), TRUNCATED_HEADER].map((f): [string, Buffer] => [f, readFileSync(resolve(EVENT_FIXTURES, f))]),
  ...synthetic,
];

/** Opens and summarises `path`; returns 'ok' or the error, failing if it takes longer than the bound. */
async function tryRead(path: string): Promise<'ok' | Error> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`HANG: ${path} took over ${BOUND_MS} ms`)), BOUND_MS); });
  const work = (async () => {
    const reader = await openEventFile(path);
    try {
      await summarise(reader);
    } finally {
      await reader.close();
    }
  })();
  try {
    await Promise.race([work, timeout]);
    return 'ok';
  } catch (err) {
    return err as Error;
  } finally {
    clearTimeout(timer);
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
  }
}

function expectClean(result: 'ok' | Error, name: string, what: string): void {
  if (result === 'ok') return;
  expect(result.message, what).not.toMatch(/^HANG/);
  expect(result.constructor, `${what}: ${result.stack}`).toBe(Error);
  expect(result.message, what).toContain(name);
}

describe.each(originals)('fuzzed copies of %s', (name, bytes) => {
  it('truncated at many offsets: an error naming the file, or fewer events', async () => {
    const dir = tempDir('mwb-fuzz-');
    const r = rng(bytes.length);
    const cuts = new Set<number>([0, 1, 13, 17, 18, 40, bytes.length - 1]);
    while (cuts.size < CASES + 7) cuts.add(Math.floor(r() * bytes.length));
    for (const cut of cuts) {
      const path = join(dir, name);
      writeFileSync(path, bytes.subarray(0, Math.min(cut, bytes.length)));
      expectClean(await tryRead(path), name, `cut at ${cut}`);
      expect(openFilesUnder(dir), 'a failed open must close its file').toEqual([]);
    }
  });

  it('with random byte flips (seeded): never a crash or hang', async () => {
    const dir = tempDir('mwb-fuzz-');
    const r = rng(bytes.length * 31 + 7);
    for (let c = 0; c < CASES; c++) {
      const copy = Buffer.from(bytes);
      const flips = 1 + Math.floor(r() * 8);
      for (let f = 0; f < flips; f++) {
        const near = r() < 0.5 ? Math.min(copy.length, 4096) : copy.length; // half the flips hit headers
        const at = Math.floor(r() * near);
        copy[at] = r() < 0.5 ? copy[at]! ^ (1 << Math.floor(r() * 8)) : Math.floor(r() * 256);
      }
      const path = join(dir, name);
      writeFileSync(path, copy);
      expectClean(await tryRead(path), name, `flip set ${c}`);
      expect(openFilesUnder(dir), 'a failed open must close its file').toEqual([]);
    }
  });
});
