import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { openDatabase, type Db } from '../db/connection.js';
import { MediaRepo } from '../db/repos/mediaRepo.js';
import { ClipsRepo } from '../db/repos/clipsRepo.js';
import { ClassesRepo } from '../db/repos/classesRepo.js';
import { JobsRepo } from '../db/repos/jobsRepo.js';
import { SplitSetsRepo } from '../db/repos/splitSetsRepo.js';
import { ImportsRepo } from '../db/repos/importsRepo.js';
import type { WorkspaceCounts } from '../ipc/contract.js';

export const DB_FILE = 'workspace.sqlite';

/**
 * A workspace is a folder: `workspace.sqlite`, `cache/` (derived data, safe to delete) and
 * `runs/` (training output). Media stay where the user keeps them. Owns its database handle.
 */
export class Workspace {
  readonly db: Db;
  readonly media: MediaRepo;
  readonly clips: ClipsRepo;
  readonly classes: ClassesRepo;
  readonly jobs: JobsRepo;
  readonly splitSets: SplitSetsRepo;
  readonly imports: ImportsRepo;
  private closed = false;

  private constructor(readonly path: string) {
    this.db = openDatabase(join(path, DB_FILE));
    this.media = new MediaRepo(this.db);
    this.clips = new ClipsRepo(this.db);
    this.classes = new ClassesRepo(this.db);
    this.jobs = new JobsRepo(this.db);
    this.splitSets = new SplitSetsRepo(this.db);
    this.imports = new ImportsRepo(this.db);
  }

  /** Opens a folder as a workspace, creating the folder and its layout when missing. */
  static open(path: string): Workspace {
    const abs = resolve(path);
    if (existsSync(abs) && !statSync(abs).isDirectory()) {
      throw new Error(`${abs} is a file, not a folder: choose a folder to open as a workspace`);
    }
    try {
      mkdirSync(abs, { recursive: true });
    } catch (err) {
      throw new Error(`Cannot create workspace folder ${abs}: ${(err as Error).message}`, { cause: err });
    }
    for (const sub of ['cache', 'runs']) mkdirSync(join(abs, sub), { recursive: true });
    return new Workspace(abs);
  }

  get name(): string {
    return basename(this.path);
  }

  get cacheDir(): string {
    return join(this.path, 'cache');
  }

  get runsDir(): string {
    return join(this.path, 'runs');
  }

  /** A sub-folder of the cache, created on demand (e.g. `cache('thumbs')`). */
  cache(sub: string): string {
    const dir = join(this.cacheDir, sub);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  counts(): WorkspaceCounts {
    return {
      media: this.media.count(),
      clips: this.clips.count(),
      classes: this.classes.count(),
      jobs: this.jobs.count(),
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
