import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, openEventFile, summarise } from '../../../../src-main/motion/dvs/index.js';
import { EVENT_FIXTURES, EXPECTED, TRUNCATED_HEADER } from './expected.js';

describe('real event recordings (../shared/fixtures/events)', () => {
  it.each(EXPECTED)('$file decodes to the MANIFEST figures', async (exp) => {
    const path = resolve(EVENT_FIXTURES, exp.file);
    expect((await detectFormat(path)).id).toBe(exp.format);
    const reader = await openEventFile(path);
    try {
      const s = await summarise(reader);
      const { file: _file, ...figures } = exp;
      expect({ format: s.format, width: s.width, height: s.height, events: s.events, on: s.on, off: s.off, tFirst: s.tFirst, tLast: s.tLast }).toEqual(figures);
      expect(s.dropped).toEqual({});
    } finally {
      await reader.close();
    }
  });

  it('checks the time spans and side figures the MANIFEST states', async () => {
    const span = (f: string) => EXPECTED.find((e) => e.file === f)!;
    expect((span('dvxplorer_320x240.aedat4').tLast - span('dvxplorer_320x240.aedat4').tFirst) / 1e6).toBeCloseTo(0.59, 2);
    expect((span('gen3_640x480_evt2.raw').tLast - span('gen3_640x480_evt2.raw').tFirst) / 1e3).toBeCloseTo(50, 0);
    expect((span('translating_bar_synth.aedat').tLast - span('translating_bar_synth.aedat').tFirst) / 1e6).toBeCloseTo(9.9, 6);
    const evt2 = await openEventFile(resolve(EVENT_FIXTURES, 'gen3_640x480_evt2.raw'));
    expect((await summarise(evt2)).skipped).toEqual({ timeHigh: 3_126 });
    await evt2.close();
    const dvx = await openEventFile(resolve(EVENT_FIXTURES, 'dvxplorer_320x240.aedat4'));
    expect((await summarise(dvx)).skipped).toEqual({ imusPackets: 59 }); // TRIG is declared but has no packets
    await dvx.close();
    const bar = await openEventFile(resolve(EVENT_FIXTURES, 'translating_bar_synth.aedat'));
    expect((await summarise(bar)).notes.join()).toMatch(/DAVIS layout inferred/);
    await bar.close();
  });

  it('the truncated header gives a clear error naming the file and the byte offset', async () => {
    const path = resolve(EVENT_FIXTURES, TRUNCATED_HEADER);
    expect((await detectFormat(path)).id).toBe('aedat2');
    await expect(openEventFile(path)).rejects.toThrow(/truncated_header_davis346\.aedat: the AEDAT 2\.0 header is cut off at byte 599/);
  });
});
