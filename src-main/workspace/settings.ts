import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { RecentWorkspace } from '../ipc/contract.js';

/**
 * The per-user folder for settings and the default workspace. Electron passes its own
 * `userData`; under plain Node we follow the same platform conventions. `MWB_APP_DATA`
 * overrides both (tests, portable installs).
 */
export function defaultAppDataDir(): string {
  if (process.env.MWB_APP_DATA) return process.env.MWB_APP_DATA;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Motion Workbench');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Motion Workbench');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'motion-workbench');
}

const SettingsSchema = z.object({
  recent: z.array(z.object({ path: z.string(), openedAt: z.string() })).default([]),
  lastWorkspace: z.string().nullable().default(null),
});
type SettingsData = z.infer<typeof SettingsSchema>;

const MAX_RECENT = 12;

/** `settings.json` in the app-data folder: recent workspaces and the last one opened. */
export class Settings {
  private data: SettingsData;
  private readonly file: string;

  constructor(readonly appDataDir: string) {
    mkdirSync(appDataDir, { recursive: true });
    this.file = join(appDataDir, 'settings.json');
    this.data = this.load();
  }

  /** The default workspace folder, opened on first run. */
  get defaultWorkspace(): string {
    return join(this.appDataDir, 'default-workspace');
  }

  get lastWorkspace(): string | null {
    return this.data.lastWorkspace;
  }

  recent(): RecentWorkspace[] {
    return this.data.recent.map((r) => ({ path: r.path, name: basename(r.path), openedAt: r.openedAt, exists: existsSync(r.path) }));
  }

  /** Moves a workspace to the top of the recent list and remembers it for the next start. */
  touch(path: string): void {
    const openedAt = new Date().toISOString();
    this.data.recent = [{ path, openedAt }, ...this.data.recent.filter((r) => r.path !== path)].slice(0, MAX_RECENT);
    this.data.lastWorkspace = path;
    this.save();
  }

  private load(): SettingsData {
    if (!existsSync(this.file)) return SettingsSchema.parse({});
    try {
      return SettingsSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch (err) {
      // A damaged settings file must not stop the app: keep a copy for the user and start fresh.
      const backup = `${this.file}.broken-${Date.now()}`;
      renameSync(this.file, backup);
      console.warn(`Settings file ${this.file} was unreadable (${(err as Error).message}); moved it to ${backup}`);
      return SettingsSchema.parse({});
    }
  }

  private save(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 2));
    renameSync(tmp, this.file);
  }
}
