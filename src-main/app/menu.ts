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

/** The native folder picker behind **Open workspace…**. */
export async function pickFolder(win: BrowserWindow | null): Promise<string | null> {
  const opts = { title: 'Open workspace', properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return r.canceled ? null : r.filePaths[0] ?? null;
}
