import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import '../../../src-main/jobs/kinds.js';
import { JobRunner } from '../../../src-main/jobs/runner.js';
import type { ImportReport, JobInfo } from '../../../src-main/ipc/contract.js';
import { Workspace } from '../../../src-main/workspace/workspace.js';
import { ffmpegSync, tempDir } from '../media/mediaTestUtils.js';

export { cleanTempDirs, ffmpegChildren, ffmpegSync, tempDir } from '../media/mediaTestUtils.js';

let template: string | null = null;

/**
 * Writes a real tiny video (0.2 s, 32x32, H.264 or MPEG-4 by extension) at `path`, creating its
 * folder. `pattern` varies the content (distinct fingerprints); the default copies one template.
 */
export function tinyVideo(path: string, pattern?: number): string {
  mkdirSync(dirname(path), { recursive: true });
  if (pattern === undefined) {
    if (!template || !existsSync(template)) { // temp folders are removed after each test
      template = join(tempDir('mwb-tiny-'), 'template.mp4');
      ffmpegSync(['-f', 'lavfi', '-i', 'testsrc=size=32x32:rate=10:duration=0.2', '-pix_fmt', 'yuv420p', template]);
    }
    copyFileSync(template, path);
    return path;
  }
  const src = `testsrc2=size=32x32:rate=10:duration=${(0.2 + pattern * 0.1).toFixed(1)}`;
  ffmpegSync(['-f', 'lavfi', '-i', src, '-pix_fmt', 'yuv420p', '-f', path.endsWith('.avi') ? 'avi' : 'mp4', path]);
  return path;
}

/** A still image (32x24 PNG or JPEG by extension; give `format` to write one under another name). */
export function tinyImage(path: string, format?: 'png' | 'mjpeg'): string {
  mkdirSync(dirname(path), { recursive: true });
  const codec = format ?? (path.endsWith('.png') ? 'png' : 'mjpeg');
  ffmpegSync(['-f', 'lavfi', '-i', 'testsrc=size=32x24', '-frames:v', '1', '-c:v', codec, '-f', 'image2', path]);
  return path;
}

/** A workspace in a temp folder with a job runner; `close()` disposes both. */
export function openTestWorkspace(): { ws: Workspace; runner: JobRunner; close(): Promise<void> } {
  const ws = Workspace.open(join(tempDir('mwb-ws-'), 'ws'));
  const runner = new JobRunner(ws, { jobChanged: () => undefined, clipsChanged: () => undefined });
  return {
    ws, runner,
    async close() {
      await runner.dispose();
      ws.close();
    },
  };
}

/** Runs a `dataset.import` job to its end; returns the job and its report. */
export async function runImport(runner: JobRunner, ws: Workspace, importer: string, options: Record<string, unknown>,
  extra: { probe?: boolean; batchSize?: number } = {}): Promise<{ job: JobInfo; report: ImportReport }> {
  const id = runner.enqueue('dataset.import', { importer, options, ...extra });
  const job = await runner.wait(id);
  if (job.state !== 'done') throw new Error(`import ${job.state}: ${job.error}`);
  return { job, report: JSON.parse(ws.jobs.get(id)!.result!) as ImportReport };
}

/** Every clip with its media path, label, group, view and status, by path. */
export function clipRows(ws: Workspace): { path: string; name: string; label: string | null; group: string | null; view: string | null; status: string; kind: string; start: number; end: number | null }[] {
  return ws.db.prepare(`SELECT m.path, k.name, c.name AS label, k.group_name AS "group", k.view, k.status, m.kind,
    k.start_s AS start, k.end_s AS "end" FROM clips k JOIN media m ON m.id = k.media_id LEFT JOIN classes c ON c.id = k.class_id
    ORDER BY m.path, k.start_s`).all() as ReturnType<typeof clipRows>;
}

/** Subset of each clip (by media path) in one split set. */
export function subsetsOf(ws: Workspace, set: string): Map<string, string> {
  const rows = ws.db.prepare(`SELECT m.path, a.subset FROM split_assignments a JOIN split_sets s ON s.id = a.split_set_id
    JOIN clips k ON k.id = a.clip_id JOIN media m ON m.id = k.media_id WHERE s.name = ?`).all(set) as { path: string; subset: string }[];
  return new Map(rows.map((r) => [r.path, r.subset]));
}
