import { Menu, dialog, type BrowserWindow } from 'electron';

/** The application menu: standard roles, nothing the UI does not also offer. */
export function setupMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate([
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]));
}

/** The native file picker behind a file field's **Browse…** (a weights file for a recipe). */
export async function pickFile(win: BrowserWindow | null, { title, extensions }: { title?: string; extensions?: string[] }): Promise<string | null> {
  const filters = [...(extensions?.length ? [{ name: extensions.join(', '), extensions }] : []), { name: 'All files', extensions: ['*'] }];
  const opts = { title: title ?? 'Choose a file', properties: ['openFile'] as Array<'openFile'>, filters };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return r.canceled ? null : r.filePaths[0] ?? null;
}

/** The native folder picker behind **Open workspace…**. */
export async function pickFolder(win: BrowserWindow | null): Promise<string | null> {
  const opts = { title: 'Open workspace', properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return r.canceled ? null : r.filePaths[0] ?? null;
}
