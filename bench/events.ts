/**
 * Event-file reading speed, in million events per second per format (goal: >= 50 M ev/s for
 * AEDAT 2.0 and EVT 2.0). Synthesises large files in a temp dir (default 20 M events; CSV and
 * AEDAT 3.1 fewer), reads each with the product reader (open + every batch, counting ON events so
 * nothing is optimised away), best of 5 runs with the page cache warm, prints a table and writes
 * bench/results/events.json. `rssMB` (resident memory after reading) shows that a file larger
 * than it never sits in memory. Run: `node --import tsx bench/events.ts [millions]`.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEventFile, writeAedat4, type EventBatch } from '../src-main/motion/dvs/index.js';
import {
  Evt2Encoder, Evt3Encoder, aedat2Body, aedat2Header, aedat3Body, aedat3Header, csvFile, datFile, nmnistFile, randomEvents, rawHeader,
} from '../test/unit/motion/dvs/synth.js';

const MILLION = 1_000_000;
const total = Math.round(Number(process.argv[2] ?? 20) * MILLION);
const CHUNK = MILLION;

/** The events of chunk k: 1 M events continuing in time from the previous chunk (seeded). */
function chunkEvents(k: number, n: number, width: number, height: number, maxStep = 5): EventBatch {
  return randomEvents(n, width, height, 1000 + k, k * CHUNK * (maxStep - 1) / 2, maxStep);
}

async function* chunks(count: number, width: number, height: number, maxStep = 5): AsyncGenerator<EventBatch> {
  for (let k = 0; k * CHUNK < count; k++) yield chunkEvents(k, Math.min(CHUNK, count - k * CHUNK), width, height, maxStep);
}

interface Case {
  id: string;
  file: string;
  events: number;
  make(path: string): Promise<void>;
}

async function writeChunks(path: string, head: Buffer, count: number, w: number, h: number, body: (ev: EventBatch) => Buffer | string, maxStep = 5): Promise<void> {
  writeFileSync(path, head);
  for await (const ev of chunks(count, w, h, maxStep)) appendFileSync(path, body(ev));
}

const small = Math.max(1, Math.round(total / 10));
const cases: Case[] = [
  { id: 'aedat2 (DAVIS346)', file: 'bench.aedat', events: total, make: (p) => writeChunks(p, aedat2Header('eu.seebetter.ini.chips.davis.Davis346red'), total, 346, 260, (ev) => aedat2Body(ev, 'davis', 346, 260)) },
  { id: 'evt2', file: 'bench2.raw', events: total, make: (p) => { const enc = new Evt2Encoder(); return writeChunks(p, rawHeader(2, 640, 480), total, 640, 480, (ev) => enc.encode(ev)); } },
  { id: 'evt3', file: 'bench3.raw', events: total, make: (p) => { const enc = new Evt3Encoder(); return writeChunks(p, rawHeader(3, 1280, 720), total, 1280, 720, (ev) => enc.encode(ev)); } },
  { id: 'aedat4 (LZ4)', file: 'bench.aedat4', events: total, make: async (p) => { await writeAedat4(p, chunks(total, 346, 260), { width: 346, height: 260, compression: 'lz4' }); } },
  { id: 'aedat4 (none)', file: 'benchn.aedat4', events: total, make: async (p) => { await writeAedat4(p, chunks(total, 346, 260), { width: 346, height: 260 }); } },
  { id: 'dat', file: 'bench.dat', events: total, make: (p) => writeDat(p) },
  { id: 'nmnist (.bin)', file: 'bench.bin', events: total, make: (p) => writeChunks(p, Buffer.alloc(0), total, 34, 34, (ev) => nmnistFile(ev), 1) },
  { id: 'aedat3', file: 'bench3.aedat', events: small, make: (p) => writeChunks(p, aedat3Header('DAVIS346B'), small, 346, 260, (ev) => aedat3Body(ev, 4096)) },
  { id: 'csv', file: 'bench.csv', events: small, make: (p) => writeChunks(p, Buffer.from('t,x,y,p\n'), small, 640, 480, (ev) => csvFile(ev).slice(8)) },
];

/** .dat: header once, then 8-byte bodies per chunk (datFile writes a header each call). */
async function writeDat(path: string): Promise<void> {
  writeFileSync(path, '% Version 2\n% Width 304\n% Height 240\n');
  appendFileSync(path, Buffer.from([0, 8]));
  for await (const ev of chunks(total, 304, 240)) {
    const whole = datFile(ev);
    appendFileSync(path, whole.subarray(whole.length - ev.length * 8));
  }
}

async function readOnce(path: string): Promise<{ seconds: number; events: number; on: number }> {
  const started = process.hrtime.bigint();
  const reader = await openEventFile(path);
  let events = 0, on = 0;
  try {
    for await (const b of reader.batches()) {
      events += b.length;
      for (let i = 0; i < b.length; i++) on += b.p[i]!;
    }
  } finally {
    await reader.close();
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, events, on };
}

const dir = mkdtempSync(join(tmpdir(), 'mwb-bench-events-'));
const results: { format: string; events: number; fileMB: number; seconds: number; mEventsPerS: number; mbPerS: number; rssMB: number }[] = [];
try {
  for (const c of cases) {
    const path = join(dir, c.file);
    await c.make(path);
    const bytes = statSync(path).size;
    let best = Infinity, events = 0, rss = 0;
    for (let run = 0; run < 5; run++) {
      const r = await readOnce(path);
      if (r.events !== c.events) throw new Error(`${c.id}: read ${r.events} events, wrote ${c.events}`);
      best = Math.min(best, r.seconds);
      events = r.events;
      rss = Math.max(rss, process.memoryUsage().rss);
    }
    const row = { format: c.id, events, fileMB: +(bytes / 1e6).toFixed(1), seconds: +best.toFixed(3), mEventsPerS: +(events / best / 1e6).toFixed(1), mbPerS: +(bytes / best / 1e6).toFixed(0), rssMB: Math.round(rss / 1e6) };
    results.push(row);
    console.log(`${row.format.padEnd(18)} ${String(row.events).padStart(10)} ev ${String(row.fileMB).padStart(7)} MB ${row.seconds.toFixed(3).padStart(7)} s ${String(row.mEventsPerS).padStart(7)} M ev/s ${String(row.mbPerS).padStart(6)} MB/s  rss ${row.rssMB} MB`);
    rmSync(path);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const out = resolve(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'events.json'), JSON.stringify({
  date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length,
  goal: '>= 50 M events/s for aedat2 and evt2', results,
}, null, 2) + '\n');
console.log(`wrote ${join(out, 'events.json')}`);
