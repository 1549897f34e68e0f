import type Database from 'better-sqlite3';

/** One schema step; migration N (1-based) takes `user_version` from N-1 to N. Never edit a shipped one. */
export interface Migration {
  name: string;
  up(db: Database.Database): void;
}

/** The workspace schema history, oldest first. Other areas append their own steps. */
export const MIGRATIONS: readonly Migration[] = [
  {
    name: 'core tables: media, classes, clips, jobs',
    up(db) {
      db.exec(`
        CREATE TABLE media (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL UNIQUE,
          status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'ok', 'error', 'missing')),
          error TEXT,
          duration REAL,
          fps REAL,
          frame_count INTEGER,
          width INTEGER,
          height INTEGER,
          codec TEXT,
          rotation INTEGER NOT NULL DEFAULT 0,
          size_bytes INTEGER,
          fingerprint TEXT,
          thumb_path TEXT,
          probed_at TEXT,
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX media_fingerprint ON media(fingerprint);

        CREATE TABLE classes (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          color TEXT NOT NULL,
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );

        CREATE TABLE clips (
          id INTEGER PRIMARY KEY,
          media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          class_id INTEGER REFERENCES classes(id) ON DELETE SET NULL,
          start_s REAL NOT NULL DEFAULT 0 CHECK (start_s >= 0),
          end_s REAL CHECK (end_s IS NULL OR end_s > start_s),
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          UNIQUE (media_id, start_s, end_s)
        );
        CREATE INDEX clips_class ON clips(class_id);
        CREATE INDEX clips_media ON clips(media_id);

        CREATE TABLE jobs (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          title TEXT NOT NULL,
          spec TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'queued'
            CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
          phase TEXT NOT NULL DEFAULT '',
          done INTEGER NOT NULL DEFAULT 0,
          total INTEGER NOT NULL DEFAULT 0,
          message TEXT NOT NULL DEFAULT '',
          error TEXT,
          result TEXT,
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          started_at TEXT,
          finished_at TEXT
        );
        CREATE INDEX jobs_state ON jobs(state);
      `);
    },
  },
  {
    name: 'datasets: clip group/view/tags/status, media kind/changed, split sets, imports',
    up(db) {
      db.exec(`
        ALTER TABLE clips ADD COLUMN group_name TEXT;
        ALTER TABLE clips ADD COLUMN view TEXT;
        ALTER TABLE clips ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE clips ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
          CHECK (status IN ('active', 'excluded', 'negative'));
        CREATE INDEX clips_group ON clips(group_name);

        ALTER TABLE media ADD COLUMN kind TEXT NOT NULL DEFAULT 'video'
          CHECK (kind IN ('video', 'image', 'events'));
        ALTER TABLE media ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;

        CREATE TABLE split_sets (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          strategy TEXT NOT NULL,
          params TEXT NOT NULL DEFAULT '{}',
          seed INTEGER,
          locked INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );

        CREATE TABLE split_assignments (
          split_set_id INTEGER NOT NULL REFERENCES split_sets(id) ON DELETE CASCADE,
          clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
          subset TEXT NOT NULL CHECK (subset IN ('train', 'val', 'test', 'unused')),
          fold INTEGER,
          PRIMARY KEY (split_set_id, clip_id)
        );
        CREATE INDEX split_assignments_clip ON split_assignments(clip_id);

        CREATE TABLE imports (
          id INTEGER PRIMARY KEY,
          job_id INTEGER UNIQUE REFERENCES jobs(id) ON DELETE SET NULL,
          importer TEXT NOT NULL,
          root TEXT NOT NULL,
          options TEXT NOT NULL DEFAULT '{}',
          report TEXT,
          cursor TEXT NOT NULL DEFAULT '{}',
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
      `);
    },
  },
];
