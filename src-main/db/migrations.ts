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
  {
    name: 'labeling: edit batches, clip/class audit history, multi-view links, tag index, filter indexes',
    up(db) {
      db.exec(`
        CREATE TABLE edit_batches (
          id INTEGER PRIMARY KEY,
          source TEXT NOT NULL,
          summary TEXT NOT NULL DEFAULT '',
          undoes INTEGER REFERENCES edit_batches(id) ON DELETE SET NULL,
          at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );

        -- No foreign key on clip_id: the history of a deleted clip stays, so undo can restore it.
        CREATE TABLE clip_history (
          id INTEGER PRIMARY KEY,
          clip_id INTEGER NOT NULL,
          batch_id INTEGER NOT NULL REFERENCES edit_batches(id) ON DELETE CASCADE,
          field TEXT NOT NULL CHECK (field IN ('label', 'group', 'view', 'status', 'tags', 'span', 'link',
            'name', 'created', 'deleted')),
          old_value TEXT,
          new_value TEXT,
          at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX clip_history_clip ON clip_history(clip_id, id);
        CREATE INDEX clip_history_batch ON clip_history(batch_id);

        -- Values are JSON {name, color}; null old = created, null new = deleted.
        CREATE TABLE class_history (
          id INTEGER PRIMARY KEY,
          class_id INTEGER NOT NULL,
          batch_id INTEGER NOT NULL REFERENCES edit_batches(id) ON DELETE CASCADE,
          old_value TEXT,
          new_value TEXT,
          at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX class_history_batch ON class_history(batch_id);
        CREATE INDEX class_history_class ON class_history(class_id, id);

        CREATE TABLE clip_links (
          clip_id INTEGER PRIMARY KEY REFERENCES clips(id) ON DELETE CASCADE,
          link_group INTEGER NOT NULL
        );
        CREATE INDEX clip_links_group ON clip_links(link_group);

        -- clips.tags (JSON) stays the source of truth; triggers keep this index table in step.
        CREATE TABLE clip_tags (
          tag TEXT NOT NULL,
          clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
          PRIMARY KEY (tag, clip_id)
        ) WITHOUT ROWID;
        CREATE INDEX clip_tags_clip ON clip_tags(clip_id);
        INSERT OR IGNORE INTO clip_tags (tag, clip_id)
          SELECT j.value, k.id FROM clips k, json_each(CASE WHEN json_valid(k.tags) THEN k.tags ELSE '[]' END) j
          WHERE j.type = 'text';
        CREATE TRIGGER clips_tags_insert AFTER INSERT ON clips BEGIN
          INSERT OR IGNORE INTO clip_tags (tag, clip_id)
            SELECT value, NEW.id FROM json_each(CASE WHEN json_valid(NEW.tags) THEN NEW.tags ELSE '[]' END)
            WHERE type = 'text';
        END;
        CREATE TRIGGER clips_tags_update AFTER UPDATE OF tags ON clips BEGIN
          DELETE FROM clip_tags WHERE clip_id = NEW.id;
          INSERT OR IGNORE INTO clip_tags (tag, clip_id)
            SELECT value, NEW.id FROM json_each(CASE WHEN json_valid(NEW.tags) THEN NEW.tags ELSE '[]' END)
            WHERE type = 'text';
        END;

        CREATE INDEX clips_name ON clips(name, id);
        CREATE INDEX clips_view ON clips(view);
        CREATE INDEX clips_status ON clips(status);
        CREATE INDEX split_assignments_subset ON split_assignments(split_set_id, subset, clip_id);
      `);
    },
  },
  {
    name: 'training: runs, per-epoch/iteration metrics, evaluations with per-clip predictions, code sets',
    up(db) {
      db.exec(`
        CREATE TABLE runs (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          recipe TEXT,
          -- the validated RunConfig (JSON): everything needed to repeat the run
          config TEXT NOT NULL,
          family TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'queued'
            CHECK (state IN ('queued', 'preparing', 'training', 'done', 'failed', 'cancelled', 'interrupted', 'imported')),
          job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
          split_set_id INTEGER REFERENCES split_sets(id) ON DELETE SET NULL,
          -- content hash of the split set when the run started
          split_hash TEXT,
          -- class names in label order (JSON array)
          labels TEXT,
          -- the backend rung, device and versions the run trained on (JSON)
          backend TEXT,
          -- runs/<id>/ relative to the workspace
          dir TEXT NOT NULL,
          epochs_done INTEGER NOT NULL DEFAULT 0,
          best_epoch INTEGER,
          best_metric REAL,
          params INTEGER,
          size_bytes INTEGER,
          error TEXT,
          notes TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          started_at TEXT,
          finished_at TEXT
        );
        CREATE INDEX runs_state ON runs(state);

        -- per-iteration (phase 'iter', epoch + iter) and per-epoch (phase 'train'/'val', iter NULL) values
        CREATE TABLE run_metrics (
          run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          epoch INTEGER NOT NULL,
          iter INTEGER,
          phase TEXT NOT NULL CHECK (phase IN ('iter', 'train', 'val')),
          name TEXT NOT NULL,
          value REAL NOT NULL
        );
        CREATE INDEX run_metrics_run ON run_metrics(run_id, phase, name, epoch, iter);

        CREATE TABLE evaluations (
          id INTEGER PRIMARY KEY,
          run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
          split_set_id INTEGER REFERENCES split_sets(id) ON DELETE SET NULL,
          subset TEXT NOT NULL,
          -- which weights: 'best' or 'last'
          checkpoint TEXT NOT NULL DEFAULT 'best',
          -- EvaluationMetrics (JSON): top1/top5, per class, confusion, clip/video accuracy, loss, latency, size
          metrics TEXT NOT NULL,
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX evaluations_run ON evaluations(run_id);

        CREATE TABLE predictions (
          evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
          clip_id INTEGER NOT NULL,
          label INTEGER NOT NULL,
          predicted INTEGER NOT NULL,
          -- float32 little-endian class probabilities (mean over the clip's views)
          probs BLOB NOT NULL,
          PRIMARY KEY (evaluation_id, clip_id)
        ) WITHOUT ROWID;

        -- per-clip backbone codes (S002) cached under cache/codes/<key>/
        CREATE TABLE code_sets (
          key TEXT PRIMARY KEY,
          source TEXT NOT NULL,
          layer TEXT NOT NULL,
          -- the input spec the backbone saw (JSON) and the code shape [T, D]
          input TEXT NOT NULL,
          shape TEXT NOT NULL,
          clips INTEGER NOT NULL DEFAULT 0,
          job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
      `);
    },
  },
];
