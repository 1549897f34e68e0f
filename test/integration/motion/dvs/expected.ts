import { resolve } from 'node:path';
import { FIXTURES } from '../../../helpers/fixtures.js';

/** The real event recordings in ../shared/fixtures/events (see its MANIFEST.md). */
export const EVENT_FIXTURES = resolve(FIXTURES, 'events');

/**
 * What each fixture must decode to. Counts, sizes, spans and (where given) the polarity split are
 * the MANIFEST's figures from a separate parser; the splits the MANIFEST does not give were
 * checked independently (numpy over the raw bytes for .dat/.bin; the lz4 tool + Python struct
 * over every EVTS packet for the .aedat4) and are marked "independent".
 */
export interface FixtureExpectation {
  file: string;
  format: string;
  width: number;
  height: number;
  events: number;
  on: number;
  off: number;
  tFirst: number;
  tLast: number;
}

/** Every fixture except the truncated header (which must fail with a clear error). */
export const EXPECTED: FixtureExpectation[] = [
  // MANIFEST: 320x240, 111,954 polarity events over 0.59 s; ON/OFF independent.
  { file: 'dvxplorer_320x240.aedat4', format: 'aedat4', width: 320, height: 240, events: 111_954, on: 55_023, off: 56_931, tFirst: 1_605_537_493_718_345, tLast: 1_605_537_494_308_262 },
  // MANIFEST: 640x480, 539,481 CD events (171,626 OFF / 367,855 ON), about 50 ms.
  { file: 'gen3_640x480_evt2.raw', format: 'evt2', width: 640, height: 480, events: 539_481, on: 367_855, off: 171_626, tFirst: 1_317_888, tLast: 1_367_888 },
  // MANIFEST: 2,009 events, t 0..99,952 µs; ON/OFF independent; no geometry in the header: max + 1.
  { file: 'ncars_sample.dat', format: 'dat', width: 78, height: 42, events: 2_009, on: 1_350, off: 659, tFirst: 0, tLast: 99_952 },
  // MANIFEST: 4,325 events, 34x34; ON/OFF and times independent.
  { file: 'nmnist_sample.bin', format: 'nmnist', width: 34, height: 34, events: 4_325, on: 2_145, off: 2_180, tFirst: 654, tLast: 311_175 },
  // MANIFEST: 10,000 events, 9.9 s, all ON, DAVIS layout without an AEChip line (-> DAVIS240 size).
  { file: 'translating_bar_synth.aedat', format: 'aedat2', width: 240, height: 180, events: 10_000, on: 10_000, off: 0, tFirst: 100_000, tLast: 10_000_000 },
];

/** The header-only AEDAT 2.0 file cut inside its header. */
export const TRUNCATED_HEADER = 'truncated_header_davis346.aedat';
