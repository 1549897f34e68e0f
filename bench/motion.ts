// `bench/motion`: the motion-representation benchmarks in one run, as the issue lists them:
// optical flow next to OpenCV-Python (bench/flow.ts), event reading per format (bench/events.ts)
// and the video-to-events simulator (bench/dvsSim.ts). Each part prints its own table and writes
// its own bench/results/*.json; this script runs them in turn and writes a combined
// bench/results/motion.json that points at the three results with their goals.
//   node --import tsx bench/motion.ts [--quick]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const parts = [
  { id: 'flow', script: 'flow.ts', args: quick ? ['--quick'] : [], goal: 'Farneback pairs/s on both cores >= OpenCV-Python with its default threads' },
  { id: 'events', script: 'events.ts', args: quick ? ['2'] : [], goal: '>= 50 M events/s for AEDAT 2.0 and EVT 2.0' },
  { id: 'dvsSim', script: 'dvsSim.ts', args: quick ? ['--quick'] : [], goal: 'simulator frames/s (reported)' },
];

const summary: Record<string, unknown> = { date: new Date().toISOString(), quick };
for (const p of parts) {
  console.log(`\n### bench/${p.script} ${p.args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, p.script), ...p.args], { stdio: 'inherit' });
  const file = join(here, 'results', `${p.id}.json`);
  summary[p.id] = {
    goal: p.goal,
    exitCode: r.status,
    result: existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null,
  };
}
writeFileSync(join(here, 'results', 'motion.json'), JSON.stringify(summary, null, 2) + '\n');
console.log('\nWrote bench/results/motion.json');
