import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeEventFile } from '../../../../src-main/datasets/importers/eventProbe.js';
import { openEventFile, summarise } from '../../../../src-main/motion/dvs/index.js';
import { HEAD_BYTES } from '../../../../src-main/motion/dvs/registry.js';
import { PROBE_SAMPLE_BYTES } from '../../../../src-main/motion/dvs/types.js';
import { aedat2Body, aedat2Header, aedat3Body, aedat3Header, csvFile, eventsOf, nmnistFile, randomEvents } from '../../../unit/motion/dvs/synth.js';
import { EVENT_FIXTURES, EXPECTED } from './expected.js';

// Import probes must not read headerless recordings whole: these files are ~10x the probe's
// sample, and their one out-of-sample event (at the end) makes the exact size larger than the
// estimate, so a probe that read everything would be caught twice.
let dir: string;
const MIB = 1 << 20;

/** Bytes read through any FileHandle while `run` runs (every reader and the fingerprint use FileHandle.read). */
async function bytesRead<T>(run: () => Promise<T>): Promise<{ value: T; bytes: number }> {
  const fh = await open(resolve(EVENT_FIXTURES, EXPECTED[0]!.file), 'r');
  const proto = Object.getPrototypeOf(fh) as { read: (...a: unknown[]) => Promise<{ bytesRead: number }> };
  await fh.close();
  const original = proto.read;
  let bytes = 0;
  proto.read = async function (this: unknown, ...a: unknown[]) {
    const r = await original.apply(this, a);
    bytes += r.bytesRead;
    return r;
  };
  try {
    return { value: await run(), bytes };
  } finally {
    proto.read = original;
  }
}

/** `ev` followed by one event at (x, y): the exact sensor is bigger than anything in the sample. */
function withLast(ev: ReturnType<typeof randomEvents>, x: number, y: number): ReturnType<typeof randomEvents> {
  const last = eventsOf([[ev.t[ev.length - 1]! + 1, x, y, 1]]);
  const cat = <A extends Float64Array | Uint16Array | Uint8Array>(a: A, b: A): A => {
    const c = new (a.constructor as new (n: number) => A)(a.length + 1);
    c.set(a);
    c.set(b, a.length);
    return c;
  };
  return { t: cat(ev.t, last.t), x: cat(ev.x, last.x), y: cat(ev.y, last.y), p: cat(ev.p, last.p), length: ev.length + 1 };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mwb-event-probe-'));
  writeFileSync(join(dir, 'big.bin'), nmnistFile(withLast(randomEvents(4_000_000, 34, 34, 7, 0, 2), 99, 40))); // 20 MB
  writeFileSync(join(dir, 'big.csv'), csvFile(withLast(randomEvents(1_000_000, 200, 100, 8), 345, 260))); // ~20 MB
  // No AEChip line, DAVIS words: the sample fits a DAVIS240, the last word needs a DAVIS346.
  const davis = randomEvents(2_500_000, 240, 180, 9);
  writeFileSync(join(dir, 'big.aedat'), Buffer.concat([aedat2Header(), aedat2Body(davis, 'davis', 240, 180),
    aedat2Body(eventsOf([[davis.t[davis.length - 1]! + 1, 0, 0, 1]]), 'davis', 346, 260)])); // 20 MB
  // A source device no table knows: packets, not words, so the sample ends at a packet boundary.
  writeFileSync(join(dir, 'big.aedat3'), Buffer.concat([aedat3Header('ProtoCam9'), aedat3Body(withLast(randomEvents(2_000_000, 200, 150, 10), 300, 200), 4096)])); // 16 MB
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('event-file probes read a bounded sample', () => {
  it.each([
    { file: 'big.bin', format: 'nmnist', probed: [34, 34], exact: [100, 41] },
    { file: 'big.csv', format: 'csv', probed: [200, 100], exact: [346, 261] },
    { file: 'big.aedat', format: 'aedat2', probed: [240, 180], exact: [346, 260] },
    { file: 'big.aedat3', format: 'aedat3', probed: [200, 150], exact: [301, 201] },
  ])('$file: header + at most the sample, size marked estimated; a full open is exact', async ({ file, format, probed, exact }) => {
    const path = join(dir, file);
    const { value: reader, bytes } = await bytesRead(() => openEventFile(path, { probe: true }));
    await reader.close();
    // Detection + the header reader's window + the sample (a packet format finishes its last packet: 32 KiB here).
    expect(bytes).toBeLessThanOrEqual(HEAD_BYTES + 1 * MIB + PROBE_SAMPLE_BYTES + (format === 'aedat3' ? 32 * 1024 + 28 : 0));
    expect({ format: reader.format, size: [reader.width, reader.height], estimated: reader.sizeEstimated }).toEqual({ format, size: probed, estimated: true });
    expect(reader.report.notes.join('\n')).toMatch(/probe: .*first 2 MiB.*full read gives the exact size/);

    // The counter sees every read: the full open scans the whole file for the exact size.
    const { value: full, bytes: fullBytes } = await bytesRead(() => openEventFile(path));
    expect(fullBytes).toBeGreaterThanOrEqual(statSync(path).size - 1024);
    try {
      expect({ size: [full.width, full.height], estimated: full.sizeEstimated }).toEqual({ size: exact, estimated: false });
    } finally {
      await full.close();
    }
  });

  it('the import probe of a big headerless file reads the sample and the fingerprint only', async () => {
    const { value: probe, bytes } = await bytesRead(() => probeEventFile(join(dir, 'big.bin')));
    expect(probe).toMatchObject({ status: 'ok', codec: 'nmnist', width: 34, height: 34 });
    expect(bytes).toBeLessThanOrEqual(HEAD_BYTES + PROBE_SAMPLE_BYTES + 2 * MIB); // + fingerprint (first and last MiB)
  });

  it.each(EXPECTED)('$file: the probe gives the exact format and size of a small recording', async (exp) => {
    const path = resolve(EVENT_FIXTURES, exp.file);
    const reader = await openEventFile(path, { probe: true });
    await reader.close();
    expect({ format: reader.format, width: reader.width, height: reader.height, estimated: reader.sizeEstimated })
      .toEqual({ format: exp.format, width: exp.width, height: exp.height, estimated: false });
    expect(await probeEventFile(path)).toMatchObject({ status: 'ok', codec: exp.format, width: exp.width, height: exp.height });
  });

  it('a probe reader still streams every event (bounds-checked against the estimate)', async () => {
    const reader = await openEventFile(join(dir, 'big.bin'), { probe: true });
    try {
      const s = await summarise(reader);
      expect(s.events).toBe(4_000_000);
      expect(s.dropped).toEqual({ outOfRange: 1 });
    } finally {
      await reader.close();
    }
  });
});
