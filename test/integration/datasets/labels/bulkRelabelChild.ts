// Child process for the crash-safety test: bulk-relabels every clip of a workspace through the real
// edit path, and is killed with SIGKILL by the parent in the middle of it.
//   hold <db>: relabels inside an outer transaction, prints "inside" and waits there (never commits)
//   loop <db>: relabels all clips again and again (alternating classes), printing "commit <n>"
import { openDatabase } from '../../../../src-main/db/connection.js';
import { updateClips } from '../../../../src-main/datasets/labels/edits.js';

const [mode, file] = process.argv.slice(2) as ['hold' | 'loop', string];
const db = openDatabase(file);
const ids = (db.prepare('SELECT id FROM clips ORDER BY id').all() as { id: number }[]).map((r) => r.id);

if (mode === 'hold') {
  db.transaction(() => {
    updateClips(db, ids, { label: 'walk', addTags: ['relabelled'] }, 'bulk');
    process.stdout.write('inside\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
  })();
} else {
  process.stdout.write('start\n');
  for (let n = 0; ; n++) {
    updateClips(db, ids, { label: n % 2 === 0 ? 'walk' : 'run' }, 'bulk');
    process.stdout.write(`commit ${n}\n`);
  }
}
